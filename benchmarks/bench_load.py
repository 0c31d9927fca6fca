"""Load throughput into the Oxigraph server, and remote against embedded query latency.

    python benchmarks/bench_load.py [--size 1000000] [--repeat 5] [--json FILE]

Starts Oxigraph servers (on disk, 127.0.0.1, free ports) from the installed ``oxigraph``
package, loads the review graph (``--repeat`` times, median) and a synthetic graph of about
``--size`` triples (deterministic: ``celltx_kg.synthetic``) through ``celltx_kg.load`` (upload to
a staging graph, read back and compare, MOVE), then times every saved query with its example
parameters on the embedded store and over HTTP (SPARQLWrapper), both rendered as a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from celltx_kg.namespaces import DEFAULT_GRAPH_IRI
from celltx_kg.sparql.bind import bind_params
from celltx_kg.sparql.catalogue import read_catalogue
from celltx_kg.sparql.remote import query_form, remote_query
from celltx_kg.sparql.render import render, table
from celltx_kg.sparql.run import run_sparql
from celltx_kg.sparql.store import open_store
from celltx_kg.stores.http import endpoints
from celltx_kg.stores.load import Part, load, single_part
from celltx_kg.stores.server import OxigraphServer


def synthetic(size: int) -> bytes:
    from benchmarks.synthetic import generate

    return ("\n".join(generate(size)) + "\n").encode()


def bench_load(server: OxigraphServer, parts: list[Part], repeat: int) -> dict:
    urls = endpoints(server.query_url)
    runs = [load(parts, urls, timeout=600) for _ in range(repeat)]
    med = {k: statistics.median(r.seconds[k] for r in runs) for k in runs[0].seconds}
    total = statistics.median(r.total_seconds for r in runs)
    triples = runs[0].triples
    return {"triples": triples, "mbytes": sum(len(p.data) for p in parts) / 1e6, "runs": repeat,
            "seconds": round(total, 3), **{f"{k}_s": round(v, 3) for k, v in med.items()},
            "triples_per_s": round(triples / total), "upload_triples_per_s": round(triples / med["upload"])}


def example_params(query) -> dict[str, str]:
    return query.example_params


def bench_queries(server: OxigraphServer, repeat: int) -> list[dict]:
    store = open_store()
    rows = []
    for name, query in read_catalogue().items():
        params = example_params(query)
        bindings = bind_params(query, params, store)  # label look-up is not what is timed
        fmt = "turtle" if query_form(query.text) in ("CONSTRUCT", "DESCRIBE") else "table"
        out = {}
        for where, run in (("embedded", lambda: render(run_sparql(store, query.text, bindings), fmt)),
                           ("remote", lambda: render(remote_query(server.query_url, query.text, bindings), fmt))):
            run()  # warm-up
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                run()
                times.append((time.perf_counter() - t0) * 1000)
            out[where] = statistics.median(times)
        rows.append({"query": name, "embedded_ms": round(out["embedded"], 2), "remote_ms": round(out["remote"], 2)})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="synthetic graph size in triples (about)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)

    results = {}
    with tempfile.TemporaryDirectory(prefix="celltx-bench-") as tmp:
        with OxigraphServer(location=Path(tmp) / "review").start() as server:
            results["load_review"] = bench_load(server, single_part(), args.repeat)
            results["queries"] = bench_queries(server, max(args.repeat, 10))
        data = synthetic(args.size)
        with OxigraphServer(location=Path(tmp) / "synthetic").start() as server:
            parts = [Part("synthetic", DEFAULT_GRAPH_IRI + "/synthetic", data)]
            results["load_synthetic"] = bench_load(server, parts, max(1, min(args.repeat, 2)))

    cols = ["graph", "triples", "MB", "runs", "total s", "upload s", "verify s", "swap s", "triples/s", "upload triples/s"]
    rows = [[label, f"{r['triples']:,}", f"{r['mbytes']:.1f}", str(r["runs"]), f"{r['seconds']:.2f}",
             f"{r['upload_s']:.2f}", f"{r['verify_s']:.2f}", f"{r['swap_s']:.2f}", f"{r['triples_per_s']:,}",
             f"{r['upload_triples_per_s']:,}"]
            for label, r in (("review", results["load_review"]), ("synthetic", results["load_synthetic"]))]
    print("Load into the Oxigraph server (staging upload, read-back comparison, MOVE); medians\n")
    print(table(cols, rows))
    qrows = [[q["query"], f"{q['embedded_ms']:.2f}", f"{q['remote_ms']:.2f}"] for q in results["queries"]]
    emb = statistics.median(q["embedded_ms"] for q in results["queries"])
    rem = statistics.median(q["remote_ms"] for q in results["queries"])
    qrows.append(["(median of all)", f"{emb:.2f}", f"{rem:.2f}"])
    print("Saved queries with their example parameters, rendered as a table: median ms\n")
    print(table(["query", "embedded ms", "remote ms"], qrows))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
