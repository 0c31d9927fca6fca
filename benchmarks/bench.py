"""The benchmark: the project's paths against the engines users would pick instead, by graph size.

At each size the same synthetic graph (:mod:`celltx_kg.synthetic`, plus the ontology) is
loaded, queried with every saved query, validated, reasoned over and loaded into an Oxigraph
server, and each step is timed next to its baseline:

| step | project | baseline |
| --- | --- | --- |
| load | pyoxigraph on-disk store, bulk load | rdflib parse |
| each saved query | run_saved (binding + pyoxigraph) | raw pyoxigraph with the same text; rdflib's SPARQL engine |
| validation | celltx_kg.validate (pySHACL, SPARQL constraints on pyoxigraph) | plain pySHACL |
| new facts | validate_new on 100 triples | whole-graph validation |
| reasoning | celltx_kg.reason (HermiT) | owlready2 sync_reasoner on the same graph |
| server load | celltx_kg.load (GSP, verified) | triples per second |
| memory | peak RSS of a process that opens the store and runs every query | 1 GiB |

Medians of ``repeat`` runs; the figures go to ``bench.json`` and ``bench.png``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Sizes (triples) at which the slower baselines still run by default.
LIMITS = {"rdflib_load": 100_000, "rdflib_query": 100_000, "validate": 100_000, "pyshacl": 100_000,
          "reason": 100_000}
TARGETS = {
    "query_vs_pyoxigraph": "every saved query within 1.2x of raw pyoxigraph at 10^4 and 10^6 triples",
    "query_vs_rdflib": "at least 30x faster than rdflib's SPARQL engine at 10^5 triples",
    "cold_start": "cold `celltx-kg query approved-products …` within 2x of `python -c 'import pyoxigraph'`",
    "new_facts": "validating 100 new triples in under a third of the whole-graph validation time",
    "validate_vs_pyshacl": "whole-graph validation at 10^5 triples at least 10x faster than plain pySHACL",
    "reason_vs_naive": "reasoning over 10^4 individuals at least 2x faster than a naive owlready2 HermiT run",
    "server_load": "loading 10^6 triples into an Oxigraph server at 100k triples/s or more, verified",
    "memory": "the 10^6-triple graph queried within 1 GiB resident",
}


def _progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(func, repeat: int = 3) -> tuple[float, object]:
    """Median wall time of ``repeat`` calls, and the last call's value."""
    times, value = [], None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


# ---------------------------------------------------------------- data


def make_dataset(size: int, folder: Path, seed: int = 42) -> dict:
    """Synthetic facts (with the types the build derives) + the ontology, as N-Triples files."""
    from benchmarks import synthetic
    from celltx_kg.graph.build import build_graph
    from celltx_kg.graph.serialize import serialize

    folder.mkdir(parents=True, exist_ok=True)
    ontology = serialize(build_graph(files=[], derive=False), "nt")
    facts = folder / "facts.nt"
    count = synthetic.write(facts, size, seed, derived=True)
    data = folder / "graph.nt"
    data.write_bytes(ontology + facts.read_bytes())
    new = folder / "new-facts.nt"
    synthetic.write_new_facts(new, seed + 1)
    return {"facts": facts, "graph": data, "new_facts": new, "triples": count,
            "ontology_triples": ontology.count(b"\n")}


def open_dataset_store(path: Path, data: Path):
    import pyoxigraph as ox

    if not path.exists():
        store = ox.Store(str(path))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
    return ox.Store.read_only(str(path))


# ---------------------------------------------------------------- steps


def bench_load(ds: dict, folder: Path, repeat: int) -> dict:
    import pyoxigraph as ox

    def project():
        target = Path(tempfile.mkdtemp(dir=folder)) / "store"
        store = ox.Store(str(target))
        store.bulk_load(path=str(ds["graph"]), format=ox.RdfFormat.N_TRIPLES)
        store.flush()

    out = {"project_s": timed(project, repeat)[0]}
    if ds["triples"] <= LIMITS["rdflib_load"]:
        from rdflib import Graph

        out["rdflib_s"] = timed(lambda: Graph().parse(ds["graph"], format="nt"), 1)[0]
    return out


