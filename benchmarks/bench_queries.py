"""Benchmark the saved queries.

1. In-process latency: every saved query, run with the parameters of its example command on the
   embedded store (label resolution and reading every result included); median and 90th percentile
   of several runs after one warm-up run.
2. Cold start: wall time of the command a user types, ``celltx-kg query approved-products -p
   target=BCMA -p agency=NMPA``, in a fresh process with a warm on-disk store, against the floor of
   starting Python and importing pyoxigraph (``python -c "import pyoxigraph"``); medians of several runs.

Run from a checkout:  python benchmarks/bench_queries.py [--runs 20] [--cold-runs 11] [--json FILE]
This is a measurement, not a test: it prints a table and never fails on a slow number.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD_COMMAND = ["query", "approved-products", "-p", "target=BCMA", "-p", "agency=NMPA"]


def example_params(query) -> dict[str, str]:
    return query.example_params


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_in_process(runs: int) -> list[dict]:
    from celltx_kg.sparql.catalogue import read_catalogue
    from celltx_kg.sparql.run import run_saved
    from celltx_kg.sparql.store import open_store

    store = open_store()
    results = []
    for name, query in read_catalogue().items():
        params = example_params(query)
        rows = len(list(run_saved(store, query, params)))  # warm-up
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            list(run_saved(store, query, params))
            times.append((time.perf_counter() - start) * 1000)
        results.append({"query": name, "params": params, "rows": rows,
                        "median_ms": statistics.median(times), "p90_ms": percentile(times, 0.9)})
    return results


def wall_times(argv: list[str], runs: int, env: dict) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode().strip()}")
    return times


def bench_cold_start(runs: int) -> dict:
    """Median wall times of fresh processes. Bytecode is cached in a temporary PYTHONPYCACHEPREFIX,
    as an installed wheel has it; when the environment forbids bytecode (PYTHONDONTWRITEBYTECODE),
    the CLI is also timed that way, since every module is then compiled on each start."""
    import tempfile

    cli = [sys.executable, "-m", "celltx_kg", *COLD_COMMAND]
    script = Path(sys.executable).with_name("celltx-kg")
    with tempfile.TemporaryDirectory(prefix="celltx-bench-pyc-") as pyc:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pyc
        wall_times(cli, 2, env)  # build the on-disk store if needed (a cache miss is not a cold start), write bytecode
        result = {"command": "celltx-kg " + " ".join(COLD_COMMAND), "runs": runs,
                  "python_ms": statistics.median(wall_times([sys.executable, "-c", "pass"], runs, env)),
                  "import_pyoxigraph_ms": statistics.median(wall_times([sys.executable, "-c", "import pyoxigraph"], runs, env)),
                  "cli_ms": statistics.median(wall_times(cli, runs, env))}
        if script.is_file():
            result["console_script_ms"] = statistics.median(wall_times([str(script), *COLD_COMMAND], runs, env))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        result["cli_no_bytecode_ms"] = statistics.median(wall_times(cli, runs, dict(os.environ)))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per saved query (default 20)")
    parser.add_argument("--cold-runs", type=int, default=11, help="process starts per command (default 11)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    from celltx_kg.sparql.render import table

    queries = bench_in_process(args.runs)
    rows = [[q["query"], str(q["rows"]), f"{q['median_ms']:.2f}", f"{q['p90_ms']:.2f}"] for q in queries]
    print(f"In-process latency of every saved query (example parameters, {args.runs} runs each)")
    print(table(["query", "rows", "median ms", "p90 ms"], rows))
    medians = [q["median_ms"] for q in queries]
    print(f"all queries: median of medians {statistics.median(medians):.2f} ms, slowest {max(medians):.2f} ms\n")

    cold = bench_cold_start(args.cold_runs)
    print(f"Cold start, median of {cold['runs']} process starts (warm on-disk store, bytecode cached)")
    lines = [["python -c pass", f"{cold['python_ms']:.0f}"],
             ["python -c 'import pyoxigraph'", f"{cold['import_pyoxigraph_ms']:.0f}"],
             [f"python -m celltx_kg {' '.join(COLD_COMMAND)}", f"{cold['cli_ms']:.0f}"]]
    if "console_script_ms" in cold:
        lines.append([f"celltx-kg {' '.join(COLD_COMMAND)}", f"{cold['console_script_ms']:.0f}"])
    if "cli_no_bytecode_ms" in cold:
        lines.append(["python -m celltx_kg … without bytecode (PYTHONDONTWRITEBYTECODE=1)",
                      f"{cold['cli_no_bytecode_ms']:.0f}"])
    print(table(["command", "wall ms"], lines))
    print(f"overhead over importing pyoxigraph: {cold['cli_ms'] - cold['import_pyoxigraph_ms']:.0f} ms")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"queries": queries, "cold_start": cold}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
