"""How RDF terms appear on pages: IRIs as labelled links, literals as their values.

Project IRIs map to local paths, so ``https://w3id.org/celltx/id/kymriah`` opens ``/id/kymriah``
and ``https://w3id.org/celltx/CARTTherapy`` opens ``/term/CARTTherapy``; any other IRI opens
``/entity?iri=…``. Numbers and dates show as written (``2021``, ``0.77``), never as RDF syntax.
"""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox

from ..namespaces import CELLTX, CELLTXD, shorten

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger")
}


def local_path(iri: str) -> str:
    """The path on this server that describes ``iri``."""
    if iri.startswith(CELLTXD):
        return "/id/" + quote(iri[len(CELLTXD) :], safe="/-._~")
    if iri.startswith(CELLTX):
        return "/term/" + quote(iri[len(CELLTX) :], safe="/-._~")
    return "/entity?iri=" + quote(iri, safe="")


def iri_of_path(kind: str, local: str) -> str:
    """The inverse of :func:`local_path` for ``/id/…`` and ``/term/…``."""
    return (CELLTXD if kind == "id" else CELLTX) + local


def label_for(iri: str, labels: dict, lang: str) -> str | None:
    names = labels.get(iri) or {}
    return names.get(lang) or names.get("en") or next(iter(names.values()), None)


def cell(term, labels: dict, lang: str) -> dict:
    """One table cell: ``text`` to show, ``href`` for entities, ``title`` with the full IRI or type,
    ``kind`` (iri, number, date, text, empty)."""
    if term is None:
        return {"text": "", "kind": "empty"}
    if isinstance(term, ox.NamedNode):
        label = label_for(term.value, labels, lang)
        return {
            "text": label or shorten(term.value),
            "href": local_path(term.value),
            "title": shorten(term.value),
            "kind": "iri",
        }
    if isinstance(term, ox.BlankNode):
        return {"text": "_:" + term.value, "kind": "text"}
    datatype = term.datatype.value
    if datatype in NUMERIC:
        return {"text": term.value, "kind": "number", "title": shorten(datatype)}
    if datatype.startswith(XSD + "date") or datatype.startswith(XSD + "gYear"):
        return {"text": term.value, "kind": "date", "title": shorten(datatype)}
    return {"text": term.value, "kind": "text", "lang": term.language or ""}


def table(outcome, lang: str) -> dict:
    """An :class:`~celltx_kg.web.engine.Outcome` as the columns and cells a template shows."""
    if outcome.form == "SELECT":
        return {
            "columns": outcome.variables,
            "rows": [[cell(t, outcome.labels, lang) for t in row] for row in outcome.rows],
        }
    if outcome.form == "ASK":
        return {"columns": ["answer"], "rows": [[{"text": "true" if outcome.boolean else "false", "kind": "text"}]]}
    return {
        "columns": ["subject", "predicate", "object"],
        "rows": [
            [
                cell(t.subject, outcome.labels, lang),
                cell(t.predicate, outcome.labels, lang),
                cell(t.object, outcome.labels, lang),
            ]
            for t in outcome.triples
        ],
    }


__all__ = ["cell", "iri_of_path", "label_for", "local_path", "table"]
