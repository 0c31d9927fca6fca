"""The saved-query catalogue as RDF, in the style of the SIB ``sparql-examples``.

Each ``queries/NAME.rq`` becomes ``<https://w3id.org/celltx/query/NAME>``, typed
``sh:SPARQLExecutable`` and ``sh:SPARQLSelectExecutable`` (or ``…ConstructExecutable``,
``…AskExecutable``), with the query text in ``sh:select`` / ``sh:construct`` / ``sh:ask`` (the
``#+`` header removed, the PREFIX lines kept), ``rdfs:label`` (title) and ``rdfs:comment``
(description) in English and Chinese, ``schema:keywords``, ``dcterms:source`` for each review
section it answers, ``schema:target`` the graph it runs on and ``skos:example`` the command line.
Parameters follow SHACL-AF (``sh:parameter`` with ``sh:path``, ``sh:name``, ``sh:description``,
``sh:optional``, ``sh:defaultValue``, ``sh:datatype`` or ``sh:nodeKind``, ``sh:class``).

The output is deterministic (sorted triples, named nodes only), so ``build`` stays byte-stable::

    >>> from celltx_kg.catalogue import parse_query_text
    >>> q = parse_query_text('#+ title: T\\n#+ keywords: a, b\\nSELECT * WHERE { ?s ?p ?o }', "demo")
    >>> len(catalogue_triples([q])) > 5
    True
"""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import DEFAULT_GRAPH_IRI, PREFIXES
from .catalogue import SavedQuery, read_catalogue

QUERY_NS = "https://w3id.org/celltx/query/"
PARAM_NS = QUERY_NS + "param/"
#: Prefixes written in the catalogue's Turtle.
CATALOGUE_PREFIXES = {**PREFIXES, "celltxq": QUERY_NS, "celltxqp": PARAM_NS}

RDF, RDFS, XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"]
SH, SCHEMA, DCT, SKOS = PREFIXES["sh"], PREFIXES["schema"], PREFIXES["dcterms"], PREFIXES["skos"]

