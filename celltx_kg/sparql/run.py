"""Run saved and ad-hoc SPARQL queries on the embedded store, within a deadline and a row cap.

Parameter values are RDF terms (see :mod:`.bind`), bound with a VALUES block at the start of the
query's WHERE group, written from the terms' own escaped serialisation; the user's text is never
pasted into the query. Remote endpoints (:mod:`.remote`) get the same query text. The project's
prefixes are predeclared through pyoxigraph's ``prefixes=``, so an error position is the one in
the text the user wrote.

Every query first passes :func:`.check.check_query` (no SERVICE or LOAD, size and nesting
limits). pyoxigraph has no timeout, but it releases the GIL while it evaluates: the query runs
in a thread with a large stack, and the caller gives up on it at the deadline
(:class:`QueryLimitError`, exit code 2). A process that gets that error should end soon after
(the CLI does): the engine cannot be stopped from outside, only abandoned. Rows (or triples)
beyond the cap are never collected.
"""

from __future__ import annotations

import json
import re
import threading
import time
from functools import lru_cache

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from .bind import bind_params, with_values
from .catalogue import SavedQuery
from .check import check_query

#: Default deadline of a query on the embedded store (seconds) and default row cap.
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_ROWS = 100_000
#: Stack of the thread that runs a query: the engine recurses on nested expressions.
STACK_BYTES = 256 * 1024 * 1024


class QueryLimitError(QueryError):
    """A query ran past its deadline or returned more rows than the cap."""


class QueryDeadlineError(QueryLimitError):
    """A query ran past its deadline."""


@lru_cache(maxsize=256)
def undeclared(text: str) -> dict | None:
    """The project's prefixes a query uses without declaring them (found once per text: handing
    pyoxigraph all of them costs a short query a few per cent)."""
    needed = {k: v for k, v in PREFIXES.items() if f"{k}:" in text and not re.search(rf"PREFIX\s+{k}:", text, re.I)}
    return needed or None


@lru_cache(maxsize=256)
def _checked(text: str) -> None:
    """:func:`.check.check_query`, once per text (a refusal raises, and is not remembered)."""
    check_query(text)


def check_local_only(text: str) -> None:
    """Refuse queries that would reach the network from the embedded store (see :mod:`.check`)."""
    check_query(text)


def run_sparql(
    store: ox.Store,
    text: str,
    bindings: dict | None = None,
    prefixes: dict | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    truncate: bool = False,
):
    """Run a SPARQL query; returns pyoxigraph solutions, a boolean or a list of triples.

    ``prefixes`` are predeclared (default: the project's). ``timeout`` (seconds) and ``max_rows``
    bound the work; None lifts a bound. Past ``max_rows`` the query fails, or with ``truncate``
    the result stops at ``max_rows + 1`` rows (so the caller sees that there were more).
    """
    _checked(text)
    query = with_values(text, bindings or {})
    deadline = None if timeout is None else time.monotonic() + timeout
    outcome: dict = {}

    def work():
        try:
            result = store.query(query, prefixes=undeclared(text) if prefixes is None else prefixes)
            outcome["value"] = collect(result, max_rows, truncate, deadline)
        except BaseException as exc:  # handed to the caller's thread, without the frames that hold
            _clear_frames(exc.__traceback__)  # pyoxigraph objects bound to this thread: they are
            outcome["error"] = exc.with_traceback(None)  # dropped here, not by a later collection

    thread = _start(work)
    thread.join(timeout)
    if thread.is_alive() or isinstance(outcome.get("error"), QueryDeadlineError):
        raise QueryDeadlineError(
            f"the query ran longer than {timeout:g} s and was abandoned; narrow it, add LIMIT, "
            "or give --timeout SECONDS"
        )
    if "error" in outcome:
        exc = outcome["error"]
        if isinstance(exc, QueryError):
            raise exc
        if isinstance(exc, SyntaxError):
            raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
        if isinstance(exc, (OSError, RuntimeError, ValueError, MemoryError)):
            raise QueryError(f"query failed: {(str(exc).splitlines() or [type(exc).__name__])[0]}") from None
        raise exc
    return rebuild(outcome["value"])


def run_saved(
    store: ox.Store,
    query: SavedQuery,
    given: dict[str, str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
):
    return run_sparql(store, query.text, bind_params(query, given or {}, store), timeout=timeout, max_rows=max_rows)


def _clear_frames(tb) -> None:
    """What traceback.clear_frames does, without importing traceback on the query path."""
    while tb is not None:
        try:
            tb.tb_frame.clear()
        except RuntimeError:  # the frame still running
            pass
        tb = tb.tb_next


def _start(work) -> threading.Thread:
    with _STACK_LOCK:
        old = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=work, name="sparql", daemon=True)
            thread.start()
        finally:
            threading.stack_size(old)
    return thread


_STACK_LOCK = threading.Lock()


def _too_many(max_rows: int, what: str) -> QueryLimitError:
    return QueryLimitError(f"the query returned more than {max_rows:,} {what}; add LIMIT, or give --max-rows N")


def collect(result, max_rows: int | None, truncate: bool = False, deadline: float | None = None):
    """Plain Python data from a result, made in the thread that ran the query (pyoxigraph's
    iterators cannot cross threads)."""
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows: list[dict] = []
        for solution in result:
            if deadline is not None and len(rows) % 256 == 0 and time.monotonic() > deadline:
                raise QueryDeadlineError("the query ran past its deadline")  # abandoned: stop streaming
            if max_rows is not None and len(rows) >= max_rows:
                if truncate and len(rows) == max_rows:
                    rows.append({v: json_term(solution[v]) for v in variables if solution[v] is not None})
                    break
                raise _too_many(max_rows, "rows")
            rows.append({v: json_term(solution[v]) for v in variables if solution[v] is not None})
        return ("select", json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode())
    triples: list = []
    for triple in result:
        if deadline is not None and len(triples) % 256 == 0 and time.monotonic() > deadline:
            raise QueryDeadlineError("the query ran past its deadline")
        if max_rows is not None and len(triples) >= max_rows:
            if truncate:
                triples.append(triple)
                break
            raise _too_many(max_rows, "triples")
        triples.append(triple)
    return ("graph", triples)


def rebuild(value):
    kind, data = value
    if kind == "ask":
        return ox.parse_query_results(
            json.dumps({"head": {}, "boolean": data}).encode(), format=ox.QueryResultsFormat.JSON
        )
    if kind == "select":
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return data


def json_term(term) -> dict:
    """One RDF term as SPARQL 1.1 Query Results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


__all__ = [
    "json_term",
    "collect",
    "rebuild",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "QueryDeadlineError",
    "QueryLimitError",
    "check_local_only",
    "run_saved",
    "run_sparql",
]
