"""The benchmark: the project's paths against the engines users would pick instead, by graph size.

    python -m benchmarks.bench --sizes 10000,100000 [--repeat 5] [--out bench-results] [--docs docs/performance.md]

At each size the same synthetic graph (:mod:`benchmarks.synthetic`, plus the ontology) is
loaded, queried with every saved query, validated, reasoned over and loaded into an Oxigraph
server, and each step is timed next to its baseline:

| step | project | baseline |
| --- | --- | --- |
| load | pyoxigraph on-disk store, bulk load | rdflib parse |
| each saved query | binding + checks + pyoxigraph, every row read: on the on-disk store (the CLI's) and on the copy in memory (the web workbench's), both `fixed` as `open_store` makes them | raw pyoxigraph on the same text and store; rdflib's engine |
| validation | celltx_kg.shacl.validate_graph | plain pySHACL on rdflib (up to 10^4) and with SPARQL on pyoxigraph (results compared one by one); rudof (pyrudof) |
| new facts | validate_new on 100 triples | the same at another size |
| reasoning | celltx_kg.reason (HermiT) | owlready2 sync_reasoner on the same graph |
| server load | celltx_kg.load (GSP, verified) | triples per second |
| memory | peak RSS of a process on the project's query path | 1 GiB |
| cold start | `celltx-kg query approved-products …` | `python -c "import pyoxigraph"` |

Project and baseline run in turn after a warm-up (:mod:`benchmarks.timing`); medians, spreads
and the load average go to ``bench.json``; ``bench.png`` plots them; ``--docs`` writes
docs/performance.md from the JSON (:mod:`benchmarks.report`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import report
from benchmarks.query_steps import bench_cold_start, bench_memory, bench_queries
from benchmarks.steps import bench_load, bench_reason, bench_server_load, bench_validate
from benchmarks.timing import load_average
from celltx_kg.sparql.store import fixed, release

#: Sizes (triples) up to which the slower baselines and steps run.
LIMITS = {"rdflib_load": 110_000, "rdflib_query": 110_000, "validate": 110_000, "pyshacl": 11_000,
          "pyshacl_oxigraph": 110_000, "rudof": 110_000, "reason": 110_000}  # a graph of 10^5 has a few triples more
STEPS = ("rdflib", "in-memory", "validate", "pyshacl", "pyshacl-oxigraph", "rudof", "reason", "server", "cold",
         "memory")


def _progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def make_dataset(size: int, folder: Path, seed: int = 42) -> dict:
    """Synthetic facts (with the types the build derives) + the ontology, as N-Triples files."""
    from benchmarks import synthetic
    from celltx_kg.graph.build import build_graph
    from celltx_kg.graph.serialize import serialize

    folder.mkdir(parents=True, exist_ok=True)
    ontology = serialize(build_graph(files=[], derive=True), "nt")  # with what the build derives on it
    facts = folder / "facts.nt"
    count = synthetic.write(facts, size, seed, derived=True)
    data = folder / "graph.nt"
    data.write_bytes(ontology + facts.read_bytes())
    new = folder / "new-facts.nt"
    synthetic.write_new_facts(new, seed + 1)
    # The reasoner starts from the facts without the derived types, as `celltx-kg reason` does.
    asserted = folder / "asserted.nt"
    synthetic.write(asserted, size, seed, derived=False)
    asserted.write_bytes(serialize(build_graph(files=[], derive=False), "nt") + asserted.read_bytes())
    return {"facts": facts, "graph": data, "new_facts": new, "triples": count, "asserted": asserted,
            "ontology_triples": ontology.count(b"\n")}


def open_dataset_store(path: Path, data: Path):
    import pyoxigraph as ox

    if not path.exists():
        store = ox.Store(str(path))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
    return fixed(ox.Store.read_only(str(path)))  # read-only, as open_store() gives it


def memory_store(data: Path):
    """The graph in a store in memory, loaded as ``open_store(memory=True)`` loads its copy."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    return fixed(store)


# ---------------------------------------------------------------- the run