def bound_queries(store) -> list[tuple]:
    """(name, final query text, saved query, bindings) for every saved query, required parameters
    bound to entities that exist in this dataset (the example's entity, else one of its class)."""
    import pyoxigraph as ox

    from celltx_kg.errors import CelltxError
    from celltx_kg.namespaces import PREFIX_BLOCK
    from celltx_kg.sparql.bind import resolve_iri, to_term, with_values
    from celltx_kg.sparql.catalogue import read_catalogue

    out = []
    for name, query in read_catalogue().items():
        bindings = {}
        for param in query.params:
            if not param.required:
                continue
            try:
                bindings[ox.Variable(param.name)] = to_term(store, param, param.example or "")
            except CelltxError:
                cls = resolve_iri(param.cls) if param.cls else None
                pattern = f"?e a/rdfs:subClassOf* {cls} ." if cls else "?e rdfs:label ?l ."
                rows = list(store.query(PREFIX_BLOCK + f"SELECT ?e WHERE {{ {pattern} }} LIMIT 1"))
                if rows:
                    bindings[ox.Variable(param.name)] = rows[0]["e"]
        out.append((name, with_values(query.text, bindings), query, bindings))
    return out


def _consume(result) -> int:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    return sum(1 for _ in result)


def bench_queries(ds: dict, store, repeat: int, rdflib_graph=None, rdflib_cap: float = 30.0) -> dict:
    from celltx_kg.sparql.run import run_sparql

    out = {}
    for name, text, query, bindings in bound_queries(store):
        # The project's path: the saved text, parameters bound as RDF terms, checked and run.
        row = {"raw_pyoxigraph_s": timed(lambda: _consume(store.query(text)), repeat)[0]}
        row["project_s"], row["rows"] = timed(lambda: _consume(run_sparql(store, query.text, bindings)), repeat)
        if rdflib_graph is not None:
            row.update(rdflib_query_time(rdflib_graph, text, rdflib_cap))
        out[name] = row
    return out


def rdflib_query_time(graph, text: str, cap: float) -> dict:
    """One run of rdflib's engine in a forked child, stopped after ``cap`` seconds (then the
    time is reported as a lower bound)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child():
        try:
            start = time.perf_counter()
            len(list(graph.query(text)))
            send.send(("ok", time.perf_counter() - start))
        except Exception as exc:  # rdflib cannot run every SPARQL 1.1 construct
            send.send(("error", str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__))

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return {"rdflib_s": cap, "rdflib_capped": True}
    kind, value = receive.recv() if receive.poll() else ("error", "no answer")
    return {"rdflib_s": value} if kind == "ok" else {"rdflib_error": value}


def bench_validate(ds: dict, repeat: int) -> dict:
    import pyshacl
    from rdflib import Graph

    from celltx_kg.graph.build import read_shapes
    from celltx_kg.shacl.validate import validate_graph, validate_new

    graph = Graph().parse(ds["graph"], format="nt")
    shapes = read_shapes()
    whole_s, report = timed(lambda: validate_graph(graph, shapes), repeat)
    new = Graph().parse(ds["new_facts"], format="nt")
    new_s, _ = timed(lambda: validate_new(new, graph, shapes), repeat)
    out = {"project_whole_s": whole_s, "project_new_facts_s": new_s, "new_facts_triples": len(new),
           "project_violations": report.count("violation")}
    if ds["triples"] <= LIMITS["pyshacl"]:
        plain_s, (conforms, report_graph, _) = timed(
            lambda: pyshacl.validate(graph, shacl_graph=shapes, advanced=True, inference="none"), 1)
        from rdflib.namespace import SH

        out["pyshacl_whole_s"] = plain_s
        out["pyshacl_violations"] = sum(1 for _ in report_graph.subjects(SH.resultSeverity, SH.Violation))
        out["same_verdict"] = conforms == report.conforms
    return out


def bench_reason(ds: dict, folder: Path) -> dict:
    from rdflib import Graph

    from celltx_kg.reason import find_java, reason

    graph = Graph().parse(ds["graph"], format="nt")
    start = time.perf_counter()
    result = reason(graph, "hermit", timeout=1800, explain=False)
    project_s = time.perf_counter() - start
    out = {"project_s": project_s, "consistent": result.consistent, "inferred_types": len(result.type_pairs()),
           "phases": {k: round(v, 3) for k, v in result.timings.items()}}
    out.update(naive_owlready2(graph, folder, find_java().path))
    return out


NAIVE_SCRIPT = """
import sys, time, owlready2
owlready2.JAVA_EXE = sys.argv[2]
world = owlready2.World()
onto = world.get_ontology("file://" + sys.argv[1]).load()
start = time.perf_counter()
with onto:
    owlready2.sync_reasoner(world, infer_property_values=True, debug=0)
