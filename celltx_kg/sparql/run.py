"""Run saved and ad-hoc SPARQL queries on the embedded store, within a deadline and a row cap.

Parameter values are RDF terms (see :mod:`.bind`), bound with a VALUES block at the start of the
query's WHERE group, written from the terms' own escaped serialisation; the user's text is never
pasted into the query. Remote endpoints (:mod:`.remote`) get the same query text. The project's
prefixes are predeclared through pyoxigraph's ``prefixes=``, so an error position is the one in
the text the user wrote.

Every query first passes :func:`.check.check_query` (no SERVICE or LOAD, size and nesting
limits). pyoxigraph has no timeout, but it releases the GIL while it evaluates: the query runs
in a worker thread with a large stack, and the caller gives up on it at the deadline
(:class:`QueryLimitError`, exit code 2). A process that gets that error should end soon after
(the CLI does): the engine cannot be stopped from outside, only abandoned; a streaming query
stops at the deadline by itself, as the worker looks at it every :data:`CHUNK` rows. Rows (or
triples) beyond the cap are never collected.

pyoxigraph's result iterators cannot leave the thread that made them, so the worker reads the
rows and hands over the row objects themselves (:class:`Solutions`); idle workers are reused,
since starting a thread costs more than a short query.

Handing a query over and back costs 25–150 µs (more when the worker wakes on an idle core), a
tenth or more of a short query's time. On a :func:`.store.fixed` store (as those of
:func:`.store.open_store` are), whose content does not change, a query text that already ran to
its end within :data:`INLINE_SECONDS` (and within 1% of the deadline asked for) runs in the
caller's thread: the same work on the same data cannot come near the deadline. Only texts
nested at most :data:`INLINE_DEPTH` deep run there, since the caller's stack may be smaller
than the worker's, and only texts of up to :data:`INLINE_CHARS` characters are remembered.
"""

from __future__ import annotations

import os
import re
import threading
import time
from functools import lru_cache
from itertools import islice

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from .bind import bind_params, with_values
from .catalogue import SavedQuery
from .check import Checked, check_query
from .store import memo_for

#: Default deadline of a query on the embedded store (seconds) and default row cap.
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_ROWS = 100_000
#: Stack of the thread that runs a query: the engine recurses on nested expressions.
STACK_BYTES = 256 * 1024 * 1024
#: A query text seen to end this fast on an unchanging store runs in the caller's thread, when it
#: is nested at most INLINE_DEPTH deep; at most INLINE_MEMO texts of up to INLINE_CHARS characters
#: are remembered per store (a few MB at most).
INLINE_SECONDS = 0.005
INLINE_DEPTH = 16
INLINE_MEMO = 1024
INLINE_CHARS = 16_384


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
def _checked(text: str) -> Checked:
    """:func:`.check.check_query`, once per text (a refusal raises, and is not remembered)."""
    return check_query(text)


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
    """Run a SPARQL query; returns :class:`Solutions` (SELECT), a pyoxigraph ``QueryBoolean``
    (ASK) or a list of triples (CONSTRUCT, DESCRIBE).

    ``prefixes`` are predeclared (default: the project's). ``timeout`` (seconds) and ``max_rows``
    bound the work; None lifts a bound. Past ``max_rows`` the query fails, or with ``truncate``
    the result stops at ``max_rows + 1`` rows (so the caller sees that there were more).
    """
    depth = _checked(text).depth
    query = with_values(text, bindings) if bindings else text
    job = _Job(store, query, undeclared(text) if prefixes is None else prefixes, max_rows, truncate, timeout)
    seen = _fast_runs(store) if depth <= INLINE_DEPTH and len(query) <= INLINE_CHARS else None
    key = (query, None if prefixes is None else tuple(prefixes.items()))
    if seen is not None and key in seen and (timeout is None or seen[key] * 100 <= timeout):
        job.run()  # it ended within INLINE_SECONDS before, on the same data (see the module doc)
        outcome = job.value
    else:
        started = time.monotonic()
        job.hand_over()
        outcome = job.wait(timeout)
        if seen is not None and outcome is not _Job.ABANDONED and job.error is None:
            _remember(seen, key, time.monotonic() - started, outcome, max_rows)
    if outcome is _Job.ABANDONED or isinstance(job.error, QueryDeadlineError):
        raise QueryDeadlineError(
            f"the query ran longer than {timeout:g} s and was abandoned; narrow it, add LIMIT, "
            "or give --timeout SECONDS"
        )
    exc = job.error
    if exc is None:
        return job.value
    if isinstance(exc, QueryError):
        raise exc
    if isinstance(exc, SyntaxError):
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if isinstance(exc, (OSError, RuntimeError, ValueError, MemoryError)):
        raise QueryError(f"query failed: {(str(exc).splitlines() or [type(exc).__name__])[0]}") from None
    raise exc


