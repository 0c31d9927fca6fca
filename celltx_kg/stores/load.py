"""Load the graph into a SPARQL 1.1 triplestore: lock, upload a new version, verify, switch, clean up.

The layout is described in :mod:`celltx_kg.stores.versions`: each load writes the data once,
into a new version graph ``G/v/HASH`` (SPARQL 1.1 Graph Store Protocol ``PUT``; on Oxigraph
with its ``no_transaction`` bulk mode, since nothing reads a version before it is switched in,
and a large graph in two pieces at once), verifies it with two aggregate queries the store
answers at once (count, distinct subjects and objects; characters of the distinct text
literals: :mod:`celltx_kg.stores.verify`) and, only when that matches, switches the
pointer in the control graph ``G/control`` with one SPARQL Update. Readers see the previous
graph or the new one, never a part; a load killed at any point leaves the previous graph in
use, and the next load removes what it left. The previous version is kept (readers that read
the pointer just before the switch still find it); older ones are dropped after the switch.

When the aggregate differs, the version is read back and compared in full (by value, blank
nodes after canonicalisation), which either explains the difference or shows the store wrote
some literals in another form. A lock in the control graph serialises loads of the same graph
(:mod:`celltx_kg.stores.lock`). Plain HTTP (urllib); credentials from the environment or netrc.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import EndpointError, UsageError
from ..progress import progress
from . import versions as v
from .http import NTRIPLES, Endpoints, Http, StepFailed, gsp_url
from .lock import Lock, State, read_state, unchanged
from .parts import Part, catalogue_ntriples, single_part, split_parts, upload_pieces
from .verify import Aggregate, aggregate_from_row, aggregate_of, aggregate_queries, content, difference, rewritten

__all__ = ["LoadReport", "Part", "PartReport", "catalogue_ntriples", "load", "single_part", "split_parts"]

CHUNK = 1 << 20  # bytes per piece of a streamed upload (progress moves at this step)
CONNECTIONS = 2  # uploads at once into Oxigraph (bulk mode), each parsed by a server thread of its own
PARALLEL_FROM = 8 << 20  # bytes of N-Triples from which the upload is split (about 60,000 triples)


@dataclass
class PartReport:
    name: str
    graph: str  # the target IRI
    version: str  # the version graph holding it
    triples: int  # distinct triples sent
    held: int  # triples the store holds (fewer when it merges literals of equal value)
    sha256: str
    uploaded: bool = True  # False: the store already held this content
    compared_in_full: str = ""  # why the content was read back, when it was
    rewritten: int = 0
    rewritten_example: str = ""


@dataclass
class LoadReport:
    endpoint: str
    graph: str
    parts: list[PartReport]
    readers: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    removed: int = 0
    seconds: dict = field(default_factory=dict)  # phase → seconds
    notes: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(p.triples for p in self.parts)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    @property
    def query_url(self) -> str:
        """The query URL any SPARQL client can use to see exactly the loaded graph."""
        return v.dataset_url(self.endpoint, self.readers)

    def lines(self) -> list[str]:
        """The report; its last line is the one-line summary."""
        out = []
        for p in self.parts:
            merged = f"; held as {p.held}: the store merges literals of equal value" if p.held != p.triples else ""
            if p.uploaded:
                out.append(
                    f"loaded {p.triples} triples for <{p.graph}> into <{p.version}> (sha256 {p.sha256[:16]}…{merged})"
                )
            else:
                out.append(
                    f"<{p.graph}>: the store already holds this content in <{p.version}> "
                    f"({p.triples} triples, sha256 {p.sha256[:16]}…{merged}): nothing uploaded"
                )
        out.append(
            "verified: the store holds exactly the triples sent (its count, distinct subjects and objects "
            "and characters of distinct text match)"
        )
        for p in self.parts:
            if p.compared_in_full:
                out.append(f"note: <{p.version}> was read back and compared in full ({p.compared_in_full})")
            if p.rewritten:
                out.append(
                    f"note: the store holds {p.rewritten} distinct literal(s) of <{p.graph}> in another "
                    f"written form with the same value, e.g. {p.rewritten_example}"
                )
        kept = (
            f"; kept the previous version {', '.join(f'<{g}>' for g in self.previous)} for readers that began before"
            if self.previous
            else ""
        )
        out.append(
            f"switched: readers of <{self.graph}> now see {', '.join(f'<{g}>' for g in self.readers)}{kept}; "
            f"removed {self.removed} older graph(s)"
        )
        out.append(
            f"query with: celltx-kg query NAME --endpoint {self.endpoint}  (any SPARQL client: {self.query_url})"
        )
        out += [f"note: {n}" for n in self.notes]
        rate = self.triples / self.total_seconds if self.total_seconds else 0
        phases = ", ".join(f"{k} {s:.2f} s" for k, s in self.seconds.items())
        out.append(
            f"{self.endpoint}: {self.triples:,} triples loaded and verified in {self.total_seconds:.2f} s "
            f"({phases}), {rate:,.0f} triples/s"
        )
        return out


def load(
    parts: list[Part],
    urls: Endpoints,
    timeout: float = 60.0,
    graph: str | None = None,
    lock_timeout: float = 60.0,
    parallel_from: int = PARALLEL_FROM,
) -> LoadReport:
    """Load ``parts`` as the new version of ``graph`` (default: the only part's graph).

    On Oxigraph (bulk mode), a part of ``parallel_from`` bytes or more is uploaded in
    :data:`CONNECTIONS` pieces at once.

    Raises :class:`EndpointError` (:class:`~celltx_kg.stores.lock.StoreBusy` when another load
    holds the lock) whose message says what readers see after the failure.
    """
    if not parts:
        raise UsageError("nothing to load")
    graph = graph or parts[0].graph
    http = Http(timeout)
    seconds = {"lock": 0.0, "upload": 0.0, "verify": 0.0, "switch": 0.0, "cleanup": 0.0}
    lock = Lock(http, urls, graph, stale_after=lock_timeout)
    total = sum(p.data.count(b"\n") for p in parts)
    with progress("taking the lock", total=total, unit="triples") as bar, ThreadPoolExecutor(1) as pool:
        t0 = time.perf_counter()
        try:
            state = lock.acquire()
        except StepFailed as exc:
            raise EndpointError(f"{exc}; nothing was changed") from None
        seconds["lock"] = time.perf_counter() - t0
        try:
            reports = []
            try:
                for part in parts:
                    reports.append(
                        _load_part(
                            http,
                            urls,
                            graph,
                            lock,
                            state,
                            part,
                            bar,
                            pool,
                            seconds,
                            _connections(part, urls, parallel_from),
                        )
                    )
            except StepFailed as exc:
                raise EndpointError(
                    f"{exc}; {unchanged(graph, state)}; the next load removes what this one left"
                ) from None
            bar.phase("switching")
            t0 = time.perf_counter()
            report = _switch(http, urls, graph, lock, state, parts, reports)
            seconds["switch"] = time.perf_counter() - t0
            bar.phase("removing older versions")
            t0 = time.perf_counter()
            report.removed, cleanup_notes = _cleanup(http, urls, graph, parts)
            report.notes += cleanup_notes
            seconds["cleanup"] = time.perf_counter() - t0
        finally:
            released = lock.release()
    if not released:
        report.notes.append(f"the lock could not be released: the next load takes it over after {lock_timeout:.0f} s")
    report.seconds = seconds
    return report


def _load_part(
    http: Http,
    urls: Endpoints,
    graph: str,
    lock: Lock,
    state: State,
    part: Part,
    bar,
    pool,
    seconds: dict,
    connections: int,
) -> PartReport:
    t0 = time.perf_counter()
    sha = _sha256_lines(part.data)
    version = v.version_graph(part.graph, sha)
    in_use = {state.current.get(part.graph), state.previous.get(part.graph)}
    if version in in_use:  # the same content is loaded already: check it, upload nothing
        bar.phase("verifying")
        held, sent = _held_and_sent(http, urls, version, part.data, pool)
        seconds["verify"] += time.perf_counter() - t0
        bar.update(part.data.count(b"\n"))
        report = PartReport(part.name, part.graph, version, sent.triples, held.triples, sha, uploaded=False)
        if held == sent:
            return report
        try:
            report.compared_in_full = f"the store's aggregate was {held.describe()}; sent {sent.describe()}"
            _compare_in_full(http, urls, version, part.data, report)
            return report
        except StepFailed:
            version += "-" + lock.token[:8]  # the copy in use was changed by hand: load a fresh one beside it
    if version in {ver for _, ver in state.versions}:  # left by an interrupted load
        http.sparql_update(urls.update, f"DROP SILENT GRAPH <{version}>", "removing a graph an interrupted load left")
    http.sparql_update(
        urls.update, v.register_update(graph, lock.token, {part.graph: version}), "recording the new version"
    )
    bar.phase(f"uploading {part.name}")
    _upload(http, urls, version, part.data, bar, connections)
    t1 = time.perf_counter()
    seconds["upload"] += t1 - t0
    bar.phase(f"verifying {part.name}")
    held, sent = _held_and_sent(http, urls, version, part.data, pool)
    report = PartReport(part.name, part.graph, version, sent.triples, held.triples, sha)
    if held != sent:  # read back: either it differs, or the store writes some literals differently
        report.compared_in_full = f"the store's aggregate was {held.describe()}; sent {sent.describe()}"
        _compare_in_full(http, urls, version, part.data, report)
    seconds["verify"] += time.perf_counter() - t1
    return report


def _upload(http: Http, urls: Endpoints, graph: str, data: bytes, bar, connections: int = 1) -> None:
    """One streamed ``PUT``; with ``connections`` > 1 (Oxigraph's bulk mode), ``POST`` of as many
    pieces at once, each parsed and indexed by its own server thread (the graph is new and empty)."""
    url = gsp_url(urls.gsp, graph) + ("&no_transaction" if urls.bulk else "")
    pieces = upload_pieces(data, connections) if urls.bulk else [data]
    if len(pieces) > 1:
        with ThreadPoolExecutor(len(pieces)) as pool:
            sent = [pool.submit(_send, http, "POST", url, piece, bar) for piece in pieces]
            for future in sent:  # every piece ends (or fails) before the first failure is raised
                future.exception()
            for future in sent:
                future.result()
        return
    try:
        _send(http, "PUT", url, data, bar)
    except StepFailed as exc:
        if "(415)" not in str(exc):
            raise
        # N-Triples is a subset of Turtle: stores that only take Turtle accept the same bytes.
        http.request("PUT", url, body=data, content_type="text/turtle", what="the upload of the new version")


def _send(http: Http, method: str, url: str, data: bytes, bar) -> None:
    def chunks():
        for start in range(0, len(data), CHUNK):
            piece = data[start : start + CHUNK]
            yield piece
            bar.update(piece.count(b"\n"))

    http.request(
        method, url, body=chunks(), length=len(data), content_type=NTRIPLES, what="the upload of the new version"
    )


def _held_and_sent(http: Http, urls: Endpoints, version: str, data: bytes, pool) -> tuple[Aggregate, Aggregate]:
    """The store's aggregate of ``version`` and that of ``data``, computed while the store
    computes its own (not during the upload: the store needs every core then)."""
    sent_future = pool.submit(aggregate_of, data)
    held = _aggregate(http, urls, version)
    sent = sent_future.result()
    if held != sent and held.triples != sent.triples:  # perhaps a line written twice: count it once
        sent = aggregate_of(data, distinct_lines=True)
    return held, sent


def _aggregate(http: Http, urls: Endpoints, graph: str) -> Aggregate:
    """The store's aggregate of ``graph``: its two queries at once, on two connections."""
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(
                lambda query: http.sparql_select(urls.query, query, f"the checksum of <{graph}>"),
                aggregate_queries(graph, oxigraph=urls.bulk),
            )
        )
    row: dict = {}
    for rows in answers:
        row.update(rows[0] if rows else {})
    return aggregate_from_row(row)


def _compare_in_full(http: Http, urls: Endpoints, graph: str, data: bytes, report: PartReport) -> None:
    """Read the version back and compare by value; raise with the difference, or note the rewrites."""
    sent = content(data)
    _, ctype, body = http.request(
        "GET",
        gsp_url(urls.gsp, graph),
        what="reading back the new version",
        accept=f"{NTRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.5",
    )
    try:
        got = content(body, ctype)
    except (SyntaxError, ValueError) as exc:
        raise StepFailed(
            f"verification failed: the new version <{graph}> came back unreadable ({str(exc).splitlines()[0]})"
        ) from None
    if got.keys != sent.keys:
        raise StepFailed(
            f"verification failed: the new version <{graph}> differs from what was sent: {difference(sent, got)}"
        )
    report.rewritten, report.rewritten_example = rewritten(sent, got)


def _switch(
    http: Http, urls: Endpoints, graph: str, lock: Lock, state: State, parts: list[Part], reports: list[PartReport]
) -> LoadReport:
    current = {r.graph: r.version for r in reports}
    previous = dict(state.previous)
    for target, version in current.items():
        old = state.current.get(target)
        if old and old != version:
            previous[target] = old
    readers = [r.version for p, r in zip(parts, reports, strict=True) if p.reader]
    notes = []
    try:
        http.sparql_update(
            urls.update, v.switch_update(graph, lock.token, current, previous, readers), "the switch to the new version"
        )
    except StepFailed as exc:
        try:
            after = read_state(http, urls, graph)
        except StepFailed:
            raise EndpointError(
                f"{exc}; the store did not answer after the switch was sent: readers see either "
                "the previous graph or the new one, never a mix (the switch is one update); "
                "load again to be sure"
            ) from None
        if sorted(after.readers) != sorted(readers):
            raise EndpointError(f"{exc}; {unchanged(graph, after)}; the next load removes what this one left") from None
        notes.append(f"the answer to the switch was lost ({exc}), but the store shows it applied")
    after = read_state(http, urls, graph)
    if sorted(after.readers) != sorted(readers):
        raise EndpointError(
            f"the switch was not applied (the load lock was lost to another load); {unchanged(graph, after)}"
        )
    kept = sorted({previous[t] for t in current if t in previous})
    return LoadReport(urls.query, graph, reports, readers, kept, notes=notes)


def _cleanup(http: Http, urls: Endpoints, graph: str, parts: list[Part]) -> tuple[int, list[str]]:
    """Drop versions that are neither current nor previous, and graphs of unversioned loads."""
    state = read_state(http, urls, graph)
    keep = set(state.current.values()) | set(state.previous.values())
    removed, notes = 0, []
    stale = sorted((t, ver) for t, ver in state.versions if ver not in keep)
    try:
        for target, version in stale:
            http.sparql_update(
                urls.update, v.forget_update(graph, [(target, version)]), f"removing the old version <{version}>"
            )
            removed += 1
        for part in parts:  # staging graphs an interrupted load of the earlier, MOVE-based design left
            rows = http.sparql_select(
                urls.query,
                f'SELECT ?g WHERE {{ GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{part.graph}-staging-")) }}',
                "looking for staging graphs left behind",
            )
            for row in rows:
                http.sparql_update(
                    urls.update, f"DROP SILENT GRAPH <{row['g'].value}>", "removing a staging graph left behind"
                )
                notes.append(f"removed <{row['g'].value}>, left by an interrupted load of an earlier version")
                removed += 1
        for part in parts:  # a graph loaded whole into the target IRI by an unversioned load
            rows = http.sparql_select(
                urls.query,
                f"SELECT ?s WHERE {{ GRAPH <{part.graph}> {{ ?s ?p ?o }} }} LIMIT 1",
                f"looking for an unversioned copy in <{part.graph}>",
            )
            if rows:
                http.sparql_update(
                    urls.update, f"DROP SILENT GRAPH <{part.graph}>", f"removing the unversioned copy in <{part.graph}>"
                )
                notes.append(f"removed the graph an unversioned load had put in <{part.graph}>")
                removed += 1
    except StepFailed as exc:
        notes.append(f"the new version is in use, but removing older graphs failed ({exc}): the next load tries again")
    return removed, notes


def _connections(part: Part, urls: Endpoints, parallel_from: int) -> int:
    return CONNECTIONS if urls.bulk and len(part.data) >= parallel_from else 1


def _sha256_lines(data: bytes) -> str:
    """SHA-256 of the sorted N-Triples lines, as in the build's manifest (content_sha256)."""
    lines = sorted(line for line in data.split(b"\n") if line.strip())
    return hashlib.sha256(b"\n".join(lines)).hexdigest()