print(time.perf_counter() - start)
"""


def naive_owlready2(graph, folder: Path, java: str) -> dict:
    """owlready2 the plain way: RDF/XML of the same graph, sync_reasoner with default settings."""
    from celltx_kg.graph.serialize import serialize

    path = folder / "naive.owl"
    path.write_bytes(serialize(graph, "xml"))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", NAIVE_SCRIPT, str(path), java], capture_output=True, text=True,
                          timeout=3600)
    total = time.perf_counter() - start
    if done.returncode != 0:
        return {"naive_error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200], "naive_s": total}
    return {"naive_s": total, "naive_reasoner_s": float(done.stdout.strip().splitlines()[-1])}


def bench_server_load(ds: dict, folder: Path) -> dict:
    from celltx_kg.stores.http import endpoints
    from celltx_kg.stores.load import Part, load
    from celltx_kg.stores.server import free_port, oxigraph_binary

    port = free_port()
    location = folder / "server"
    server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_for(url)
        data = ds["graph"].read_bytes()
        start = time.perf_counter()
        report = load([Part("graph", "https://w3id.org/celltx/graph", data)], endpoints(url), timeout=3600)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "triples": report.triples, "triples_per_s": report.triples / seconds,
                "phases": {k: round(v, 3) for k, v in report.seconds.items()}}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, seconds: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


MEMORY_SCRIPT = """
import resource, sys
from celltx_kg.bench import bound_queries, _consume, open_dataset_store
from pathlib import Path
store = open_dataset_store(Path(sys.argv[1]), Path(sys.argv[2]))
for name, text, query, bindings in bound_queries(store):
    _consume(store.query(text))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_memory(store_path: Path, data: Path) -> dict:
    """Peak resident memory of a fresh process that opens the store and runs every saved query."""
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(store_path), str(data)],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return {"peak_rss_mib": int(done.stdout.strip().splitlines()[-1]) / 1024}


def bench_cold_start(repeat: int) -> dict:
    """Wall time of a cold CLI query (fresh process, warm cache) next to importing pyoxigraph."""
    cli = [sys.executable, "-m", "celltx_kg", "query", "approved-products", "--param", "target=BCMA",
           "--param", "agency=NMPA"]
    subprocess.run(cli, capture_output=True, check=True)  # fills the store cache once

    def run(cmd):
        return lambda: subprocess.run(cmd, capture_output=True, check=True)

    cli_s = timed(run(cli), repeat)[0]
    import_s = timed(run([sys.executable, "-c", "import pyoxigraph"]), repeat)[0]
    return {"cli_s": cli_s, "import_pyoxigraph_s": import_s, "ratio": cli_s / import_s}


# ---------------------------------------------------------------- the run


