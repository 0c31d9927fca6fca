"""Load throughput into the Oxigraph server, and remote against embedded query latency.

    python benchmarks/bench_load.py [--size 1000000] [--repeat 5] [--json FILE]

Starts Oxigraph servers (on disk, 127.0.0.1, free ports) from the installed ``oxigraph``
package, loads the review graph (``--repeat`` times, median) and a synthetic graph of about
``--size`` triples (deterministic: ``benchmarks/synthetic.py``) through ``celltx_kg.load``
(lock, upload of a new version, aggregate verification, pointer switch, clean-up): a first
load, a reload of changed content (the previous version is kept) and a third load (the version
of two loads ago is dropped). Beside it, the offline bulk loader (``oxigraph load`` into a
stopped store) on the same file: the speed a load over HTTP is measured against. Then times
every saved query with its example parameters on the embedded store and over HTTP.
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
from celltx_kg.sparql.remote import query_form, remote_query, resolve_dataset
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
    runs = []
    for i in range(repeat):  # each run loads new content (one triple more), as a real reload does
        extra = f"<https://w3id.org/celltx/id/bench-run> <https://w3id.org/celltx/run> \"{i}\" .\n".encode()
        runs.append(load([Part(p.name, p.graph, p.data + extra, p.reader) for p in parts], urls, timeout=3600))
    med = {k: statistics.median(r.seconds[k] for r in runs) for k in runs[0].seconds}
    total = statistics.median(r.total_seconds for r in runs)
    triples = runs[0].triples
    return {"triples": triples, "mbytes": sum(len(p.data) for p in parts) / 1e6, "runs": repeat,
            "seconds": round(total, 3), **{f"{k}_s": round(v, 3) for k, v in med.items()},
            "triples_per_s": round(triples / total), "upload_triples_per_s": round(triples / med["upload"]),
            "each": [{"seconds": round(r.total_seconds, 3), "triples_per_s": round(r.triples / r.total_seconds),
                      **{f"{k}_s": round(v, 3) for k, v in r.seconds.items()}} for r in runs]}


def bench_bulk_loader(data: bytes, folder: Path) -> dict:
    """The offline bulk loader on the same N-Triples: the reference speed."""
    import subprocess

    from celltx_kg.stores.server import oxigraph_binary

    path = folder / "bulk.nt"
    path.write_bytes(data)
    t0 = time.perf_counter()
    subprocess.run([oxigraph_binary(), "load", "--location", str(folder / "bulk"), "--file", str(path),
                    "--graph", DEFAULT_GRAPH_IRI], check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    triples = data.count(b"\n")
    return {"triples": triples, "seconds": round(seconds, 3), "triples_per_s": round(triples / seconds)}


def example_params(query) -> dict[str, str]:
    return query.example_params


def bench_queries(server: OxigraphServer, repeat: int) -> list[dict]:
    store = open_store()
    dataset, _ = resolve_dataset(server.query_url)  # once, as a long-running client would
    rows = []
    for name, query in read_catalogue().items():
        params = example_params(query)
        bindings = bind_params(query, params, store)  # label look-up is not what is timed
        fmt = "turtle" if query_form(query.text) in ("CONSTRUCT", "DESCRIBE") else "table"
        out = {}
        for where, run in (("embedded", lambda: render(run_sparql(store, query.text, bindings), fmt)),
                           ("remote", lambda: render(remote_query(server.query_url, query.text, bindings, dataset=dataset), fmt))):
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
        with OxigraphServer(location=Path(tmp) / "review", union_default_graph=False).start() as server:
            results["load_review"] = bench_load(server, single_part(), args.repeat)
            results["queries"] = bench_queries(server, max(args.repeat, 10))
        data = synthetic(args.size)
        results["bulk_loader"] = bench_bulk_loader(data, Path(tmp))
        with OxigraphServer(location=Path(tmp) / "synthetic", union_default_graph=False).start() as server:
            parts = [Part("synthetic", DEFAULT_GRAPH_IRI, data)]
            results["load_synthetic"] = bench_load(server, parts, 3)  # first load, reload, third load

    cols = ["graph", "triples", "run", "total s", "lock s", "upload s", "verify s", "switch s", "cleanup s",
            "triples/s"]
    rows = []
    for label, r in (("review", results["load_review"]), ("synthetic", results["load_synthetic"])):
        for i, e in enumerate(r["each"]):
            rows.append([label, f"{r['triples']:,}", ("first", "reload", "third")[i] if label == "synthetic" else
                         str(i + 1), f"{e['seconds']:.2f}", f"{e['lock_s']:.2f}", f"{e['upload_s']:.2f}",
                         f"{e['verify_s']:.2f}", f"{e['switch_s']:.2f}", f"{e['cleanup_s']:.2f}",
                         f"{e['triples_per_s']:,}"])
    b = results["bulk_loader"]
    rows.append(["offline `oxigraph load`", f"{b['triples']:,}", "-", f"{b['seconds']:.2f}", "", "", "", "", "",
                 f"{b['triples_per_s']:,}"])
    print("Load into the Oxigraph server (new version, aggregate verification, pointer switch, clean-up)\n")
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
