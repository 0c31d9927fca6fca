"""The closed vocabulary of user fact files: which predicates, classes and datatypes they may use.

A fact file states facts about individuals; it does not extend the ontology. So its predicates
are the properties ``ontology/celltx.ttl`` declares plus :data:`STANDARD_PREDICATES`, the
objects of ``rdf:type`` are classes the ontology declares (or names from a standard identifier
space such as ``obo:CL_0000084``, used as classes by the curated facts), and literals carry one
of :data:`DATATYPES` with a lexical form checked by :func:`literal_problem`. Everything else (an
owlready2 ``python_module`` annotation, ``owl:imports``, a new property declaration, an
``rdf:List``) is refused before validation, so nothing outside this list reaches the store or
the reasoner.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import paths
from ..namespaces import CURIE_PREFIXES, PREFIXES

_RDF, _RDFS, _OWL, _XSD = (PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd"))
_SKOS, _DCT, _PROV = (PREFIXES[p] for p in ("skos", "dcterms", "prov"))

#: Predicates from standard vocabularies that fact files use, besides the ontology's properties.
STANDARD_PREDICATES = frozenset(
    [
        _RDF + "type",
        _RDFS + "label",
        _RDFS + "comment",
        _RDFS + "seeAlso",
        _DCT + "description",
        _DCT + "source",
        _PROV + "wasDerivedFrom",
        # axiom annotations: how a curator marks a statement as their own reading (docs/model.md)
        _OWL + "annotatedSource",
        _OWL + "annotatedProperty",
        _OWL + "annotatedTarget",
    ]
    + [
        _SKOS + p
        for p in (
            "prefLabel",
            "altLabel",
            "hiddenLabel",
            "definition",
            "editorialNote",
            "note",
            "scopeNote",
            "exactMatch",
            "closeMatch",
            "broadMatch",
            "narrowMatch",
            "relatedMatch",
        )
    ]
)

_DATE = r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_ZONE = r"(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
#: Datatype → lexical space (XSD 1.1 Part 2). Booleans only in their canonical form, so a value
#: never turns into another one on the way into the store.
DATATYPES: dict[str, re.Pattern] = {
    _XSD + name: re.compile(pattern)
    for name, pattern in {
        "string": r"(?s).*",
        "boolean": r"true|false",
        "integer": r"[+-]?[0-9]+",
        "nonNegativeInteger": r"\+?[0-9]+|-0+",
        "positiveInteger": r"\+?0*[1-9][0-9]*",
        "decimal": _DECIMAL,
        "double": rf"({_DECIMAL}([eE][+-]?[0-9]+)?|[+-]?INF|NaN)",
        "date": _DATE + _ZONE,
        "dateTime": _DATE + r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?" + _ZONE,
        "gYear": r"-?[0-9]{4,}" + _ZONE,
        "gYearMonth": r"-?[0-9]{4,}-(0[1-9]|1[0-2])" + _ZONE,
        "anyURI": r"[^\s<>\"{}|\\^`]*",
    }.items()
}
LANG_STRING = _RDF + "langString"

#: Namespaces whose IRIs may be the object of rdf:type without an ontology declaration.
_IDENTIFIER_SPACES = tuple(sorted(set(CURIE_PREFIXES.values()) - {PREFIXES["celltx"], PREFIXES["celltxd"]}))

_PROPERTY_TYPES = {_OWL + t for t in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")} | {_RDF + "Property"}
_CLASS_TYPES = {_OWL + "Class", _RDFS + "Class"}


@lru_cache(maxsize=1)
def ontology_terms() -> tuple[frozenset, frozenset]:
    """(properties, classes) the ontology file declares, by IRI."""
    import pyoxigraph as ox

    properties, classes = set(), set()
    for triple in ox.parse(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == _RDF + "type" and isinstance(triple.subject, ox.NamedNode):
            if triple.object.value in _PROPERTY_TYPES:
                properties.add(triple.subject.value)
            elif triple.object.value in _CLASS_TYPES:
                classes.add(triple.subject.value)
    return frozenset(properties), frozenset(classes)


def predicate_allowed(iri: str) -> bool:
    return iri in STANDARD_PREDICATES or iri in ontology_terms()[0]


def class_allowed(iri: str) -> bool:
    return iri in ontology_terms()[1] or iri.startswith(_IDENTIFIER_SPACES) or iri == _OWL + "Axiom"


def is_ontology_term(iri: str) -> bool:
    properties, classes = ontology_terms()
    return iri in properties or iri in classes or iri.startswith((_RDF, _RDFS, _OWL, _XSD))


def literal_problem(value: str, datatype: str) -> str | None:
    """Why a literal's datatype or lexical form is refused (None: it is fine)."""
    if datatype == LANG_STRING:
        return None
    pattern = DATATYPES.get(datatype)
    if pattern is None:
        return f"datatype <{datatype}> is not one fact files use ({', '.join(sorted(_short(d) for d in DATATYPES))})"
    if not pattern.fullmatch(value):
        return f"{value!r} is not a valid {_short(datatype)}"
    return None


def _short(iri: str) -> str:
    return "xsd:" + iri[len(_XSD) :] if iri.startswith(_XSD) else iri


__all__ = [
    "DATATYPES",
    "STANDARD_PREDICATES",
    "class_allowed",
    "is_ontology_term",
    "literal_problem",
    "ontology_terms",
    "predicate_allowed",
]
