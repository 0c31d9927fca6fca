"""The reasoner's view of a graph: logical triples, declarations; OWL 2 DL checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..namespaces import CELLTX, shorten
from .terms import (
    LOGICAL,
    META_TYPES,
    NOT_LOGICAL_OWL,
    OWL,
    OWL2_DATATYPES,
    RDF,
    RDF_TYPE,
    RDFS,
    XSD,
)

# ---------------------------------------------------------------------------------------- input


@dataclass
class Prepared:
    """The reasoner's view of a graph: logical triples only, declarations."""

    graph: object  # rdflib Graph, in reasoner-side names
    individuals: list[str]
    classes: list[str]
    unsupported: list[str]  # datatypes outside the OWL 2 datatype map

    def module(self, seeds) -> object:
        """The axioms plus the facts about ``seeds`` and every individual they link to.

        A justification found in this module is one of the whole graph, and the module is small.
        """
        from rdflib import Graph, URIRef

        individuals = {URIRef(i) for i in self.individuals}
        reached = {URIRef(s) for s in seeds} & individuals
        todo = list(reached)
        while todo:
            for o in self.graph.objects(todo.pop(), None):  # type: ignore[attr-defined]
                if o in individuals and o not in reached:
                    reached.add(o)
                    todo.append(o)
        out = Graph()
        for s, p, o in self.graph:  # type: ignore[attr-defined]
            if s in reached or s not in individuals:
                out.add((s, p, o))
        return out


def declared_schema(graph):
    """Declared classes, object, data, annotation and functional properties of a graph."""
    from rdflib import OWL as O
    from rdflib import RDF as R
    from rdflib import URIRef

    def declared(kind):
        return {str(s) for s in graph.subjects(R.type, kind) if isinstance(s, URIRef)}

    return {
        "classes": declared(O.Class),
        "object": declared(O.ObjectProperty),
        "data": declared(O.DatatypeProperty),
        "annotation": declared(O.AnnotationProperty),
        "functional": declared(O.FunctionalProperty),
    }


def functional_values(graph, schema) -> dict[tuple[str, str], set]:
    """(subject, functional property) -> its values, through sub-properties and inverses too."""
    from rdflib import URIRef

    subs = defaultdict(set)
    for p, q in graph.subject_objects(URIRef(RDFS + "subPropertyOf")):
        subs[str(q)].add(str(p))
    inverse = {}
    for p, q in graph.subject_objects(URIRef(OWL + "inverseOf")):
        inverse[str(p)], inverse[str(q)] = str(q), str(p)
    values: dict[tuple[str, str], set] = defaultdict(set)
    for prop in sorted(schema["functional"]):
        todo, props = [prop], {prop}
        while todo:
            for sub in subs.get(todo.pop(), ()):
                if sub not in props:
                    props.add(sub)
                    todo.append(sub)
        for p in props:
            for s, o in graph.subject_objects(URIRef(p)):
                values[(str(s), prop)].add(o)
            if p in inverse:
                for s, o in graph.subject_objects(URIRef(inverse[p])):
                    values[(str(o), prop)].add(s)
    return values


