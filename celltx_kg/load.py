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
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from .errors import EndpointError, UsageError
from .namespaces import DEFAULT_GRAPH_IRI, PREFIXES
from .remote import check_url, describe_http_error, redact

XSD = PREFIXES["xsd"]
NTRIPLES = "application/n-triples"


# --------------------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class Endpoints:
    """The three URLs a load uses: SPARQL query, SPARQL update and Graph Store Protocol.

    ``bulk``: upload with Oxigraph's ``no_transaction`` (several times faster; safe here because
    the staging graph is verified before it replaces anything)."""

    query: str
    update: str
    gsp: str
    bulk: bool = False


def endpoints(query: str, update: str | None = None, gsp: str | None = None) -> Endpoints:
    """The store's URLs; update and GSP default to Oxigraph's siblings of ``/query``.

    >>> endpoints("http://127.0.0.1:7878/query")
    Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', gsp='http://127.0.0.1:7878/store', bulk=True)
    """
    for url in (query, update, gsp):
        if url is not None:
            check_url(url)
    if update is None or gsp is None:
        parts = urllib.parse.urlsplit(query)
        if not parts.path.endswith("/query"):
            raise UsageError(
                f"cannot tell the update and Graph Store URLs of {query}: give --update-endpoint and "
                "--gsp-endpoint (Fuseki: /DATASET/update and /DATASET/data; GraphDB: "
                "/repositories/ID/statements and /repositories/ID/rdf-graphs/service; Virtuoso: /sparql "
                "and /sparql-graph-crud)")
        base = parts.path[: -len("/query")]

        def sibling(name: str) -> str:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, base + name, "", ""))

        update = update or sibling("/update")
        if gsp is None:
            return Endpoints(query, update, sibling("/store"), bulk=True)
    return Endpoints(query, update, gsp)


# --------------------------------------------------------------------------- HTTP


class _StepFailed(Exception):
    """One HTTP step failed; ``str()`` is the one-line reason (no credentials). ``status`` is the
    HTTP status when the store answered with an error, ``None`` when it did not answer."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class _Http:
    def __init__(self, timeout: float):
        self.timeout = timeout

    def request(self, method: str, url: str, *, body: bytes | None = None, content_type: str | None = None,
                accept: str | None = None, what: str = "") -> tuple[int, str, bytes]:
        from .credentials import auth_header

        req = urllib.request.Request(url, data=body, method=method)
        if content_type:
            req.add_header("Content-Type", content_type)
        if accept:
            req.add_header("Accept", accept)
        header = auth_header(url)
        if header:
            req.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except Exception as exc:  # urllib, http.client and socket errors all end here
            if not isinstance(exc, (OSError, urllib.error.URLError, ValueError)) and not _is_http_client_error(exc):
                raise
            status = exc.code if isinstance(exc, urllib.error.HTTPError) else None
            raise _StepFailed(f"{redact(url)}: {describe_http_error(exc, what)}", status) from None

    def sparql_update(self, url: str, update: str, what: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode()
        self.request("POST", url, body=body, content_type="application/x-www-form-urlencoded", what=what)

    def sparql_select(self, url: str, query: str, what: str) -> list[dict]:
        body = urllib.parse.urlencode({"query": query}).encode()
        _, ctype, data = self.request("POST", url, body=body, content_type="application/x-www-form-urlencoded",
                                      accept="application/sparql-results+json", what=what)
        try:
            results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            return [{v.value: s[v] for v in results.variables} for s in results]
        except (SyntaxError, ValueError) as exc:
            raise _StepFailed(f"{redact(url)}: the answer to {what} is not SPARQL JSON results ({ctype or 'no type'})") from exc


def _is_http_client_error(exc: Exception) -> bool:
    import http.client

    return isinstance(exc, http.client.HTTPException)


def gsp_url(gsp: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification: ``?graph=``)."""
    sep = "&" if urllib.parse.urlsplit(gsp).query else "?"
    return f"{gsp}{sep}{urllib.parse.urlencode({'graph': graph})}"


# --------------------------------------------------------------------------- content comparison

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                               "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}
_INTEGER = ox.NamedNode(XSD + "integer")


