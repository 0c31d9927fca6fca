"""What new facts change in the curated graph: new entities, new triples, links to existing
entities, and likely duplicates (an existing entity under another IRI with the same label,
synonym or identifier)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..namespaces import CELLTXD, SKOLEM, shorten

if TYPE_CHECKING:
    from rdflib import Graph

#: Names compared (case- and space-insensitive) to find likely duplicates.
NAME_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://w3id.org/celltx/inn",
    "https://w3id.org/celltx/developmentCode",
)
#: Identifiers compared exactly.
ID_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#exactMatch",
    "https://w3id.org/celltx/registryId",
    "http://purl.org/dc/terms/identifier",
)


@dataclass
class Changes:
    new_entities: list = field(default_factory=list)  # IRIs
    new_triples: int = 0
    links: list = field(default_factory=list)  # (subject, predicate, existing entity)
    duplicates: list = field(default_factory=list)  # (new entity, existing entity, why)

    def text(self) -> str:
        lines = [
            f"Changes: {self.new_triples} new triples, {len(self.new_entities)} new entities, "
            f"{len(self.links)} links to existing entities, {len(self.duplicates)} likely duplicates"
        ]
        lines += _capped([f"  new entity {shorten(str(n))}" for n in self.new_entities], "new entities")
        lines += _capped(
            [f"  link {shorten(str(s))} {shorten(str(p))} {shorten(str(o))} (existing)" for s, p, o in self.links],
            "links",
        )
        lines += [
            f"  likely duplicate: {shorten(str(n))} and existing {shorten(str(o))} share {why}"
            for n, o, why in self.duplicates
        ]
        return "\n".join(lines)

    def json(self) -> dict:
        return {
            "newTriples": self.new_triples,
            "newEntities": [str(n) for n in self.new_entities],
            "links": [{"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in self.links],
            "duplicates": [{"entity": str(n), "existing": str(o), "matchedOn": why} for n, o, why in self.duplicates],
        }


#: Lines shown per list in the text report (JSON has them all); likely duplicates are all shown.
SHOWN = 10


def _capped(lines: list[str], what: str) -> list[str]:
    if len(lines) <= SHOWN:
        return lines
    return [*lines[:SHOWN], f"  … and {len(lines) - SHOWN} more {what} (-f json lists them all)"]


def _entity(node) -> bool:
    text = str(node)
    return text.startswith(CELLTXD) and not text.startswith(SKOLEM)


def _norm(text) -> str:
    return "".join(str(text).split()).casefold()


def _holder(graph: Graph, node):
    """A skolem node (evidence, receptor …) is shown as the entity that holds it."""
    seen = set()
    while str(node).startswith(SKOLEM) and node not in seen:
        seen.add(node)
        node = next(graph.subjects(None, node), node)
    return node


def compute_changes(new: Graph, base: Graph) -> Changes:
    """``new`` skolemised as the build does (:func:`celltx_kg.graph.build.skolemize`)."""
    from rdflib import URIRef

    changes = Changes()
    known = {s for s in base.subjects() if _entity(s)}
    fresh = sorted({s for s in new.subjects() if _entity(s) and s not in known}, key=str)
    changes.new_entities = fresh
    changes.new_triples = sum(1 for t in new if t not in base)
    changes.links = sorted(
        {(_holder(new, s), p, o) for s, p, o in new if _entity(o) and o in known and (s, p, o) not in base},
        key=lambda t: tuple(map(str, t)),
    )
    names: dict[str, set] = {}
    ids: dict[str, set] = {}
    keys: tuple = ((NAME_PREDICATES, names, _norm), (ID_PREDICATES, ids, str))
    for predicates, index, key in keys:
        for predicate in predicates:
            for s, o in base.subject_objects(URIRef(predicate)):
                if _entity(s):
                    index.setdefault(key(o), set()).add(s)
    found = set()
    for node in fresh:
        for (predicates, index, key), what in zip(keys, ("the name", "the identifier"), strict=True):
            for predicate in predicates:
                for value in new.objects(node, URIRef(predicate)):
                    for other in index.get(key(value), ()):
                        if other != node and (node, other, what) not in found:
                            found.add((node, other, what))
                            shown = shorten(str(value)) if isinstance(value, URIRef) else str(value)
                            changes.duplicates.append((node, other, f"{what} {shown!r}"))
    return changes


__all__ = ["Changes", "compute_changes"]
