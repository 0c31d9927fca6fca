"""Names and vocabularies the reasoning package shares: reasoners, defaults, OWL terms."""

from __future__ import annotations

from ..namespaces import PREFIXES

REASONERS = ("hermit", "pellet")
REASONER_NAMES = {"hermit": "HermiT", "pellet": "Pellet"}
DEFAULT_TIMEOUT = 300.0  # seconds
DEFAULT_MEMORY = 2000  # MB of Java heap, owlready2's default

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
RDF_TYPE = RDF + "type"
OWL_THING = OWL + "Thing"

#: The datatypes of the OWL 2 datatype map: the only ones HermiT accepts.
OWL2_DATATYPES = frozenset(
    [
        XSD + n
        for n in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short "
            "byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token "
            "language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ]
    + [OWL + "real", OWL + "rational", RDF + "PlainLiteral", RDF + "XMLLiteral", RDF + "langString", RDFS + "Literal"]
)

#: Predicates the reasoner needs besides the declared object and data properties.
LOGICAL = {RDF + p for p in ("type", "first", "rest")} | {
    RDFS + p for p in ("subClassOf", "subPropertyOf", "domain", "range")
}
NOT_LOGICAL_OWL = {
    OWL + p
    for p in (
        "versionIRI",
        "versionInfo",
        "priorVersion",
        "backwardCompatibleWith",
        "incompatibleWith",
        "deprecated",
        "imports",
    )
}
#: Types that make a node an ontology term, not an individual.
META_TYPES = {
    OWL + t
    for t in (
        "Class",
        "Restriction",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "Ontology",
        "AllDisjointClasses",
        "AllDifferent",
        "AllDisjointProperties",
        "NamedIndividual",
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
        "DataRange",
        "NegativePropertyAssertion",
        "Axiom",
    )
} | {RDFS + "Class", RDFS + "Datatype", RDF + "List", RDF + "Property"}