def by_value(lit: ox.Literal) -> ox.Literal:
    """The literal as compared: integers of every XSD integer type as ``xsd:integer`` (Oxigraph
    stores them so), decimals, floats and booleans in canonical form, language tags lower-cased."""
    if lit.language:
        lang = lit.language.lower()
        return lit if lang == lit.language else ox.Literal(lit.value, language=lang)
    dt, text = lit.datatype.value, lit.value.strip()
    try:
        if dt in _INTEGERS:
            return ox.Literal(str(int(text)), datatype=_INTEGER)
        if dt == XSD + "decimal":
            value = Decimal(text)
            return ox.Literal(format(value.normalize() if value else Decimal(0), "f"), datatype=lit.datatype)
        if dt in _FLOATS:
            return ox.Literal(repr(float(text)), datatype=lit.datatype)
        if dt == XSD + "boolean":
            return ox.Literal({"1": "true", "0": "false"}.get(text, text), datatype=lit.datatype)
    except (ValueError, InvalidOperation):
        pass  # ill-typed: compared as written
    return lit


@dataclass
class Content:
    """A graph reduced for comparison: ground triples keyed by value, blank-node triples after
    canonicalisation, and the literals as written (to tell which ones a store rewrote)."""

    triples: int  # distinct triples as parsed
    keys: set[str]
    literals: dict[str, str] = field(default_factory=dict)  # literal as written → its value key

    def sha256(self) -> str:
        return hashlib.sha256("\n".join(sorted(self.keys)).encode()).hexdigest()


def content(data: bytes, media_type: str = NTRIPLES) -> Content:
    """Parse RDF and key every triple for comparison (see the module docstring)."""
    fmt = _rdf_format(media_type)
    seen: set[ox.Triple] = set()
    keys: set[str] = set()
    literals: dict[str, str] = {}
    with_bnodes = []
    for triple in ox.parse(data, format=fmt):
        if triple in seen:
            continue
        seen.add(triple)
        obj = triple.object
        if isinstance(obj, ox.Literal):
            written = str(obj)
            okey = literals.get(written)
            if okey is None:
                okey = literals[written] = str(by_value(obj))
        else:
            okey = str(obj)
        if isinstance(triple.subject, ox.BlankNode) or isinstance(obj, ox.BlankNode):
            with_bnodes.append(triple)
        else:
            keys.add(f"{triple.subject} {triple.predicate} {okey}")
    if with_bnodes:
        # Literals by value first, so a store's canonical forms do not change the blank-node labels.
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, by_value(t.object) if isinstance(t.object, ox.Literal)
                                     else t.object) for t in with_bnodes)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        keys.update(f"{q.subject} {q.predicate} {q.object}" for q in dataset)
    return Content(len(seen), keys, literals)


def rewritten(sent: Content, got: Content) -> tuple[int, str]:
    """How many distinct literals the store holds in another written form than was sent (same
    value), with one example."""
    changed = [w for w in sent.literals if w not in got.literals]
    if not changed:
        return 0, ""
    first = min(changed)
    stored = next((w for w, k in got.literals.items() if k == sent.literals[first]), "?")
    return len(changed), re.sub(r"<http://www\.w3\.org/2001/XMLSchema#(\w+)>", r"xsd:\1", f"{first} as {stored}")


def _rdf_format(media_type: str) -> ox.RdfFormat:
    base = media_type.split(";")[0].strip().lower() or NTRIPLES
    fmt = ox.RdfFormat.from_media_type(base)
    if fmt is None:
        raise ValueError(f"unsupported RDF media type {base!r}")
    return fmt


def difference(sent: Content, got: Content, limit: int = 1) -> str:
    """A one-line description of how two contents differ."""
    missing, extra = sent.keys - got.keys, got.keys - sent.keys
    parts = []
    if missing:
        parts.append(f"{len(missing)} triple(s) sent are missing (e.g. {_short(sorted(missing)[0])})")
    if extra:
        parts.append(f"{len(extra)} triple(s) not sent are present (e.g. {_short(sorted(extra)[0])})")
    return "; ".join(parts) or "no difference"