def prepare(graph) -> Prepared:
    """Reduce ``graph`` to what the reasoner needs (see the module docstring, points 1 and 2)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection

    schema = declared_schema(graph)
    # Only the project's own properties reach the reasoner: an annotation owlready2 acts on (such
    # as python_module, which makes it import a module) or owl:imports (which makes it fetch a
    # URL) is dropped here even if a graph declares it as an object or data property.
    properties = {p for p in schema["object"] | schema["data"] if p.startswith(CELLTX)}
    out = Graph()

    individuals: set[str] = set()
    unsupported: set[str] = set()
    terms = schema["classes"] | properties | schema["annotation"]
    for s, p, o in graph:
        ps = str(p)
        keep = ps in properties or ps in LOGICAL or (ps.startswith(OWL) and ps not in NOT_LOGICAL_OWL)
        if not keep:
            continue
        out.add((s, p, o))
        if isinstance(s, URIRef) and str(s) not in terms:
            if ps == RDF_TYPE and str(o) not in META_TYPES or ps in properties:
                individuals.add(str(s))
        if ps in schema["object"] and isinstance(o, URIRef) or ps == OWL + "hasValue" and isinstance(o, URIRef):
            individuals.add(str(o))
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            unsupported.add(str(o.datatype))
        if (
            ps == RDFS + "range"
            and str(s) in schema["data"]
            and str(o).startswith(XSD)
            and str(o) not in OWL2_DATATYPES
        ):
            unsupported.add(str(o))
    individuals -= terms
    for iri in individuals:
        out.add((URIRef(iri), URIRef(RDF_TYPE), URIRef(OWL + "NamedIndividual")))
    # Unique names (see the module docstring): where a subject has several values of a functional
    # object property (directly, through a sub-property or through the inverse), they are different.
    for values in functional_values(graph, schema).values():
        named = sorted({v for v in values if isinstance(v, URIRef)})
        if len(named) > 1:
            node, members = BNode(), BNode()
            out.add((node, URIRef(RDF_TYPE), URIRef(OWL + "AllDifferent")))
            out.add((node, URIRef(OWL + "distinctMembers"), members))
            Collection(out, members, list(named))
    return Prepared(out, sorted(individuals), sorted(schema["classes"]), sorted(unsupported))


def sorted_ntriples(graph) -> bytes:
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    return ("\n".join(lines) + "\n").encode("utf-8")


def dl_problems(graph) -> list[str]:
    """Where ``graph`` leaves OWL 2 DL (or the datatypes HermiT accepts); empty when it is fine.

    Checks punning (an IRI used as two of class, individual, object / data / annotation property,
    datatype), undeclared classes and properties, non-simple properties (transitive, or above or
    inverse of one) where OWL 2 DL needs simple ones, literals on object properties and IRIs on
    data properties, and datatypes outside the OWL 2 datatype map.
    """
    from rdflib import OWL as O
    from rdflib import RDF as R
    from rdflib import RDFS as RS
    from rdflib import Literal, URIRef

    schema = declared_schema(graph)
    datatypes = {str(s) for s in graph.subjects(R.type, RS.Datatype)}
    problems = []
    kinds = {
        "class": schema["classes"],
        "object property": schema["object"],
        "data property": schema["data"],
        "annotation property": schema["annotation"],
        "datatype": datatypes,
    }
    individuals = set()
    for s, o in graph.subject_objects(R.type):
        if isinstance(s, URIRef) and str(o) not in META_TYPES and not str(o).startswith((OWL, RDFS)):
            individuals.add(str(s))
            if str(o) not in schema["classes"]:
                problems.append(f"{shorten(str(s))} is typed with {shorten(str(o))}, which is not a declared class")
    kinds["individual"] = individuals
    names = sorted(kinds)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            for iri in sorted(kinds[a] & kinds[b]):
                problems.append(f"punning: {shorten(iri)} is both a {a} and a {b}")
    declared = schema["object"] | schema["data"] | schema["annotation"]
    for p in sorted({str(p) for p in graph.predicates()}):
        if p not in declared and not p.startswith((RDF, RDFS, OWL)):
            problems.append(f"{shorten(p)} is used as a property but not declared")
    for s, p, o in graph:
        if str(p) in schema["object"] and isinstance(o, Literal):
            problems.append(f"object property {shorten(str(p))} has a literal value on {shorten(str(s))}")
        elif str(p) in schema["data"] and not isinstance(o, Literal):
            problems.append(f"data property {shorten(str(p))} has a non-literal value on {shorten(str(s))}")
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            problems.append(
                f"{shorten(str(s))} {shorten(str(p))} {literal_text(o)}: {shorten(str(o.datatype))} is outside "
                "the OWL 2 datatype map (HermiT rejects it)"
            )
    for p, r in graph.subject_objects(RS.range):
        if str(p) in schema["data"] and str(r).startswith(XSD) and str(r) not in OWL2_DATATYPES:
            problems.append(
                f"{shorten(str(p))} has range {shorten(str(r))}, outside the OWL 2 datatype map (HermiT rejects it)"
            )
    # Non-simple: transitive properties, their super-properties, and the inverses of all these.
    supers, inverse = defaultdict(set), defaultdict(set)
    for p, q in graph.subject_objects(RS.subPropertyOf):
        supers[str(p)].add(str(q))
    for p, q in graph.subject_objects(O.inverseOf):
        inverse[str(p)].add(str(q))
        inverse[str(q)].add(str(p))
    non_simple = {str(p) for p in graph.subjects(R.type, O.TransitiveProperty)}
    changed = True
    while changed:
        grown = non_simple | {q for p in non_simple for q in supers[p] | inverse[p]}
        changed, non_simple = grown != non_simple, grown
    needs_simple = set()
    for kind in ("FunctionalProperty", "InverseFunctionalProperty", "IrreflexiveProperty", "AsymmetricProperty"):
        needs_simple |= {(str(p), kind) for p in graph.subjects(R.type, O[kind])}
    for card in (
        "cardinality",
        "minCardinality",
        "maxCardinality",
        "qualifiedCardinality",
        "minQualifiedCardinality",
        "maxQualifiedCardinality",
        "hasSelf",
    ):
        for restriction in graph.subjects(O[card], None):
            prop = graph.value(restriction, O.onProperty)
            if prop is not None:
                needs_simple.add((str(prop), card))
    for p, use in sorted(needs_simple):
        if p in non_simple:
            problems.append(
                f"{shorten(p)} is not simple (transitive or above a transitive property) but is used "
                f"with {use}, which OWL 2 DL allows only for simple properties"
            )
    return problems


def literal_text(lit) -> str:
    """A literal as Turtle writes it: ``62``, ``"2017"``, ``"x"@zh``, ``"2017"^^xsd:gYear``."""
    if (
        lit.datatype is not None
        and str(lit.datatype) in (XSD + "integer", XSD + "decimal")
        and numeric_value(lit) is not None
    ):
        return str(lit)
    text = lit.n3()
    return text.replace(f"<{XSD}", "xsd:").replace(">", "") if lit.datatype is not None else text


def numeric_value(lit) -> float | None:
    from decimal import Decimal

    value = lit.toPython()
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return value  # type: ignore[return-value]