_FORMS = {  # query form → (executable class, property holding the text)
    "SELECT": ("SPARQLSelectExecutable", "select"),
    "CONSTRUCT": ("SPARQLConstructExecutable", "construct"),
    "ASK": ("SPARQLAskExecutable", "ask"),
}
_DATATYPES = {"string": "string", "integer": "integer", "decimal": "decimal"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def query_iri(name: str) -> str:
    return QUERY_NS + name


def query_body(text: str) -> str:
    """The query text without its ``#+`` metadata header lines."""
    lines = [line for line in text.splitlines() if not line.startswith("#+")]
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip() + "\n"


def catalogue_triples(queries: list[SavedQuery] | None = None) -> list[ox.Triple]:
    """The catalogue as RDF triples, sorted."""
    queries = list(queries) if queries is not None else list(read_catalogue().values())
    triples: list[ox.Triple] = []

    def add(s, p, o):
        triples.append(ox.Triple(s, p, o))

    for query in queries:
        node = _n(query_iri(query.name))
        meta = query.meta
        add(node, _n(RDF + "type"), _n(SH + "SPARQLExecutable"))
        klass, text_property = _FORMS.get(query.form, (None, None))
        if klass:
            add(node, _n(RDF + "type"), _n(SH + klass))
            add(node, _n(SH + text_property), ox.Literal(query_body(query.text)))  # type: ignore[operator]
        add(node, _n(DCT + "identifier"), ox.Literal(query.name))
        for key, prop, lang in (
            ("title", "label", "en"),
            ("title@zh", "label", "zh"),
            ("description", "comment", "en"),
            ("description@zh", "comment", "zh"),
        ):
            if meta.get(key):
                add(node, _n(RDFS + prop), ox.Literal(meta[key], language=lang))
        for keyword in query.keywords:
            add(node, _n(SCHEMA + "keywords"), ox.Literal(keyword))
        for section in query.sections:
            add(node, _n(DCT + "source"), ox.Literal(section))
        add(node, _n(SCHEMA + "target"), _n(DEFAULT_GRAPH_IRI))
        if meta.get("example"):
            add(node, _n(SKOS + "example"), ox.Literal(meta["example"]))
        for prm in query.params:
            pnode = _n(f"{query_iri(query.name)}.param.{prm.name}")
            add(node, _n(SH + "parameter"), pnode)
            add(pnode, _n(RDF + "type"), _n(SH + "Parameter"))
            add(pnode, _n(SH + "path"), _n(PARAM_NS + prm.name))
            add(pnode, _n(SH + "name"), ox.Literal(prm.name))
            add(pnode, _n(DCT + "type"), ox.Literal(prm.kind))
            add(
                pnode,
                _n(SH + "optional"),
                ox.Literal("false" if prm.required else "true", datatype=_n(XSD + "boolean")),
            )
            if prm.description:
                add(pnode, _n(SH + "description"), ox.Literal(prm.description, language="en"))
            if prm.type in _DATATYPES:
                add(pnode, _n(SH + "datatype"), _n(XSD + _DATATYPES[prm.type]))
            else:
                add(pnode, _n(SH + "nodeKind"), _n(SH + "IRI"))
            if prm.cls:
                add(pnode, _n(SH + "class"), _curie_node(prm.cls))
            if prm.subclass:  # the value is a class at or under prm.subclass: a SHACL shape of the value
                _subclass_shape(
                    add,
                    f"{query_iri(query.name)}.param.{prm.name}",
                    f"{query.name}-{prm.name}",
                    _curie_node(prm.subclass),
                )
            if prm.default is not None:
                add(pnode, _n(SH + "defaultValue"), ox.Literal(prm.default))
            if prm.example is not None:
                add(pnode, _n(SKOS + "example"), ox.Literal(prm.example))
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _subclass_shape(add, param: str, label: str, klass: ox.NamedNode) -> None:
    """``param sh:node <param.subclass>``: a node shape saying that the value is an owl:Class reaching
    ``klass`` along the path bind.py follows (``(rdfs:subClassOf|owl:equivalentClass/owl:intersectionOf/
    rdf:rest*/rdf:first)*``). Blank nodes get fixed labels, so the catalogue stays byte-stable."""
    OWL = PREFIXES["owl"]
    shape, under = _n(param + ".subclass"), ox.BlankNode(f"{label}-under")
    add(_n(param), _n(SH + "node"), shape)
    add(shape, _n(RDF + "type"), _n(SH + "NodeShape"))
    add(shape, _n(SH + "class"), _n(OWL + "Class"))
    add(shape, _n(SH + "property"), under)
    rest = ox.BlankNode(f"{label}-rest")
    add(rest, _n(SH + "zeroOrMorePath"), _n(RDF + "rest"))
    sequence = _rdf_list(
        add, f"{label}-seq", [_n(OWL + "equivalentClass"), _n(OWL + "intersectionOf"), rest, _n(RDF + "first")]
    )
    alternatives = ox.BlankNode(f"{label}-alt")
    add(alternatives, _n(SH + "alternativePath"), _rdf_list(add, f"{label}-alts", [_n(RDFS + "subClassOf"), sequence]))
    path = ox.BlankNode(f"{label}-path")
    add(path, _n(SH + "zeroOrMorePath"), alternatives)
    add(under, _n(SH + "path"), path)
    add(under, _n(SH + "hasValue"), klass)


def _rdf_list(add, label: str, items: list) -> ox.BlankNode:
    nodes = [ox.BlankNode(f"{label}-{i}") for i in range(len(items))]
    for i, (node, item) in enumerate(zip(nodes, items, strict=True)):
        add(node, _n(RDF + "first"), item)
        add(node, _n(RDF + "rest"), nodes[i + 1] if i + 1 < len(nodes) else _n(RDF + "nil"))
    return nodes[0]


def _curie_node(curie: str) -> ox.NamedNode:
    from ..namespaces import expand_curie

    return _n(expand_curie(curie) or curie)


def catalogue_rdf(fmt: str = "turtle", queries: list[SavedQuery] | None = None) -> bytes:
    """The catalogue serialised as Turtle (``turtle``) or N-Triples (``ntriples``)."""
    triples = catalogue_triples(queries)
    if fmt == "ntriples":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    used = {name: ns for name, ns in CATALOGUE_PREFIXES.items() if name in _USED_PREFIXES}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""


_USED_PREFIXES = ("celltx", "celltxq", "celltxqp", "rdf", "rdfs", "xsd", "sh", "schema", "dcterms", "skos")


def catalogue_store(queries: list[SavedQuery] | None = None) -> ox.Store:
    """An in-memory store holding the catalogue, to query it with SPARQL."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in catalogue_triples(queries))
    return store


__all__ = ["QUERY_NS", "catalogue_triples", "catalogue_rdf", "catalogue_store", "query_body", "query_iri"]
