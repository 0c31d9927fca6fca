"""Benchmark SHACL validation: a 100-triple new-facts file against the full graph, and the whole graph.

    python benchmarks/bench_validate.py              # 5 runs of each, medians
    python benchmarks/bench_validate.py --runs 9 --cli

Prints, as medians over the runs (seconds):

- **new facts, end to end**: what `celltx-kg validate FILE` does in-process: read the sources,
  load the file, validate the new facts with the graph (the nodes they mention, and the same nodes
  in the curated graph alone, so that old problems are not blamed on the file);
- **new facts, warm**: the same check with the curated graph and shapes already loaded
  (a `FactsValidator` reused, as the tests do for every fixture);
- **whole graph**: `celltx-kg validate` without a file, with and without reading the sources;
- with ``--cli``: the two commands as subprocesses (Python start-up and imports included).

The new-facts file is generated: products, approvals, studies and outcome measurements with
evidence, pointing at existing nodes (CD19, BCMA, B-ALL, the FDA), filled up to 100 triples.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from celltx_kg.namespaces import CELLTX, CELLTXD, PREFIXES

HEADER = f"""@prefix celltx: <{CELLTX}> .
@prefix celltxd: <{CELLTXD}> .
@prefix obo: <{PREFIXES['obo']}> .
@prefix prov: <{PREFIXES['prov']}> .
@prefix rdfs: <{PREFIXES['rdfs']}> .
@prefix unit: <{PREFIXES['unit']}> .
"""


def _evidence(quote: str) -> str:
    return (f'[ a celltx:Evidence ; prov:wasDerivedFrom celltxd:review ; celltx:locator "2.1.1" ; '
            f'celltx:citesReference 40 ; celltx:quote "{quote}"@zh ]')


def _blocks(i: int) -> list[str]:
    """A product, its approval, a trial and an outcome measurement (about 57 triples)."""
    antigen = ("cd19", "bcma")[i % 2]
    return [block.strip() + "\n" for block in f"""
celltxd:bench-product-{i} a celltx:CellTherapyProduct , celltx:AutologousCellTherapy ;
    rdfs:label "Bench product {i}"@en , "基准产品{i}"@zh ;
    celltx:hasEffectorCell [ a obo:CL_0000084 ] ;
    celltx:hasReceptor [ a celltx:SecondGenerationCAR ; celltx:bindsAntigen celltxd:{antigen} ;
                         celltx:hasCostimulatoryDomain celltxd:4-1bb-domain ] ;
    celltx:targetsAntigen celltxd:{antigen} ;
    celltx:developedBy celltxd:novartis ;
    celltx:indicatedFor celltxd:b-all ;
    celltx:hasEvidence {_evidence(f"基准产品{i}")} .

celltxd:bench-approval-{i} a celltx:RegulatoryApproval ;
    rdfs:label "Bench product {i}, FDA 2024"@en ;
    celltx:approvedProduct celltxd:bench-product-{i} ;
    celltx:grantedBy celltxd:fda ;
    celltx:year 2024 ;
    celltx:approvedForIndication celltxd:b-all ;
    celltx:hasEvidence {_evidence(f"基准批准{i}")} .

celltxd:bench-study-{i} a celltx:ClinicalTrial ;
    rdfs:label "Bench trial {i}"@en ;
    celltx:studiesTherapy celltxd:bench-product-{i} ;
    celltx:studiesCondition celltxd:b-all ;
    celltx:hasPhase celltxd:phase-2 ;
    celltx:enrolledCount 62 ;
    celltx:hasEvidence {_evidence(f"基准研究{i}")} .

celltxd:bench-outcome-{i} a celltx:OutcomeMeasurement ;
    rdfs:label "Bench ORR {i}"@en ;
    celltx:outcomeOf celltxd:bench-study-{i} ;
    celltx:measures celltxd:orr ;
    celltx:proportion 0.77 ;
    celltx:patientCount 48 ;
    celltx:denominator 62 ;
    celltx:valueText "77%" ;
    celltx:hasEvidence {_evidence(f"基准结局{i}")} .
""".split("\n\n")]


def new_facts_file(folder: Path, triples: int = 100) -> tuple[Path, int]:
    """A Turtle file of exactly ``triples`` triples: whole nodes, then other names to fill up."""
    from rdflib import Graph

    def count(text: str) -> int:
        return len(Graph().parse(data=text, format="turtle"))

    text, i = HEADER, 0
    while True:
        blocks = _blocks(i)
        for block in blocks:
            if count(text + block) > triples:
                break
            text += block
        else:
            i += 1
            continue
        break
    names = 0
    while count(text) < triples:
        names += 1
        text += f'celltxd:bench-product-0 <{PREFIXES["skos"]}altLabel> "BP-{names}"@en .\n'
    path = folder / "bench-new-facts.ttl"
    path.write_text(text, encoding="utf-8")
    return path, count(text)


def median_time(func, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument("--triples", type=int, default=100, help="size of the new-facts file (default 100)")
    parser.add_argument("--cli", action="store_true", help="also time the commands as subprocesses")
    args = parser.parse_args(argv)

    from celltx_kg.graph.build import build_graph, read_shapes
    from celltx_kg.graph.ingest import read_rdf_file
    from celltx_kg.shacl.validate import FactsValidator, validate_files, validate_graph

    with tempfile.TemporaryDirectory() as tmp:
        path, size = new_facts_file(Path(tmp), args.triples)
        graph, shapes = build_graph(), read_shapes()
        report = validate_files([path], graph, shapes)
        print(f"graph: {len(graph)} triples; shapes: {len(shapes)} triples; new facts: {size} triples "
              f"({report.count('violation')} violations, {report.count('warning')} warnings)")
        print(f"runs per measurement: {args.runs}; medians in seconds (min–max)")

        rows = []
        rows.append(("read the sources (build_graph)", *median_time(build_graph, args.runs)))
        rows.append(("new facts, end to end", *median_time(lambda: validate_files([path]), args.runs)))
        checker = FactsValidator(graph, shapes)
        new = read_rdf_file(path)
        rows.append(("new facts, warm (graph and shapes loaded)",
                     *median_time(lambda: checker.validate(new), args.runs)))
        rows.append(("whole graph, end to end", *median_time(lambda: validate_graph(), args.runs)))
        rows.append(("whole graph, graph and shapes loaded", *median_time(lambda: validate_graph(graph, shapes),
                                                                           args.runs)))
        if args.cli:
            def run(*cmd):
                subprocess.run([sys.executable, "-m", "celltx_kg", *cmd], capture_output=True, check=False)

            rows.append(("celltx-kg validate FILE (subprocess)", *median_time(lambda: run("validate", str(path)),
                                                                                args.runs)))
            rows.append(("celltx-kg validate (subprocess)", *median_time(lambda: run("validate"), args.runs)))
        width = max(len(r[0]) for r in rows)
        for name, median, times in rows:
            print(f"  {name:<{width}}  {median:7.3f}  ({min(times):.3f}–{max(times):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
