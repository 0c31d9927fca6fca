"""Bounded query work for the web server: a thread pool, a time limit and a row limit per request.

pyoxigraph queries are synchronous, so each runs in a worker thread. The request waits at most
``timeout`` seconds; the worker checks the same deadline between result rows and stops there, so a
query that streams rows never outlives its request by more than one row. (A query that computes
everything before its first row, such as a large ORDER BY, finishes its step in the background;
the pool is bounded, so at most ``workers`` such steps run at once.) Results are kept to
``max_rows`` rows and say so.

Every query goes through :func:`celltx_kg.sparql.run.run_sparql`, which refuses SERVICE and LOAD;
the store is only ever queried (``Store.query`` cannot change it: updates go through
``Store.update``, which nothing here calls), and the protocol endpoint refuses updates.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, cast

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIX_BLOCK
from ..sparql.bind import bind_params
from ..sparql.render import render
from ..sparql.run import QueryDeadlineError, Solutions, json_term, run_sparql


class Limits(NamedTuple):
    timeout: float = 20.0  # seconds per request
    max_rows: int = 5000  # result rows (or triples) per request
    workers: int = 4  # queries that run at once


class QueryTimeout(QueryError):
    """A query ran past the server's time limit."""


class Outcome(NamedTuple):
    """A finished query: SELECT rows, an ASK answer or CONSTRUCT/DESCRIBE triples."""

    form: str  # "SELECT", "ASK" or "GRAPH"
    variables: list  # variable names (SELECT)
    rows: list  # lists of pyoxigraph terms or None (SELECT)
    boolean: bool | None
    triples: list
    truncated: bool
    labels: dict  # IRI → {"en": …, "zh": …}
    seconds: float

    def serialize(self, fmt: str) -> bytes:
        """The result in a W3C format (json, xml, csv, tsv; turtle, ntriples for triples)."""
        if self.form == "GRAPH":
            return render(self.triples, fmt)
        if self.form == "ASK":
            data = {"head": {}, "boolean": bool(self.boolean)}
        else:
            data = {
                "head": {"vars": self.variables},
                "results": {
                    "bindings": [
                        {v: json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
                        for row in self.rows
                    ]
                },
            }
        raw = json.dumps(data, ensure_ascii=False).encode()
        if fmt == "json":
            return raw
        return render(ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON), fmt)


_LABELS = (
    PREFIX_BLOCK
    + """SELECT ?entity ?label WHERE {
  ?entity rdfs:label ?label . FILTER(langMatches(lang(?label), "en") || langMatches(lang(?label), "zh") || lang(?label) = "")
}"""
)


def select(store: ox.Store, text: str) -> ox.QuerySolutions:
    """Run a SELECT written here (typed for the checker: a SELECT gives solutions)."""
    return cast(ox.QuerySolutions, store.query(text))


def labels_of(store: ox.Store, iris) -> dict:
    """English and Chinese labels of some IRIs: IRI → {"en": …, "zh": …} (one query)."""
    nodes = sorted({i for i in iris if isinstance(i, ox.NamedNode)}, key=lambda n: n.value)
    found: dict = {}
    for start in range(0, len(nodes), 500):
        chunk = nodes[start : start + 500]
        text = _LABELS.replace("WHERE {", "WHERE { VALUES ?entity { " + " ".join(str(n) for n in chunk) + " }", 1)
        for sol in select(store, text):
            lang = (sol["label"].language or "en").split("-")[0]
            found.setdefault(sol["entity"].value, {}).setdefault(lang, sol["label"].value)
    return found


class Engine:
    """Runs queries on a read-only store within the limits."""

    def __init__(self, store: ox.Store, limits: Limits | None = None):
        self.store = store
        self.limits = limits or Limits()
        self.pool = ThreadPoolExecutor(self.limits.workers, thread_name_prefix="celltx-query")

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    async def call(self, func, *args):
        """Run ``func(*args)`` in the pool within the time limit (for look-ups that are not queries)."""
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self.pool, func, *args), self.limits.timeout)
        except TimeoutError:
            raise QueryTimeout(self.timeout_message()) from None

    def timeout_message(self) -> str:
        return (
            f"the query ran longer than the server's time limit ({self.limits.timeout:g} s) and was stopped; "
            "narrow it or add a LIMIT"
        )

    async def run(self, text: str, bindings: dict | None = None, with_labels: bool = False) -> Outcome:
        deadline = time.monotonic() + self.limits.timeout
        return await self.call(self._collect, text, bindings, deadline, with_labels)

    async def run_saved(self, query, given: dict, with_labels: bool = False) -> Outcome:
        """A saved query with parameters resolved as the CLI resolves them (labels, CURIEs, identifiers)."""
        deadline = time.monotonic() + self.limits.timeout

        def work():
            bindings = bind_params(query, given, self.store)
            return self._collect(query.text, bindings, deadline, with_labels)

        return await self.call(work)

    def _collect(self, text: str, bindings, deadline: float, with_labels: bool) -> Outcome:
        started = time.monotonic()
        try:  # the check, the deadline and the row cap of the embedded store, with this server's limits
            result = run_sparql(
                self.store,
                text,
                bindings,
                timeout=max(deadline - time.monotonic(), 0.01),
                max_rows=self.limits.max_rows,
                truncate=True,
            )
        except QueryDeadlineError:
            raise QueryTimeout(self.timeout_message()) from None
        variables: list[str] = []
        rows: list[list] = []
        triples: list = []
        boolean, truncated = None, False
        try:
            if isinstance(result, ox.QueryBoolean):
                form, boolean = "ASK", bool(result)
            elif isinstance(result, Solutions):
                form = "SELECT"
                variables = [v.value for v in result.variables]
                for solution in result:
                    if len(rows) >= self.limits.max_rows:
                        truncated = True
                        break
                    if time.monotonic() > deadline:
                        raise QueryTimeout(self.timeout_message())
                    rows.append([solution[v] for v in variables])
            else:
                form = "GRAPH"
                for triple in result:
                    if len(triples) >= self.limits.max_rows:
                        truncated = True
                        break
                    if time.monotonic() > deadline:
                        raise QueryTimeout(self.timeout_message())
                    triples.append(triple)
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from None
        labels = {}
        if with_labels:
            labels = labels_of(
                self.store,
                [t for row in rows for t in row] + [t.subject for t in triples] + [t.object for t in triples],
            )
        return Outcome(form, variables, rows, boolean, triples, truncated, labels, time.monotonic() - started)

    def row_limit_message(self) -> str:
        return f"only the first {self.limits.max_rows} rows are shown (the server's row limit); narrow the query"


__all__ = ["Engine", "Limits", "Outcome", "QueryTimeout", "labels_of", "select"]
