"""Load the graph into a SPARQL 1.1 triplestore: upload, verify, swap.

The graph is uploaded with the SPARQL 1.1 Graph Store HTTP Protocol (GSP ``PUT``) into a
fresh staging graph ``<IRI>-staging-<random>``, read back (GSP ``GET``) and compared with what
was sent (triple count through the query endpoint, then content), and only then moved over the
target with one SPARQL Update request (``MOVE GRAPH <staging> TO <target>``), which stores
apply as one transaction. A failure at any step leaves the target graph as it was; the error
says what the store holds. On Oxigraph the staging upload uses its ``no_transaction`` bulk mode:
nothing reads the staging graph before it is verified.

Plain HTTP (urllib): SPARQLWrapper is a query client and cannot upload. Credentials come from
:mod:`celltx_kg.credentials` (environment or netrc) and are never printed.

Content comparison is by value: stores write some literals in their canonical form
(Oxigraph stores ``"0.0"^^xsd:decimal`` as ``"0"``), so numbers and booleans are compared by
value and language tags case-insensitively; blank nodes (OWL class expressions, SHACL property
shapes) are compared after RDF canonicalisation (RDFC-1.0), since no store keeps their labels.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field

from ..errors import EndpointError, UsageError
from ..namespaces import DEFAULT_GRAPH_IRI
from ..net import redact
from .http import NTRIPLES, Endpoints, Http, StepFailed, gsp_url
from .verify import Content, content, difference, rewritten

# --------------------------------------------------------------------------- what to load


@dataclass
class Part:
    """One graph to upload: its target IRI and its N-Triples."""

    name: str
    graph: str
    data: bytes


def single_part(graph: str = DEFAULT_GRAPH_IRI) -> list[Part]:
    """The built graph (ontology + facts + derived types), from the query-store cache."""
    from ..sparql.store import graph_ntriples

    return [Part("graph", graph, graph_ntriples().read_bytes())]


def split_parts(graph: str = DEFAULT_GRAPH_IRI, notes: list[str] | None = None) -> list[Part]:
    """Ontology, facts (with derived types), shapes and query catalogue, each into ``<graph>/<part>``."""
    from ..graph.build import build_graph, read_shapes
    from ..graph.serialize import serialize

    full = build_graph()
    ontology = build_graph(files=[], derive=False)
    sources = {"ontology": ontology, "facts": full - ontology, "shapes": read_shapes()}
    data = {name: serialize(g, "nt") for name, g in sources.items()}
    catalogue = catalogue_ntriples()
    if catalogue is None:
        if notes is not None:
            notes.append("the query catalogue has no RDF form in this version: no /queries graph was loaded")
    else:
        data["queries"] = catalogue
    return [Part(name, f"{graph.rstrip('/')}/{name}", body) for name, body in data.items()]


def catalogue_ntriples() -> bytes | None:
    """The saved-query catalogue as N-Triples (``None`` where the catalogue has no RDF form)."""
    try:
        from ..sparql.catalogue_rdf import catalogue_rdf
    except ImportError:
        return None
    return catalogue_rdf("ntriples")


# --------------------------------------------------------------------------- the load


@dataclass
class PartReport:
    name: str
    graph: str
    triples: int  # distinct triples sent
    held: int  # triples the store holds (fewer when it merges literals of equal value)
    sha256: str
    rewritten: int = 0
    rewritten_example: str = ""


@dataclass
class LoadReport:
    endpoint: str
    parts: list[PartReport]
    seconds: dict = field(default_factory=dict)  # phase → seconds
    notes: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(p.triples for p in self.parts)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def lines(self) -> list[str]:
        """The report: one line per graph loaded, the verification, notes, timing."""
        out = []
        for p in self.parts:
            merged = f"; held as {p.held}: the store merges literals of equal value" if p.held != p.triples else ""
            out.append(f"loaded {p.triples} triples into <{p.graph}> (sha256 {p.sha256[:16]}…{merged})")
        out.append("verified: the store holds exactly the triples sent (count, and content read back and compared)")
        for p in self.parts:
            if p.rewritten:
                out.append(f"note: the store holds {p.rewritten} distinct literal(s) of <{p.graph}> in another "
                           f"written form with the same value, e.g. {p.rewritten_example}")
        out += [f"note: {n}" for n in self.notes]
        rate = self.triples / self.total_seconds if self.total_seconds else 0
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in self.seconds.items())
        out.append(f"{self.endpoint}: {self.total_seconds:.2f} s ({phases}), {rate:,.0f} triples/s")
        return out


def load(parts: list[Part], urls: Endpoints, timeout: float = 60.0) -> LoadReport:
    """Upload each part to a staging graph, verify it, then swap all parts in one update.

    Raises :class:`EndpointError` whose message says what the store holds after the failure.
    """
    if not parts:
        raise UsageError("nothing to load")
    http = Http(timeout)
    token = secrets.token_hex(6)
    staging = {p.graph: f"{p.graph}-staging-{token}" for p in parts}
    targets = ", ".join(f"<{p.graph}>" for p in parts)
    was = "were" if len(parts) > 1 else "was"
    seconds = {"upload": 0.0, "verify": 0.0, "swap": 0.0}
    reports = []
    uploaded: list[str] = []
    try:
        for part in parts:
            t0 = time.perf_counter()
            try:
                _put(http, urls, staging[part.graph], part.data)
            except StepFailed as exc:
                if exc.status is None or exc.status >= 500:  # unanswered or failed midway: it may exist
                    uploaded.append(staging[part.graph])
                raise
            uploaded.append(staging[part.graph])
            t1 = time.perf_counter()
            sent = content(part.data)
            held, got = _verify(http, urls, staging[part.graph], sent)
            seconds["upload"] += t1 - t0
            seconds["verify"] += time.perf_counter() - t1
            reports.append(PartReport(part.name, part.graph, sent.triples, held, _sha256_lines(part.data),
                                      *rewritten(sent, got)))
    except StepFailed as exc:
        raise EndpointError(f"{exc}; {_unchanged(targets, was)}{_drop_staging(http, urls, uploaded)}") from None

    moves = " ;\n".join(f"MOVE GRAPH <{staging[p.graph]}> TO <{p.graph}>" for p in parts)
    notes = []
    t0 = time.perf_counter()
    try:
        http.sparql_update(urls.update, moves, "the swap (MOVE GRAPH)")
    except StepFailed as exc:
        applied, state = _after_failed_swap(http, urls, parts, staging, reports, targets,
                                            answered=exc.status is not None)
        if not applied:
            raise EndpointError(f"{exc}; {state}") from None
        notes.append(f"the answer to the swap was lost ({exc}), but the store shows it applied")
    seconds["swap"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    for part, rep in zip(parts, reports, strict=False):
        try:
            held = _count(http, urls.query, part.graph)
        except StepFailed as exc:
            raise EndpointError(f"{exc}; the swap was done, so {targets} {'hold' if len(parts) > 1 else 'holds'} "
                                "the new graph, but its final count could not be checked") from None
        if held != rep.held:
            raise EndpointError(f"after the swap <{part.graph}> holds {held} triples, {rep.held} were verified; "
                                "another client may have written to it, or the store ignored MOVE: load again")
    seconds["verify"] += time.perf_counter() - t0
    return LoadReport(urls.query, reports, seconds, notes)


def _put(http: Http, urls: Endpoints, graph: str, data: bytes) -> None:
    url = gsp_url(urls.gsp, graph) + ("&no_transaction" if urls.bulk else "")
    try:
        http.request("PUT", url, body=data, content_type=NTRIPLES, what="the upload to the staging graph")
    except StepFailed as exc:
        if "(415)" not in str(exc):
            raise
        # N-Triples is a subset of Turtle: stores that only take Turtle accept the same bytes.
        http.request("PUT", url, body=data, content_type="text/turtle", what="the upload to the staging graph")


def _verify(http: Http, urls: Endpoints, graph: str, sent: Content) -> tuple[int, Content]:
    """Count, then content: the triples the staging graph holds, and its content."""
    held = _count(http, urls.query, graph)
    # A store that keeps literals by value holds equal-valued triples once ("1" and "01"^^xsd:integer).
    if held not in (sent.triples, len(sent.keys)):
        raise StepFailed(f"verification failed: the staging graph <{graph}> holds {held} triples, "
                          f"{sent.triples} were sent")
    _, ctype, data = http.request("GET", gsp_url(urls.gsp, graph), what="reading back the staging graph",
                                  accept=f"{NTRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.5")
    try:
        got = content(data, ctype)
    except (SyntaxError, ValueError) as exc:
        raise StepFailed(f"verification failed: the staging graph <{graph}> came back unreadable "
                          f"({str(exc).splitlines()[0]})") from None
    if got.keys != sent.keys:
        raise StepFailed(f"verification failed: the staging graph <{graph}> differs from what was sent: "
                          f"{difference(sent, got)}")
    return held, got


def _count(http: Http, query_url: str, graph: str) -> int:
    rows = http.sparql_select(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                              f"the triple count of <{graph}>")
    try:
        return int(rows[0]["n"].value)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError):
        raise StepFailed(f"{redact(query_url)}: the triple count of <{graph}> came back empty") from None


def _sha256_lines(data: bytes) -> str:
    """SHA-256 of the sorted N-Triples lines, as in the build's manifest (content_sha256)."""
    lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _unchanged(targets: str, was: str) -> str:
    return f"the target graph{'s' if was == 'were' else ''} {targets} {was} not changed"


