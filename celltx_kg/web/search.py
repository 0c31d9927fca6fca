"""Search as you type: labels and synonyms (English and Chinese), CURIEs and standard identifiers.

The names are read from the store once (a few thousand) into memory; a look-up scans them and
ranks an exact match first, then names that start with the text, then names that contain it.
Parameter fields with ``class=`` or ``subclass=`` suggest only entities that fit.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from ..namespaces import CURIE_PREFIXES, PREFIX_BLOCK, expand_curie, shorten
from ..sparql.bind import NAME_PROPERTIES, with_values
from .engine import select
from .entity import IDENTIFIER_PROPERTIES

_NAMES = (
    PREFIX_BLOCK
    + "SELECT ?entity ?name WHERE { "
    + NAME_PROPERTIES
    + " ?entity ?property ?name . FILTER(isIRI(?entity)) }"
)
_IDS = (
    PREFIX_BLOCK
    + "SELECT ?entity ?id WHERE { VALUES ?property { "
    + " ".join(f"<{p}>" for p in sorted(IDENTIFIER_PROPERTIES))
    + " } ?entity ?property ?id . FILTER(isIRI(?id)) }"
)
_LABELS = PREFIX_BLOCK + "SELECT ?entity ?label WHERE { ?entity rdfs:label ?label . FILTER(isIRI(?entity)) }"
_INSTANCES = PREFIX_BLOCK + "SELECT DISTINCT ?entity WHERE { ?entity a/rdfs:subClassOf* ?class }"
_SUBCLASSES = (
    PREFIX_BLOCK
    + """SELECT DISTINCT ?entity WHERE {
  ?entity (rdfs:subClassOf|owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first)* ?class . ?entity a owl:Class }"""
)


def curie(iri: str) -> str:
    """A standard identifier as people write it (``HGNC:11913``), else the project CURIE."""
    best = None
    for name, ns in CURIE_PREFIXES.items():
        if iri.startswith(ns) and name not in ("celltx", "celltxd") and (best is None or len(ns) > len(best[1])):
            best = (name, ns)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else shorten(iri)


class Hit(NamedTuple):
    iri: str
    en: str
    zh: str
    matched: str


class NameIndex:
    """Every name of every entity, held in memory."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.names: list[tuple[str, str, str]] = []  # (lower-case name, name, entity IRI)
        self.labels: dict[str, dict[str, str]] = {}
        for sol in select(store, _NAMES):
            self._add(sol["name"].value, sol["entity"].value)
        for sol in select(store, _IDS):
            self._add(curie(sol["id"].value), sol["entity"].value)
        for sol in select(store, _LABELS):
            lang = (sol["label"].language or "en").split("-")[0]
            self.labels.setdefault(sol["entity"].value, {}).setdefault(lang, sol["label"].value)
        for iri in {e for _, _, e in self.names}:
            self._add(shorten(iri), iri)
        self._members: dict[tuple, set[str]] = {}

    def _add(self, name: str, iri: str) -> None:
        self.names.append((name.casefold(), name, iri))

    def members(self, cls: str | None, subclass: str | None) -> set[str] | None:
        """Entities a parameter with ``class=`` / ``subclass=`` accepts (``None``: any)."""
        if not cls and not subclass:
            return None
        key = (cls, subclass)
        if key not in self._members:
            allowed = None
            for text, klass in ((_INSTANCES, cls), (_SUBCLASSES, subclass)):
                if klass:
                    iri = expand_curie(klass) or klass
                    found = {
                        s["entity"].value
                        for s in select(self.store, with_values(text, {ox.Variable("class"): ox.NamedNode(iri)}))
                        if isinstance(s["entity"], ox.NamedNode)
                    }
                    allowed = found if allowed is None else allowed & found
            self._members[key] = allowed or set()
        return self._members[key]

    def search(self, text: str, limit: int = 12, allowed: set[str] | None = None) -> list[Hit]:
        needle = " ".join(text.split()).casefold()
        if not needle:
            return []
        best: dict[str, tuple] = {}
        for lower, name, iri in self.names:
            if allowed is not None and iri not in allowed:
                continue
            pos = lower.find(needle)
            if pos < 0:
                continue
            rank = (0 if lower == needle else 1 if pos == 0 else 2, len(name), name)
            if iri not in best or rank < best[iri][0]:
                best[iri] = (rank, name)
        ordered = sorted(best.items(), key=lambda kv: (kv[1][0], kv[0]))[:limit]
        return [
            Hit(iri, self.label(iri, "en"), self.label(iri, "zh", fallback=False), name) for iri, (_, name) in ordered
        ]

    def label(self, iri: str, lang: str, fallback: bool = True) -> str:
        names = self.labels.get(iri, {})
        if lang in names:
            return names[lang]
        if not fallback:
            return ""
        return names.get("en") or next(iter(names.values()), "") or shorten(iri)


__all__ = ["Hit", "NameIndex", "curie"]