def run(sizes: list[int], repeat: int = 5, out_dir: Path = Path("bench-results"), skip=frozenset(),
        work_dir: Path | None = None, rdflib_cap: float = 30.0, cold_runs: int = 15, slow_repeat: int = 1,
        reason_cap: float = 7200) -> dict:
    """Benchmark every step at each size; rdflib queries are stopped after ``rdflib_cap`` seconds."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {"machine": _machine(), "repeat": repeat, "sizes": {}, "targets": report.TARGETS}
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            _progress(f"{size:,} triples: generating")
            ds = make_dataset(size, folder)
            row = {"triples": ds["triples"], "ontology_triples": ds["ontology_triples"]}
            _progress(f"{size:,}: load")
            row["load"] = bench_load(ds, folder, slow_repeat, LIMITS["rdflib_load"])
            store = open_dataset_store(folder / "store", ds["graph"])
            rdflib_graph = None
            if "rdflib" not in skip and ds["triples"] <= LIMITS["rdflib_query"]:
                from rdflib import Graph

                rdflib_graph = Graph().parse(ds["graph"], format="nt")
            _progress(f"{size:,}: saved queries" + (" (with rdflib)" if rdflib_graph is not None else ""))
            row["queries"] = bench_queries(store, repeat, rdflib_graph, rdflib_cap)
            release(store)
            del store, rdflib_graph
            if "in-memory" not in skip:
                _progress(f"{size:,}: saved queries on the copy in memory")
                copy = memory_store(ds["graph"])
                row["queries_memory"] = bench_queries(copy, repeat)
                release(copy)
                del copy
                for name, q in row["queries_memory"].items():  # rdflib ran once, on the same text
                    q.update({k: v for k, v in row["queries"][name].items() if k.startswith("rdflib_")})
            if "memory" not in skip:
                row["memory"] = bench_memory(folder / "store")
            if "validate" not in skip and ds["triples"] <= LIMITS["validate"]:
                _progress(f"{size:,}: validation")
                row["validate"] = bench_validate(
                    ds, slow_repeat, 0 if "pyshacl" in skip else LIMITS["pyshacl"],
                    0 if "pyshacl-oxigraph" in skip else LIMITS["pyshacl_oxigraph"],
                    0 if "rudof" in skip else LIMITS["rudof"])
            if "reason" not in skip and ds["triples"] <= LIMITS["reason"]:
                _progress(f"{size:,}: reasoning")
                row["reason"] = bench_reason(ds, folder, reason_cap)
            if "server" not in skip:
                _progress(f"{size:,}: load into an Oxigraph server")
                row["server_load"] = bench_server_load(ds, folder, slow_repeat)
            results["sizes"][str(size)] = row
            _write(results, out_dir)
    if "cold" not in skip:
        _progress("cold start")
        results["cold_start"] = bench_cold_start(cold_runs)
    results["summary"] = report.summarise(results)
    _write(results, out_dir)
    report.plot(results, out_dir / "bench.png")
    _progress(f"wrote {out_dir / 'bench.json'} and {out_dir / 'bench.png'}")
    return results


def _machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(), "load": load_average()}


def _write(results: dict, out_dir: Path) -> None:
    (out_dir / "bench.json").write_text(json.dumps(results, indent=2, default=str) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated triple counts (default 10000,100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side, in turn (default 5)")
    parser.add_argument("--slow-repeat", type=int, default=1, help="timed runs of validation and loading (default 1)")
    parser.add_argument("--cold-runs", type=int, default=15, help="process starts of each side (default 15)")
    parser.add_argument("--out", type=Path, default=Path("bench-results"), help="folder for bench.json and bench.png")
    parser.add_argument("--skip", default="", help=f"comma-separated steps to leave out: {', '.join(STEPS)}")
    parser.add_argument("--rdflib-cap", type=float, default=30.0, help="seconds after which an rdflib query is stopped")
    parser.add_argument("--reason-cap", type=float, default=7200,
                        help="seconds after which the plain owlready2 reasoner run is stopped (then a lower bound)")
    parser.add_argument("--work-dir", type=Path, help="where the temporary stores go (default: the system's)")
    parser.add_argument("--docs", type=Path, help="also write this Markdown page (docs/performance.md) from the JSON")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(STEPS)
    if unknown:
        parser.error(f"unknown step {sorted(unknown)[0]!r}; steps: {', '.join(STEPS)}")
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes comma-separated integers, got {args.sizes!r}")
    results = run(sizes, args.repeat, args.out, skip, args.work_dir, args.rdflib_cap, args.cold_runs,
                  args.slow_repeat, args.reason_cap)
    if args.docs:
        args.docs.parent.mkdir(parents=True, exist_ok=True)
        report.write_docs(results, args.docs)  # the plot and JSON stay in --out
        _progress(f"wrote {args.docs}")
    print(report.text_report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