def _drop_staging(http: Http, urls: Endpoints, graphs: list[str]) -> str:
    if not graphs:
        return ""
    drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
    try:
        http.sparql_update(urls.update, drops, "removing the staging graph")
    except StepFailed:
        names = ", ".join(f"<{g}>" for g in graphs)
        return f"; the staging graph {names} may remain (remove it with: {drops.replace(chr(10), ' ')})"
    return "; the staging graph was removed"


def _after_failed_swap(http: Http, urls: Endpoints, parts, staging, reports, targets: str,
                       answered: bool) -> tuple[bool, str]:
    """Whether a MOVE that failed or went unanswered took effect, and what the store holds if not.

    ``answered``: the store replied with an error status, so the update has ended. Without a
    reply it may still be running: then nothing is dropped and nothing is promised but atomicity.
    """
    plural = len(parts) > 1
    names = ", ".join(f"<{s}>" for s in staging.values())
    uncertain = (f"{targets} {'hold' if plural else 'holds'} either the previous or the new graph, never a mix "
                 f"(the swap is one update); the staging graph {names} may remain; load again to be sure")
    try:
        left = [_count(http, urls.query, staging[p.graph]) for p in parts]
        held = [_count(http, urls.query, p.graph) for p in parts]
    except StepFailed:
        return False, "the store did not answer after the swap was sent: " + uncertain
    expected = [r.held for r in reports]
    if all(n == 0 for n in left) and held == expected:
        return True, ""
    if not answered:
        return False, "the store may still be applying the swap: " + uncertain
    if left == expected:
        return False, _unchanged(targets, "were" if plural else "was") + _drop_staging(http, urls, list(staging.values()))
    return False, (f"the store holds {', '.join(map(str, held))} triple(s) in {targets} and "
                   f"{', '.join(map(str, left))} in the staging graph(s): the swap may have been applied in part "
                   "(a store that does not run one update as one transaction); load again")

