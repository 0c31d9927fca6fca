"""Comparing what a store holds with what was sent: by value, blank nodes after RDF canonicalisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter

import pyoxigraph as ox

from .http import NTRIPLES, XSD

# --------------------------------------------------------------------------- content comparison

_INTEGERS = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
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
        dataset = ox.Dataset(
            ox.Quad(t.subject, t.predicate, by_value(t.object) if isinstance(t.object, ox.Literal) else t.object)
            for t in with_bnodes
        )
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


# --------------------------------------------------------------------------- aggregate check

_TEXT_TYPES = (XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


@dataclass(frozen=True)
class Aggregate:
    """What a store computes over a graph, compared with what was sent: the triple count, the
    distinct subjects and objects, and the characters of the distinct text literals (strings and
    language-tagged strings; numbers are left out, since stores rewrite them in canonical form)."""

    triples: int
    subjects: int
    objects: int
    chars: int

    def describe(self) -> str:
        return (
            f"{self.triples} triples, {self.subjects} subjects, {self.objects} objects, "
            f"{self.chars} characters of distinct text"
        )


def aggregate_queries(graph: str, oxigraph: bool = False) -> tuple[str, str]:
    """The two SPARQL 1.1 queries computing :class:`Aggregate` over one named graph.

    The counts need no expression, so a store computes them on its term identifiers without
    reading a string; the characters need each literal's text, read once per distinct object.
    Two queries, so the store can answer them at the same time on two connections. On Oxigraph
    ``STRLEN`` of anything but a string is an error that ``COALESCE`` turns into 0 (one look at
    each object); other stores (Virtuoso) stop the whole query at such an error, so there the
    type of each object is tested first."""
    counts = (
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) "
        f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    text = ", ".join(f"<{t}>" for t in _TEXT_TYPES)
    length = (
        "COALESCE(STRLEN(?o), 0)"
        if oxigraph
        else f'IF(isLiteral(?o) && (LANG(?o) != "" || DATATYPE(?o) IN ({text})), STRLEN(STR(?o)), 0)'
    )
    chars = (
        f"SELECT (SUM({length}) AS ?chars) WHERE {{ SELECT DISTINCT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }}"
    )
    return counts, chars


# One triple per line, one space between terms, as the serialisers here write N-Triples:
# the subject and the object of each line.
_TRIPLE = re.compile(rb"^([<_]\S*) \S+ (.*[^ \t]) *\.[ \t\r]*$", re.M)


#: Bytes read by one call of the regular expression: the interpreter lets other threads run
#: between two calls (the upload that this runs beside needs it to send the next chunk).
SLICE = 1 << 20


def _slices(data: bytes):
    """(start, end) of pieces of about :data:`SLICE` bytes, cut after a line end."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + SLICE)
        end = len(data) if end == -1 else end + 1
        yield start, end
        start = end


def aggregate_of(data: bytes, distinct_lines: bool = False) -> Aggregate:
    """The :class:`Aggregate` of N-Triples as sent, terms compared as written.

    Read line by line, as the serialisers here write N-Triples (one triple per line, one space
    between terms), by one regular expression over slices of the text (in C, not per line in
    Python). Every line counts as a triple unless ``distinct_lines`` (slower: a line written
    twice is one triple, as the store counts it). A store that writes some literals in another
    form counts fewer objects, and the load then compares the content in full, so this never
    decides alone that data differ."""
    if distinct_lines:
        data = b"\n".join(set(data.split(b"\n")))
    found = [triple for start, end in _slices(data) for triple in _TRIPLE.findall(data, start, end)]
    subjects = set(map(itemgetter(0), found))
    objects, chars = set(), 0
    for obj in set(map(itemgetter(1), found)):
        if obj[:1] == b'"':
            length = _text_length(obj)
            if length is None:  # a typed literal: by value, as stores keep numbers
                obj = _typed_by_value(obj)
            else:
                chars += length
        objects.add(obj)
    return Aggregate(len(found), len(subjects), len(objects), chars)


_TEXT_SUFFIXES = tuple(f'"^^<{t}>'.encode() for t in _TEXT_TYPES)


def _text_length(literal: bytes) -> int | None:
    """Characters of a string or language-tagged literal as written in N-Triples (``None`` for other types)."""
    end = literal.rfind(b'"')
    tail = literal[end:]
    if tail != b'"' and not tail.startswith(b'"@') and tail not in _TEXT_SUFFIXES:
        return None
    body = literal[1:end]
    if b"\\" not in body:
        return len(body.decode("utf-8"))
    term = next(iter(ox.parse(b"<urn:x> <urn:x> " + literal + b" .", format=ox.RdfFormat.N_TRIPLES))).object
    return len(term.value)


def _typed_by_value(literal: bytes) -> bytes:
    end = literal.rfind(b'"')
    try:
        lit = ox.Literal(literal[1:end].decode("utf-8"), datatype=ox.NamedNode(literal[end + 4 : -1].decode("utf-8")))
    except (ValueError, UnicodeDecodeError):
        return literal
    return str(by_value(lit)).encode("utf-8")


def aggregate_from_row(row: dict) -> Aggregate:
    """The :class:`Aggregate` a store answered, from the rows of both queries merged (a missing
    sum is 0: an empty graph)."""

    def number(name: str) -> int:
        term = row.get(name)
        return int(float(term.value)) if term is not None else 0

    return Aggregate(number("triples"), number("subjects"), number("objects"), number("chars"))