def _short(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- what to load


@dataclass
class Part:
    """One graph to upload: its target IRI and its N-Triples."""

    name: str
    graph: str
    data: bytes


def single_part(graph: str = DEFAULT_GRAPH_IRI) -> list[Part]:
    """The built graph (ontology + facts + derived types), from the query-store cache."""
    from .store import graph_ntriples

    return [Part("graph", graph, graph_ntriples().read_bytes())]


def split_parts(graph: str = DEFAULT_GRAPH_IRI, notes: list[str] | None = None) -> list[Part]:
    """Ontology, facts (with derived types), shapes and query catalogue, each into ``<graph>/<part>``."""
    from . import paths
    from .build import load_graph, parse_turtle, serialize

    full = load_graph()
    ontology = load_graph(files=[], derive=False)
    sources = {"ontology": ontology, "facts": full - ontology, "shapes": parse_turtle(paths.shape_files())}
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
        from .catalogue_rdf import catalogue_rdf
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
    http = _Http(timeout)
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
            except _StepFailed as exc:
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
    except _StepFailed as exc:
        raise EndpointError(f"{exc}; {_unchanged(targets, was)}{_drop_staging(http, urls, uploaded)}") from None

    moves = " ;\n".join(f"MOVE GRAPH <{staging[p.graph]}> TO <{p.graph}>" for p in parts)
    notes = []
    t0 = time.perf_counter()
    try:
        http.sparql_update(urls.update, moves, "the swap (MOVE GRAPH)")
    except _StepFailed as exc:
        applied, state = _after_failed_swap(http, urls, parts, staging, reports, targets,
                                            answered=exc.status is not None)
        if not applied:
            raise EndpointError(f"{exc}; {state}") from None
        notes.append(f"the answer to the swap was lost ({exc}), but the store shows it applied")
    seconds["swap"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    for part, rep in zip(parts, reports):
        try:
            held = _count(http, urls.query, part.graph)
        except _StepFailed as exc:
            raise EndpointError(f"{exc}; the swap was done, so {targets} {'hold' if len(parts) > 1 else 'holds'} "
                                "the new graph, but its final count could not be checked") from None
        if held != rep.held:
            raise EndpointError(f"after the swap <{part.graph}> holds {held} triples, {rep.held} were verified; "
                                "another client may have written to it, or the store ignored MOVE: load again")
    seconds["verify"] += time.perf_counter() - t0
    return LoadReport(urls.query, reports, seconds, notes)


def _put(http: _Http, urls: Endpoints, graph: str, data: bytes) -> None:
    url = gsp_url(urls.gsp, graph) + ("&no_transaction" if urls.bulk else "")
    try:
        http.request("PUT", url, body=data, content_type=NTRIPLES, what="the upload to the staging graph")
    except _StepFailed as exc:
        if "(415)" not in str(exc):
            raise
        # N-Triples is a subset of Turtle: stores that only take Turtle accept the same bytes.
        http.request("PUT", url, body=data, content_type="text/turtle", what="the upload to the staging graph")


def _verify(http: _Http, urls: Endpoints, graph: str, sent: Content) -> tuple[int, Content]:
    """Count, then content: the triples the staging graph holds, and its content."""
    held = _count(http, urls.query, graph)
    # A store that keeps literals by value holds equal-valued triples once ("1" and "01"^^xsd:integer).
    if held not in (sent.triples, len(sent.keys)):
        raise _StepFailed(f"verification failed: the staging graph <{graph}> holds {held} triples, "
                          f"{sent.triples} were sent")
    _, ctype, data = http.request("GET", gsp_url(urls.gsp, graph), what="reading back the staging graph",
                                  accept=f"{NTRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.5")
    try:
        got = content(data, ctype)
    except (SyntaxError, ValueError) as exc:
        raise _StepFailed(f"verification failed: the staging graph <{graph}> came back unreadable "
                          f"({str(exc).splitlines()[0]})") from None
    if got.keys != sent.keys:
        raise _StepFailed(f"verification failed: the staging graph <{graph}> differs from what was sent: "
                          f"{difference(sent, got)}")
    return held, got


def _count(http: _Http, query_url: str, graph: str) -> int:
    rows = http.sparql_select(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                              f"the triple count of <{graph}>")
    try:
        return int(rows[0]["n"].value)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError):
        raise _StepFailed(f"{redact(query_url)}: the triple count of <{graph}> came back empty") from None


def _sha256_lines(data: bytes) -> str:
    """SHA-256 of the sorted N-Triples lines, as in the build's manifest (content_sha256)."""
    lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _unchanged(targets: str, was: str) -> str:
    return f"the target graph{'s' if was == 'were' else ''} {targets} {was} not changed"


def _drop_staging(http: _Http, urls: Endpoints, graphs: list[str]) -> str:
    if not graphs:
        return ""
    drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
    try:
        http.sparql_update(urls.update, drops, "removing the staging graph")
    except _StepFailed:
        names = ", ".join(f"<{g}>" for g in graphs)
        return f"; the staging graph {names} may remain (remove it with: {drops.replace(chr(10), ' ')})"
    return "; the staging graph was removed"


def _after_failed_swap(http: _Http, urls: Endpoints, parts, staging, reports, targets: str,
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
    except _StepFailed:
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


__all__ = ["Endpoints", "LoadReport", "Part", "content", "endpoints", "load", "single_part", "split_parts"]