def _fast_runs(store) -> dict | None:
    """Query texts (with their prefixes) that ended within INLINE_SECONDS on ``store`` → their
    time; None for a store that is not :func:`.store.fixed`."""
    memo = memo_for(store)
    return None if memo is None else memo.setdefault(_fast_runs, {})


def _remember(seen: dict, key: tuple, seconds: float, value, max_rows: int | None) -> None:
    """Note a run that ended within INLINE_SECONDS, unless the row cap cut it short (a run with a
    higher cap would do more work)."""
    whole = max_rows is None or not isinstance(value, (Solutions, list)) or len(value) <= max_rows
    if seconds <= INLINE_SECONDS and whole:
        if len(seen) >= INLINE_MEMO:
            seen.clear()
        seen[key] = seconds


def run_saved(
    store: ox.Store,
    query: SavedQuery,
    given: dict[str, str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
):
    return run_sparql(store, query.text, bind_params(query, given or {}, store), timeout=timeout, max_rows=max_rows)


class Solutions:
    """The rows of a SELECT result, read in the thread that ran the query: pyoxigraph
    ``QuerySolution`` objects (its ``QuerySolutions`` iterator cannot leave that thread). Iterated,
    indexed by variable and serialised like ``QuerySolutions``, and iterable more than once."""

    __slots__ = ("variables", "rows")

    def __init__(self, variables: list, rows: list):
        self.variables = variables  # pyoxigraph Variables, in the query's order
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def serialize(self, output=None, format: ox.QueryResultsFormat | None = None) -> bytes | None:  # noqa: A002
        """The rows in a W3C results format, as ``QuerySolutions.serialize`` takes them (pyoxigraph's
        writer, so byte for byte what it writes)."""
        import json

        names = [v.value for v in self.variables]
        data = {
            "head": {"vars": names},
            "results": {
                "bindings": [{v: json_term(t) for v, t in zip(names, row) if t is not None} for row in self.rows]
            },
        }
        parsed = ox.parse_query_results(json.dumps(data).encode(), format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(output, format=format)


def _clear_frames(tb) -> None:
    """What traceback.clear_frames does, without importing traceback on the query path."""
    while tb is not None:
        try:
            tb.tb_frame.clear()
        except RuntimeError:  # the frame still running
            pass
        tb = tb.tb_next


class _Job:
    """One query handed to a worker thread; the caller waits for it at most until the deadline."""

    ABANDONED = object()
    __slots__ = ("store", "query", "prefixes", "max_rows", "truncate", "deadline", "done", "value", "error", "worker")

    def __init__(self, store, query: str, prefixes, max_rows, truncate: bool, timeout: float | None):
        self.store, self.query, self.prefixes = store, query, prefixes
        self.max_rows, self.truncate = max_rows, truncate
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.done = threading.Lock()
        self.done.acquire()
        self.value: object = None
        self.error: BaseException | None = None
        self.worker: _Worker | None = None

    def hand_over(self) -> None:
        with _POOL_LOCK:
            worker = _IDLE.pop() if _IDLE else None
        self.worker = worker or _Worker()
        self.worker.give(self)

    def wait(self, timeout: float | None):
        """The job's value, or :attr:`ABANDONED` when it did not end in time (or the wait was
        interrupted): its worker then ends once the engine stops, and is never reused."""
        finished = False
        try:
            finished = self.done.acquire(True, -1 if timeout is None else max(timeout, 0.0))
        finally:
            if not finished and self.worker is not None:
                self.worker.abandon()
        return self.value if finished else self.ABANDONED

    def run(self) -> None:
        result = None
        try:
            result = self.store.query(self.query, prefixes=self.prefixes)
            self.value = collect(result, self.max_rows, self.truncate, self.deadline)
        except BaseException as exc:  # handed to the caller's thread, without the frames that hold
            _clear_frames(exc.__traceback__)  # pyoxigraph objects bound to this thread: they are
            self.error = exc.with_traceback(None)  # dropped here, not by a later collection
        finally:
            del result  # a pyoxigraph iterator is dropped in the thread that made it
            self.store = None


class _Worker(threading.Thread):
    """A thread with a large stack that runs queries one after the other; an idle one is reused
    (starting a thread costs more than a short query), an abandoned one ends with its query."""

    def __init__(self):
        with _STACK_LOCK:
            old = threading.stack_size(STACK_BYTES)
            try:
                super().__init__(name="sparql", daemon=True)
                self.job: _Job | None = None
                self.wake = threading.Lock()  # released when a job (or None: end) is given
                self.wake.acquire()
                self.abandoned = False
                self.start()
            finally:
                threading.stack_size(old)

    def abandon(self) -> None:
        with _POOL_LOCK:
            self.abandoned = True
            self.name = "sparql-abandoned"
            if self in _IDLE:  # it ended just as the caller gave up: let it end
                _IDLE.remove(self)
                self.give(None)

    def give(self, job: _Job | None) -> None:
        self.job = job
        self.wake.release()

    def run(self) -> None:
        while True:
            self.wake.acquire()
            job, self.job = self.job, None
            if job is None:
                return
            job.run()
            with _POOL_LOCK:
                ended = self.abandoned
                if not ended:
                    _IDLE.append(self)
            # The last step: the caller wakes up while this thread blocks at once, so the caller
            # does not wait for this thread to let go of the GIL (a second wake-up under load).
            job.done.release()
            job = None  # keeps no result alive while idle
            if ended:
                return


_STACK_LOCK = threading.Lock()
_POOL_LOCK = threading.Lock()
_IDLE: list[_Worker] = []


def _forget_workers() -> None:
    """A forked child has none of its parent's threads."""
    global _POOL_LOCK
    _POOL_LOCK = threading.Lock()
    _IDLE.clear()


os.register_at_fork(after_in_child=_forget_workers)


def _too_many(max_rows: int, what: str) -> QueryLimitError:
    return QueryLimitError(f"the query returned more than {max_rows:,} {what}; add LIMIT, or give --max-rows N")


#: Rows read between two looks at the deadline.
CHUNK = 256


def collect(result, max_rows: int | None, truncate: bool = False, deadline: float | None = None):
    """A result that can leave the thread that ran the query (pyoxigraph's iterators cannot):
    :class:`Solutions`, the ``QueryBoolean`` itself, or a list of triples. Reading stops at the
    deadline and past ``max_rows`` (with ``truncate``, after one row more; else an error)."""
    if isinstance(result, ox.QueryBoolean):
        return result
    solutions = isinstance(result, ox.QuerySolutions)
    variables = result.variables if solutions else []
    rows: list = []
    try:
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryDeadlineError("the query ran past its deadline")  # abandoned: stop streaming
            want = CHUNK if max_rows is None else min(CHUNK, max_rows + 1 - len(rows))
            chunk = list(islice(result, want))
            rows += chunk
            if max_rows is not None and len(rows) > max_rows:
                if not truncate:
                    raise _too_many(max_rows, "rows" if solutions else "triples")
                break
            if len(chunk) < want:
                break
    finally:  # a traceback that keeps this frame must not keep the iterator: it would be dropped
        del result  # wherever the collection of that traceback happens to run, maybe in another thread
    return Solutions(variables, rows) if solutions else rows


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
    "Solutions",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "QueryDeadlineError",
    "QueryLimitError",
    "check_local_only",
    "run_saved",
    "run_sparql",
]
