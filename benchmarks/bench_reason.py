"""Benchmark `celltx-kg reason`: reasoner time over the review graph and over synthetic graphs.

    python benchmarks/bench_reason.py                       # review graph, 10^3 and 10^4 individuals
    python benchmarks/bench_reason.py --sizes 1000 --reasoners hermit --json out.json
    python benchmarks/bench_reason.py --plain --no-review --sizes 10000   # against plain owlready2

For each reasoner it measures, separately:

- **JVM start-up**: ``java -version`` (the bare Java runtime starting and exiting);
- **fixed cost**: a reasoner run on an empty ontology, which pays for the JVM, loading the
  reasoner's jars, and owlready2 writing its input and reading the answer;
- **each graph**: the same run over the graph. *Reasoning* is that run's time minus the fixed
  cost; *total* adds preparing the input in Python and loading it into owlready2.

Synthetic graphs follow the patterns of ``ontology/facts`` (products with an effector cell, a
receptor and evidence; approvals; diseases on ``celltx:broaderDisease`` chains under the disease
groups; antigens of several categories) and are generated deterministically from ``--seed``.
They are consistent, so the reasoner does the full work: classification and realisation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from celltx_kg.graph.build import build_graph, skolemize
from celltx_kg.namespaces import CELLTX, CELLTXD, PREFIXES
from celltx_kg.reason import check_java, prepare, reason

OBO = PREFIXES["obo"]
CELLS = {  # effector cell classes used by the review's therapies
    "t": OBO + "CL_0000084", "nk": OBO + "CL_0000623", "macrophage": OBO + "CL_0000235",
    "treg": OBO + "CL_0000815", "gdt": OBO + "CL_0000798", "nkt": OBO + "CL_0000814",
}
RECEPTORS = ["SecondGenerationCAR", "ChimericAntigenReceptor", "EngineeredTCR", "ThirdGenerationCAR"]
VARIANTS = [[], ["AutologousCellTherapy"], ["AllogeneicCellTherapy"], ["UniversalCellTherapy"],
            ["InVivoCellTherapy"], ["AutologousCellTherapy", "MultiTargetCellTherapy"]]
ANTIGEN_KINDS = [["OverexpressedAntigen"], ["DifferentiationAntigen"], ["Neoantigen"],
                 ["ViralAntigen", "TumourSpecificAntigen"], ["Autoantigen"]]
ROOTS = ["haematological-malignancy", "solid-tumour", "autoimmune-disease", "infectious-disease"]


def synthetic_graph(individuals: int, seed: int = 7):
    """The ontology plus about ``individuals`` synthetic individuals (deterministic for a seed)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    rng = random.Random(seed)
    facts = Graph()

    def c(name):
        return URIRef(CELLTX + name)

    def d(name):
        return URIRef(CELLTXD + name)

    def add(s, p, o):
        facts.add((s, p, o))

    count = 0

    def new(local, *classes):
        nonlocal count
        count += 1
        node = d(local)
        for cls in classes:
            add(node, RDF.type, c(cls))
        return node

    review = new("review", "SourceDocument")
    agencies = [new("fda", "RegulatoryAgency"), new("nmpa", "RegulatoryAgency")]
    new("cancer", "Disease")
    diseases = []
    for root in ROOTS:
        node = new(root, "Disease")
        if root in ("haematological-malignancy", "solid-tumour"):
            add(node, c("broaderDisease"), d("cancer"))
        diseases.append(node)
    payload, switch, costim = new("il-12-payload", "CytokinePayload"), new("icasp9", "SuicideGene"), \
        new("cd28-domain", "CostimulatoryDomain")
    antigens = []
    unit = 0
    while count < individuals:
        unit += 1
        if unit % 5 == 1 or not antigens:
            antigen = new(f"syn-antigen-{unit}", *rng.choice(ANTIGEN_KINDS))
            antigens.append(antigen)
        antigen = rng.choice(antigens)
        # A disease under a group or under an earlier synthetic disease: broaderDisease chains.
        disease = new(f"syn-disease-{unit}", "Disease")
        add(disease, c("broaderDisease"), rng.choice(diseases[:4] if rng.random() < 0.4 else diseases))
        diseases.append(disease)
        product = new(f"syn-product-{unit}", "CellTherapyProduct", *rng.choice(VARIANTS))
        cell, receptor, evidence = BNode(), BNode(), BNode()
        count += 3
        add(cell, RDF.type, URIRef(rng.choice(list(CELLS.values()))))
        add(receptor, RDF.type, c(rng.choice(RECEPTORS)))
        add(receptor, c("bindsAntigen"), antigen)
        if rng.random() < 0.2:
            add(receptor, c("hasPayload"), payload)
        if rng.random() < 0.1:
            add(receptor, c("hasSafetySwitch"), switch)
        if rng.random() < 0.5:
            add(receptor, c("hasCostimulatoryDomain"), costim)
        add(product, c("hasEffectorCell"), cell)
        add(product, c("hasReceptor"), receptor)
        add(product, c("targetsAntigen"), antigen)
        add(product, c("indicatedFor"), disease)
        add(product, c("hasEvidence"), evidence)
        add(evidence, RDF.type, c("Evidence"))
        add(evidence, URIRef(PREFIXES["prov"] + "wasDerivedFrom"), review)
        add(evidence, c("locator"), Literal("2.1.1"))
        add(evidence, c("citesReference"), Literal(rng.randint(1, 103), datatype=XSD.integer))
        if rng.random() < 0.3:
            approval = new(f"syn-approval-{unit}", "RegulatoryApproval")
            add(approval, c("approvedProduct"), product)
            add(approval, c("grantedBy"), rng.choice(agencies))
            add(approval, c("year"), Literal(rng.randint(2017, 2025), datatype=XSD.integer))
            add(approval, c("approvedForIndication"), disease)
    graph = build_graph(files=[], derive=False)
    graph += skolemize(facts)
    return graph


