"""Benchmark the web workbench: a saved query over HTTP against the same query in process.

1. In process: ``run_saved`` on the embedded store (parameter resolution and reading every row
   included), the query of the example command ``approved-products -p target=BCMA -p agency=NMPA``.
2. One client (one kept-alive connection; also a new connection per request): the same query from ``/api/queries/approved-products?target=BCMA&agency=NMPA``
   (SPARQL JSON), one request at a time, on a real ``celltx-kg serve`` on 127.0.0.1.
3. 50 concurrent clients, each sending ``--requests`` requests in a row: latency p50/p95, requests
   per second, failed requests.

Prints each p50 divided by the in-process p50 (the issue's target: within 2x for the REST call).
Run from a checkout:  python benchmarks/bench_web.py [--runs 50] [--clients 50] [--requests 10] [--json FILE]
A measurement, not a test: it never fails on a slow number.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PARAMS = {"target": "BCMA", "agency": "NMPA"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def in_process(runs: int) -> list[float]:
    from celltx_kg.sparql.catalogue import get_query
    from celltx_kg.sparql.run import run_saved
    from celltx_kg.sparql.store import open_store

    store, query = open_store(), get_query("approved-products")
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        rows = list(run_saved(store, query, PARAMS))
        if i:  # the first run warms up
            times.append(time.perf_counter() - start)
    assert rows, "the benchmark query returned nothing"
    return times


class Client:
    """One HTTP/1.1 connection kept open between requests (as a notebook's session keeps it)."""

    def __init__(self, base_url: str, keep_alive: bool = True):
        host, port = base_url.split("//", 1)[1].rsplit(":", 1)
        self.address, self.keep_alive, self.conn = (host, int(port)), keep_alive, None

    def fetch(self, path: str) -> tuple[float, bool]:
        start = time.perf_counter()
        try:
            if self.conn is None or not self.keep_alive:
                self.conn = http.client.HTTPConnection(*self.address, timeout=60)
            self.conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            resp = self.conn.getresponse()
            ok = resp.status == 200 and bool(json.loads(resp.read())["results"]["bindings"])
            if not self.keep_alive:
                self.conn.close()
        except (OSError, http.client.HTTPException, ValueError):
            ok, self.conn = False, None
        return time.perf_counter() - start, ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="sequential runs (in process and one client)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=10, help="requests per concurrent client")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    from urllib.parse import urlencode

    from celltx_kg.web.server import Workbench

    local = in_process(args.runs)
    with Workbench() as server:
        path = f"/api/queries/approved-products?{urlencode(PARAMS)}"
        client = Client(server.base_url)
        client.fetch(path)  # warm-up
        single = [client.fetch(path) for _ in range(args.runs)]
        fresh = [Client(server.base_url, keep_alive=False).fetch(path) for _ in range(args.runs)]
        started = time.perf_counter()

        def session(_):
            mine = Client(server.base_url)
            return [mine.fetch(path) for _ in range(args.requests)]

        with ThreadPoolExecutor(args.clients) as pool:
            batches = list(pool.map(session, range(args.clients)))
        wall = time.perf_counter() - started
    loaded = [r for batch in batches for r in batch]
    p50 = statistics.median(local)
    figures = {
        "in_process_p50_ms": p50 * 1000,
        "one_client_p50_ms": statistics.median(t for t, _ in single) * 1000,
        "one_client_failures": sum(not ok for _, ok in single + fresh),
        "one_client_new_connection_p50_ms": statistics.median(t for t, _ in fresh) * 1000,
        "concurrent_clients": args.clients,
        "concurrent_p50_ms": statistics.median(t for t, _ in loaded) * 1000,
        "concurrent_p95_ms": percentile([t for t, _ in loaded], 0.95) * 1000,
        "concurrent_requests_per_s": len(loaded) / wall,
        "concurrent_failures": sum(not ok for _, ok in loaded),
    }
    figures["one_client_ratio"] = figures["one_client_p50_ms"] / figures["in_process_p50_ms"]
    figures["concurrent_ratio"] = figures["concurrent_p50_ms"] / figures["in_process_p50_ms"]
    print(f"in process (run_saved):            p50 {figures['in_process_p50_ms']:8.2f} ms")
    print(f"REST API, one client:              p50 {figures['one_client_p50_ms']:8.2f} ms   "
          f"ratio {figures['one_client_ratio']:.2f}x   failures {figures['one_client_failures']}")
    print(f"REST API, one client, new TCP connection per request: p50 {figures['one_client_new_connection_p50_ms']:.2f} ms")
    print(f"REST API, {args.clients} concurrent clients:     p50 {figures['concurrent_p50_ms']:8.2f} ms   "
          f"ratio {figures['concurrent_ratio']:.2f}x   p95 {figures['concurrent_p95_ms']:.2f} ms   "
          f"{figures['concurrent_requests_per_s']:.0f} requests/s   failures {figures['concurrent_failures']}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