def run(sizes: list[int], repeat: int = 3, out_dir: Path = Path("bench-results"),
        skip: set[str] = frozenset(), work_dir: Path | None = None, rdflib_cap: float = 30.0) -> dict:
    """Benchmark every step at each size; rdflib queries are stopped after ``rdflib_cap`` seconds."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {"machine": _machine(), "repeat": repeat, "sizes": {}, "targets": TARGETS}
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            _progress(f"{size:,} triples: generating")
            ds = make_dataset(size, folder)
            row = {"triples": ds["triples"], "ontology_triples": ds["ontology_triples"]}
            _progress(f"{size:,}: load")
            row["load"] = bench_load(ds, folder, repeat)
            store = open_dataset_store(folder / "store", ds["graph"])
            rdflib_graph = None
            if "rdflib" not in skip and ds["triples"] <= LIMITS["rdflib_query"]:
                from rdflib import Graph

                rdflib_graph = Graph().parse(ds["graph"], format="nt")
            _progress(f"{size:,}: saved queries" + (" (with rdflib)" if rdflib_graph is not None else ""))
            row["queries"] = bench_queries(ds, store, repeat, rdflib_graph, rdflib_cap)
            del store, rdflib_graph
            row["memory"] = bench_memory(folder / "store", ds["graph"])
            if "validate" not in skip and ds["triples"] <= LIMITS["validate"]:
                _progress(f"{size:,}: validation")
                row["validate"] = bench_validate(ds, repeat)
            if "reason" not in skip and ds["triples"] <= LIMITS["reason"]:
                _progress(f"{size:,}: reasoning")
                row["reason"] = bench_reason(ds, folder)
            if "server" not in skip:
                _progress(f"{size:,}: load into an Oxigraph server")
                row["server_load"] = bench_server_load(ds, folder)
            results["sizes"][str(size)] = row
            _write(results, out_dir)
    if "cold" not in skip:
        _progress("cold start")
        results["cold_start"] = bench_cold_start(max(repeat, 5))
    results["summary"] = summarise(results)
    _write(results, out_dir)
    plot(results, out_dir / "bench.png")
    _progress(f"wrote {out_dir / 'bench.json'} and {out_dir / 'bench.png'}")
    return results


def _machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine()}


def _write(results: dict, out_dir: Path) -> None:
    (out_dir / "bench.json").write_text(json.dumps(results, indent=2, default=str) + "\n")


def _ratios(queries: dict, key: str, over: str) -> list[float]:
    return [q[key] / q[over] for q in queries.values() if key in q and q.get(over)]


def summarise(results: dict) -> list[dict]:
    """One line per target: the measured figure and whether it is met."""
    sizes = results["sizes"]
    lines = []

    def add(target: str, figure: str, met: bool | None):
        lines.append({"target": TARGETS[target], "measured": figure, "met": met})

    for n in ("10000", "1000000"):
        if n in sizes:
            worst = max(_ratios(sizes[n]["queries"], "project_s", "raw_pyoxigraph_s"), default=None)
            med = statistics.median(_ratios(sizes[n]["queries"], "project_s", "raw_pyoxigraph_s") or [0])
            add("query_vs_pyoxigraph", f"{n} triples: median {med:.2f}x, worst {worst:.2f}x", worst is not None and worst <= 1.2)
    if "100000" in sizes:
        speedups = _ratios(sizes["100000"]["queries"], "rdflib_s", "project_s")
        if speedups:
            add("query_vs_rdflib", f"median {statistics.median(speedups):.0f}x, slowest {min(speedups):.1f}x faster",
                min(speedups) >= 30)
    if "cold_start" in results:
        c = results["cold_start"]
        add("cold_start", f"{c['cli_s'] * 1000:.0f} ms vs {c['import_pyoxigraph_s'] * 1000:.0f} ms: {c['ratio']:.1f}x",
            c["ratio"] <= 2)
    for n, row in sizes.items():
        v = row.get("validate")
        if v:
            ratio = v["project_new_facts_s"] / v["project_whole_s"]
            add("new_facts", f"{n} triples: {v['project_new_facts_s']:.2f} s vs {v['project_whole_s']:.2f} s ({ratio:.2f})",
                ratio < 1 / 3)
    v = sizes.get("100000", {}).get("validate")
    if v and "pyshacl_whole_s" in v:
        speed = v["pyshacl_whole_s"] / v["project_whole_s"]
        add("validate_vs_pyshacl", f"{speed:.1f}x faster, same verdict: {v.get('same_verdict')}, violations "
                                   f"{v['project_violations']} vs {v['pyshacl_violations']}",
            speed >= 10 and v.get("same_verdict") is True)
    r = sizes.get("10000", {}).get("reason")
    if r and "naive_s" in r:
        speed = r["naive_s"] / r["project_s"]
        add("reason_vs_naive", f"{r['project_s']:.1f} s vs naive {r['naive_s']:.1f} s ({speed:.1f}x)", speed >= 2)
    s = sizes.get("1000000", {}).get("server_load")
    if s:
        add("server_load", f"{s['triples_per_s']:,.0f} triples/s ({s['triples']:,} triples, verified)",
            s["triples_per_s"] >= 100_000)
    m = sizes.get("1000000", {}).get("memory")
    if m and "peak_rss_mib" in m:
        add("memory", f"{m['peak_rss_mib']:.0f} MiB peak", m["peak_rss_mib"] <= 1024)
    return lines


def plot(results: dict, path: Path) -> None:
    """Time against size, log-log: the project's paths solid, the baselines dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results["sizes"], key=int)
    xs = [results["sizes"][n]["triples"] for n in sizes]

    def series(get):
        pts = [(x, get(results["sizes"][n])) for x, n in zip(xs, sizes)]
        return [p for p in pts if p[1]]

    def query_total(key):
        return lambda row: sum(q[key] for q in row["queries"].values()) if all(key in q for q in row["queries"].values()) else None

    lines = [
        ("load: pyoxigraph store", lambda r: r["load"]["project_s"], "-"),
        ("load: rdflib parse", lambda r: r["load"].get("rdflib_s"), "--"),
        ("all saved queries: project", query_total("project_s"), "-"),
        ("all saved queries: raw pyoxigraph", query_total("raw_pyoxigraph_s"), ":"),
        ("all saved queries: rdflib", query_total("rdflib_s"), "--"),
        ("validation: project", lambda r: r.get("validate", {}).get("project_whole_s"), "-"),
        ("validation: plain pySHACL", lambda r: r.get("validate", {}).get("pyshacl_whole_s"), "--"),
        ("new facts: project", lambda r: r.get("validate", {}).get("project_new_facts_s"), "-"),
        ("reasoning: project", lambda r: r.get("reason", {}).get("project_s"), "-"),
        ("reasoning: naive owlready2", lambda r: r.get("reason", {}).get("naive_s"), "--"),
        ("server load (verified)", lambda r: r.get("server_load", {}).get("seconds"), "-"),
    ]
    fig, ax = plt.subplots(figsize=(9, 6))
    for label, get, style in lines:
        pts = series(get)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], style, marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples (synthetic facts)")
    ax.set_ylabel("seconds (median)")
    ax.set_title("celltx-kg benchmark")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def text_report(results: dict) -> str:
    from .render import table

    out = [f"machine: {results['machine']['processor']}, {results['machine']['cpus']} CPUs, "
           f"Python {results['machine']['python']}; medians of {results['repeat']} runs", ""]
    rows = []
    for n, row in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        q = row["queries"].values()
        total = lambda key: f"{sum(x[key] for x in q) * 1000:.1f}" if all(key in x for x in q) else "-"  # noqa: E731
        rows.append([f"{row['triples']:,}", f"{row['load']['project_s']:.3f}", _fmt(row["load"].get("rdflib_s")),
                     total("project_s"), total("raw_pyoxigraph_s"), _rdflib_total(q),
                     _fmt(row.get("validate", {}).get("project_whole_s")),
                     _fmt(row.get("validate", {}).get("pyshacl_whole_s")),
                     _fmt(row.get("validate", {}).get("project_new_facts_s")),
                     _fmt(row.get("reason", {}).get("project_s")), _fmt(row.get("reason", {}).get("naive_s")),
                     f"{row.get('server_load', {}).get('triples_per_s', 0):,.0f}",
                     f"{row.get('memory', {}).get('peak_rss_mib', 0):.0f}"])
    out.append(table(["triples", "load s", "rdflib load s", "queries ms", "raw oxigraph ms", "rdflib ms",
                      "validate s", "pySHACL s", "100 new s", "reason s", "naive s", "server t/s", "peak MiB"], rows))
    out.append("Targets")
    out.append(table(["target", "measured", "met"],
                     [[t["target"], t["measured"], {True: "yes", False: "no", None: "-"}[t["met"]]]
                      for t in results.get("summary", [])]))
    return "\n".join(out)


def _rdflib_total(queries) -> str:
    """rdflib's total over the queries it could run; '>' when some were stopped at the cap."""
    ran = [q for q in queries if "rdflib_s" in q]
    if not ran:
        return "-"
    capped = any(q.get("rdflib_capped") for q in ran)
    failed = sum(1 for q in queries if "rdflib_error" in q)
    text = f"{'>' if capped else ''}{sum(q['rdflib_s'] for q in ran) * 1000:,.0f}"
    return text + (f" ({failed} failed)" if failed else "")


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else "-"