def jvm_startup(java: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([java, "-version"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def empty_graph():
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF

    g = Graph()
    g.add((URIRef(CELLTX + "bench-empty"), RDF.type, OWL.Ontology))
    return g


def measure(graph, reasoner: str, timeout: float, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        result = reason(graph, reasoner, timeout=timeout, explain=False)
        if not result.consistent:
            raise SystemExit(f"{reasoner}: the benchmark graph is inconsistent")
        runs.append(result.timings)
    best = min(runs, key=lambda t: t["reasoner"])
    return {"reasoner_run": best["reasoner"], "load": best["load"], "prepare": best["prepare"],
            "total": best["total"], "inferred_types": sum(len(v) for v in result.types.values())}


def compare_plain(name: str, graph, folder: Path) -> dict:
    """`reason` (HermiT) against a plain owlready2 run on the same graph: seconds, ratio, same inferences."""
    from benchmarks.steps import naive_owlready2, same_inferences
    from celltx_kg.reason import find_java

    start = time.perf_counter()
    result = reason(graph, "hermit", timeout=3600, explain=False)
    project = time.perf_counter() - start
    prepared = prepare(graph)
    plain = naive_owlready2(graph, folder, find_java().path, prepared.individuals, prepared.classes)
    out = {"graph": name, "individuals": len(prepared.individuals), "project_s": project,
           "plain_s": plain["naive_s"], "ratio": plain["naive_s"] / project, "load_average": os.getloadavg()}
    if "inferred" in plain:
        out.update(same_inferences(graph, result, plain["inferred"], prepared))
    print(f"  {name}: reason {project:.1f} s, plain owlready2 {plain['naive_s']:.1f} s, {out['ratio']:.2f}x; "
          f"same inferences: {out.get('same_inferences', 'not compared')}; load {out['load_average'][0]:.2f}",
          file=sys.stderr)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="synthetic individuals")
    ap.add_argument("--reasoners", nargs="*", default=["hermit", "pellet"], choices=["hermit", "pellet"])
    ap.add_argument("--no-review", action="store_true", help="skip the review graph")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs per graph; the fastest is kept")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--plain", action="store_true",
                    help="only compare `reason` (HermiT) with a plain owlready2 run on each graph")
    args = ap.parse_args(argv)

    graphs = [] if args.no_review else [("review", build_graph(derive=False))]
    graphs += [(f"synthetic {n}", synthetic_graph(n, args.seed)) for n in args.sizes]
    rows, doc = [], {"load_average": os.getloadavg(), "cpus": os.cpu_count(), "results": []}
    if args.plain:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            doc["results"] = [compare_plain(name, graph, Path(tmp)) for name, graph in graphs]
        if args.json:
            Path(args.json).write_text(json.dumps(doc, indent=2, default=list) + "\n")
        return 0
    for reasoner in args.reasoners:
        java = check_java(reasoner)
        startup = jvm_startup(java.executable)
        fixed = measure(empty_graph(), reasoner, args.timeout, max(args.repeat, 2))["reasoner_run"]
        doc["results"].append({"reasoner": reasoner, "java": java.describe(), "jvm_startup": startup,
                               "fixed_cost": fixed})
        print(f"{reasoner}: {java.describe()}; JVM start-up {startup:.2f} s; fixed cost (empty ontology) "
              f"{fixed:.2f} s", file=sys.stderr)
        for name, graph in graphs:
            individuals = len(prepare(graph).individuals)
            m = measure(graph, reasoner, args.timeout, args.repeat)
            reasoning = max(m["reasoner_run"] - fixed, 0.0)
            rows.append([reasoner, name, f"{len(graph):,}", f"{individuals:,}", f"{startup:.2f}", f"{fixed:.2f}",
                         f"{reasoning:.2f}", f"{m['total']:.2f}", f"{m['inferred_types']:,}"])
            doc["results"].append({"reasoner": reasoner, "graph": name, "triples": len(graph),
                                   "individuals": individuals, "reasoning": reasoning, **m})
            print(f"  {name}: {reasoning:.2f} s reasoning, {m['total']:.2f} s in all", file=sys.stderr)
    header = ["reasoner", "graph", "triples", "individuals", "JVM start (s)", "fixed cost (s)", "reasoning (s)",
              "total (s)", "inferred types"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nload average {doc['load_average'][0]:.2f} on {doc['cpus']} CPUs")
    if args.json:
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
