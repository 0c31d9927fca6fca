"""Rules the SHACL shapes define that code and tests also need, read from the shapes themselves.

The shapes (shapes/*.ttl) are the contract a fact must meet; this module is how the rest of the
package asks them, so each rule has one definition:

- :func:`locator_pattern`: what a ``celltx:locator`` looks like (``2.1.1``, ``Table 2``, ``Fig.1``,
  ``Abstract``), from ``celltx:EvidenceLocatorShape``;
- :func:`fact_classes`: the kinds of node that state a fact and must carry evidence, from the
  targets of ``celltx:FactProvenanceShape``;
- :func:`identifier_pattern`: the standard identifiers the graph may link to, from
  ``celltx:ExactMatchShape``.

The shapes are parsed with pyoxigraph (milliseconds; no rdflib).
"""

from __future__ import annotations

import re
from functools import cache

from .. import paths
from ..namespaces import CELLTX, PREFIXES

SH = PREFIXES["sh"]


@cache
def _shapes():
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths.shape_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _values(shape: str, prop: str) -> list[str]:
    import pyoxigraph as ox

    quads = _shapes().quads_for_pattern(ox.NamedNode(CELLTX + shape), ox.NamedNode(SH + prop), None)
    return sorted(q.object.value for q in quads)


def _one(shape: str, prop: str) -> str:
    values = _values(shape, prop)
    if len(values) != 1:
        raise LookupError(f"celltx:{shape} should have exactly one sh:{prop} in shapes/, found {len(values)}")
    return values[0]


@cache
def locator_pattern() -> re.Pattern:
    return re.compile(_one("EvidenceLocatorShape", "pattern"))


@cache
def fact_classes() -> tuple[str, ...]:
    """Local names of the fact classes (``CellTherapy``, ``RegulatoryApproval`` …)."""
    return tuple(v[len(CELLTX) :] for v in _values("FactProvenanceShape", "targetClass"))


@cache
def identifier_pattern() -> re.Pattern:
    return re.compile(_one("ExactMatchShape", "pattern"))


__all__ = ["fact_classes", "identifier_pattern", "locator_pattern"]
