"""Comparing what a store holds with what was sent: by value, blank nodes after RDF canonicalisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from .http import NTRIPLES, XSD

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
