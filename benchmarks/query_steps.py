"""Benchmark steps about queries: every saved query (project, raw pyoxigraph, rdflib), the memory
of the project's query path, and the cold start of the command a user types."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import paired, paired_processes

ROOT = Path(__file__).resolve().parents[1]
COLD_COMMAND = ["query", "approved-products", "-p", "target=BCMA", "-p", "agency=NMPA"]
#: Queries faster than this get at least SHORT_ROUNDS rounds.
SHORT_S = 0.05
SHORT_ROUNDS = 21


def bound_queries(store, examples: dict | None = None) -> list[tuple]:
    """(name, final query text, saved query, bindings) for every saved query. Parameters with a
    default are bound to it, as the CLI does; required ones to ``examples[name][param]`` when given
    (on the synthetic graph, :data:`benchmarks.synthetic.EXAMPLES`), else to the query's example,
    else to an entity of the parameter's class found in this dataset."""
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
                if param.default is not None:
                    bindings[ox.Variable(param.name)] = to_term(store, param, param.default)
                continue
            value = (examples or {}).get(name, {}).get(param.name, param.example or "")
            try:
                bindings[ox.Variable(param.name)] = to_term(store, param, value)
            except CelltxError:
                cls = resolve_iri(param.cls) if param.cls else None
                pattern = f"?e a/rdfs:subClassOf* {cls} ." if cls else "?e rdfs:label ?l ."
                rows = list(store.query(PREFIX_BLOCK + f"SELECT ?e WHERE {{ {pattern} }} LIMIT 1"))
                if rows:
                    bindings[ox.Variable(param.name)] = rows[0]["e"]
        out.append((name, with_values(query.text, bindings), query, bindings))
    return out


def consume(result) -> int:
    """Read every row (or triple) of a result; the count."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    return sum(1 for _ in result)


def bench_queries(store, repeat: int, rdflib_graph=None, rdflib_cap: float = 30.0) -> dict:
    """Each saved query: the project's path (parameters bound as RDF terms, checked and run; every
    row read) against raw pyoxigraph on the same final text, in turn (``repeat`` rounds, at least
    SHORT_ROUNDS for a query under SHORT_S); rdflib once, capped."""
    from celltx_kg.sparql.run import run_sparql

    out = {}
    from benchmarks.synthetic import EXAMPLES

    for name, text, query, bindings in bound_queries(store, EXAMPLES):
        start = time.perf_counter()
        consume(store.query(text))  # a probe (and one more warm-up): short queries get more rounds, as
        short = time.perf_counter() - start < SHORT_S  # one pre-emption or plan change moves their median
        timing = paired(lambda q=query, b=bindings: consume(run_sparql(store, q.text, b)),
                        lambda t=text: consume(store.query(t)), runs=max(repeat, SHORT_ROUNDS) if short else repeat,
                        warmup=1)
        row = {"project_s": timing["a"]["median"], "raw_pyoxigraph_s": timing["b"]["median"],
               "project_spread_s": [timing["a"]["min"], timing["a"]["max"]],
               "raw_spread_s": [timing["b"]["min"], timing["b"]["max"]],
               "ratio": timing["ratio"]["median"], "rows": timing["a_value"], "load": timing["load"]}
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


MEMORY_SCRIPT = """
import resource, sys
import pyoxigraph as ox
from benchmarks.query_steps import bound_queries
from benchmarks.synthetic import EXAMPLES
from celltx_kg.sparql.render import render
from celltx_kg.sparql.run import run_sparql
from celltx_kg.sparql.store import fixed
store = fixed(ox.Store.read_only(sys.argv[1]))
for name, text, query, bindings in bound_queries(store, EXAMPLES):
    render(run_sparql(store, query.text, bindings), "table")
try:  # this process's own peak (KiB): on Linux ru_maxrss also counts the parent it was forked from
    print(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_memory(store_path: Path) -> dict:
    """Peak resident memory of a fresh process on the project's path: it opens the store, binds
    and runs every saved query and renders each result as a table."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(store_path)], capture_output=True, text=True,
                          timeout=3600, env=env, cwd=ROOT)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return {"peak_rss_mib": int(done.stdout.strip().splitlines()[-1]) / 1024}


#: The floor under the cold query: a script that opens the same store read-only and runs the same
#: SPARQL with the same two entities bound (no label look-up, no rendering).
RAW_SCRIPT = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read().replace(
    "WHERE {", "WHERE { VALUES (?target ?agency) { (<https://w3id.org/celltx/id/bcma> <https://w3id.org/celltx/id/nmpa>) }", 1)
for row in store.query(text):
    sys.stdout.write(str(row) + "\\n")
"""


WHERE_SCRIPT = """
from celltx_kg.paths import queries_dir
from celltx_kg.sparql.store import cache_dir
print(cache_dir() / "store")
print(queries_dir() / "approved-products.rq")
"""


def bench_cold_start(runs: int) -> dict:
    """A cold ``celltx-kg query approved-products …`` (new process, warm store cache) against
    ``python -c "import pyoxigraph"``, in turn. Bytecode is cached in a temporary folder, as an
    installed wheel has it, even where the environment turns bytecode writing off."""
    script = Path(sys.executable).with_name("celltx-kg")
    cli = [str(script), *COLD_COMMAND] if script.is_file() else [sys.executable, "-m", "celltx_kg", *COLD_COMMAND]
    floor = [sys.executable, "-c", "import pyoxigraph"]
    with tempfile.TemporaryDirectory(prefix="celltx-bench-pyc-") as pyc:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pyc
        subprocess.run(cli, capture_output=True, check=True, env=env)  # fills the store cache, writes bytecode
        out = paired_processes(cli, floor, runs=runs, warmup=2, env=env)
        # The store and query paths as the measured command sees them: an installed script imports the
        # installed package (whose data root and cache entry differ from a checkout's), so ask the same way.
        where = [sys.executable, *(["-P"] if script.is_file() else []), "-c", WHERE_SCRIPT]
        store, query = subprocess.run(where, capture_output=True, check=True, text=True, env=env).stdout.split("\n")[:2]
        raw = [sys.executable, "-c", RAW_SCRIPT, store, query]
        out["vs_raw_script"] = paired_processes(cli, raw, runs=runs, warmup=2, env=env)
    out["command"] = "celltx-kg " + " ".join(COLD_COMMAND)
    out["baseline"] = "python -c 'import pyoxigraph'"
    out["raw_script"] = "python: open the same store read-only, run the same SPARQL with the entities bound"
    return out
