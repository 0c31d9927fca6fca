"""What an entity page shows, and the same entity as linked data (Turtle, JSON-LD).

Every fact in both directions: the entity's own statements (literal values included) and the
statements of others that point at it, each with labels. Evidence nodes (``celltx:hasEvidence``)
are shown as evidence (locator, the review's reference numbers, the quote), not as facts.
Functions here are synchronous: the server calls them in its query pool.
"""

from __future__ import annotations

from typing import cast

import pyoxigraph as ox

from ..namespaces import CELLTX, PREFIX_BLOCK, PREFIXES, SKOLEM
from ..sparql.bind import with_values
from .engine import labels_of, select

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
DEFINITION = PREFIXES["skos"] + "definition"
HAS_EVIDENCE = CELLTX + "hasEvidence"
#: Properties whose values are standard identifiers (links to other resources).
IDENTIFIER_PROPERTIES = {PREFIXES["skos"] + "exactMatch", PREFIXES["skos"] + "closeMatch", CELLTX + "encodedBy"}
#: At most this many incoming statements are listed (a class can have hundreds of members).
MAX_INCOMING = 500

_OUT = "SELECT ?p ?o WHERE { ?entity ?p ?o }"
_IN = f"SELECT ?s ?p WHERE {{ ?s ?p ?entity }} LIMIT {MAX_INCOMING + 1}"
_EVIDENCE = (
    PREFIX_BLOCK
    + """SELECT ?evidence ?locator ?quote ?source
  (GROUP_CONCAT(DISTINCT STR(?reference); separator=", ") AS ?references) WHERE {
  ?entity celltx:hasEvidence ?evidence .
  OPTIONAL { ?evidence celltx:locator ?locator }
  OPTIONAL { ?evidence celltx:quote ?quote }
  OPTIONAL { ?evidence prov:wasDerivedFrom ?source }
  OPTIONAL { ?evidence celltx:citesReference ?reference }
} GROUP BY ?evidence ?locator ?quote ?source ORDER BY ?locator ?quote"""
)
_TYPE_NAMES = (
    PREFIX_BLOCK
    + """SELECT ?node ?typeLabel WHERE {
  ?node a ?type . ?type rdfs:label ?typeLabel . FILTER(langMatches(lang(?typeLabel), "en") || langMatches(lang(?typeLabel), "zh"))
}"""
)
#: The entity's own triples and those of the unnamed nodes it holds (receptors, evidence).
_DESCRIBE = f"""CONSTRUCT {{ ?entity ?p ?o . ?node ?p2 ?o2 }} WHERE {{
  {{ ?entity ?p ?o }} UNION {{ ?entity ?p1 ?node . FILTER(isIRI(?node) && STRSTARTS(STR(?node), "{SKOLEM}")) ?node ?p2 ?o2 }}
}}"""

LINKED_DATA = {
    "text/turtle": ("turtle", ox.RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("ntriples", ox.RdfFormat.N_TRIPLES),
}


def _query(store: ox.Store, text: str, entity: ox.NamedNode):
    return select(store, with_values(text, {ox.Variable("entity"): entity}))


def _values(text: str, var: str, nodes) -> str:
    return text.replace("WHERE {", f"WHERE {{ VALUES ?{var} {{ {' '.join(str(n) for n in nodes)} }}", 1)


def unnamed_labels(store: ox.Store, nodes, labels: dict) -> None:
    """Give nodes without a label the name of their type, in brackets (``[second-generation CAR]``)."""
    missing = sorted({n for n in nodes if isinstance(n, ox.NamedNode) and n.value not in labels}, key=str)
    if not missing:
        return
    for sol in select(store, _values(_TYPE_NAMES, "node", missing[:500])):
        lang = (sol["typeLabel"].language or "en").split("-")[0]
        labels.setdefault(sol["node"].value, {}).setdefault(lang, f"[{sol['typeLabel'].value}]")


def describe(store: ox.Store, iri: str) -> dict | None:
    """Everything an entity page shows, or ``None`` when the graph does not mention ``iri``."""
    entity = ox.NamedNode(iri)
    out = [(s["p"], s["o"]) for s in _query(store, _OUT, entity)]
    incoming = [(s["s"], s["p"]) for s in _query(store, _IN, entity)]
    if not out and not incoming:
        return None
    evidence = [
        {
            "locator": s["locator"].value if s["locator"] else "",
            "references": s["references"].value if s["references"] else "",
            "quote": s["quote"].value if s["quote"] else "",
            "quote_lang": s["quote"].language if s["quote"] else "",
            "source": s["source"],
        }
        for s in _query(store, _EVIDENCE, entity)
    ]
    nodes = [entity] + [t for pair in out + incoming for t in pair] + [e["source"] for e in evidence if e["source"]]
    labels = labels_of(store, nodes)
    unnamed_labels(store, nodes, labels)
    facts = [(p, o) for p, o in out if p.value not in (HAS_EVIDENCE, RDFS_LABEL, DEFINITION)]
    return {
        "iri": iri,
        "labels": labels,
        "names": sorted((o.language or "", o.value) for p, o in out if p.value == RDFS_LABEL),
        "definitions": sorted((o.language or "", o.value) for p, o in out if p.value == DEFINITION),
        "types": sorted((o for p, o in out if p.value == RDF_TYPE), key=str),
        "identifiers": sorted(
            (o for p, o in out if p.value in IDENTIFIER_PROPERTIES and isinstance(o, ox.NamedNode)), key=str
        ),
        "facts": sorted(facts, key=lambda f: (f[0].value != RDF_TYPE, f[0].value, str(f[1]))),
        "incoming": sorted(incoming[:MAX_INCOMING], key=lambda f: (f[1].value, str(f[0]))),
        "more_incoming": len(incoming) > MAX_INCOMING,
        "evidence": evidence,
    }


def linked_data(store: ox.Store, iri: str, fmt: ox.RdfFormat) -> bytes:
    """The entity's own triples, with those of its unnamed nodes, in an RDF format."""
    result = cast(ox.QueryTriples, store.query(with_values(_DESCRIBE, {ox.Variable("entity"): ox.NamedNode(iri)})))
    triples = sorted(result, key=str)
    prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def negotiate(accept: str) -> str | None:
    """The RDF media type an Accept header prefers over HTML, or ``None`` for the page."""
    html_q, best, best_q = 0.0, None, 0.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media in ("text/html", "application/xhtml+xml"):
            html_q = max(html_q, q)
        elif media in LINKED_DATA and q > best_q:
            best, best_q = media, q
    return best if best_q > html_q else None


__all__ = ["IDENTIFIER_PROPERTIES", "LINKED_DATA", "describe", "linked_data", "negotiate", "unnamed_labels"]
