"""What a reasoner run returns: the result and the problems that explain an inconsistency."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import bind_all
from .java import Java
from .terms import RDF_TYPE, RDFS, REASONER_NAMES


@dataclass
class Problem:
    """One reason the graph is inconsistent (or incoherent), for people and for tests."""

    kind: str  # disjoint | functional | datatype | unsatisfiable | justification
    message: str
    individuals: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("kind", "message", "individuals", "classes", "properties", "details")}


@dataclass
class ReasonResult:
    reasoner: str
    java: Java
    consistent: bool
    triples: int
    individuals: int
    input_triples: int = 0  # what the reasoner was given: logical triples and declarations
    types: dict[str, list[str]] = field(default_factory=dict)  # inferred class -> individuals
    subclasses: list[tuple[str, str]] = field(default_factory=list)  # inferred (sub, super)
    properties: list[tuple[str, str, str]] = field(default_factory=list)  # inferred (s, p, o)
    unsatisfiable: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def type_pairs(self) -> set[tuple[str, str]]:
        return {(i, c) for c, inds in self.types.items() for i in inds}

    def involved(self) -> tuple[set[str], set[str]]:
        """Individuals and classes named by the problems."""
        inds = {i for p in self.problems for i in p.individuals}
        classes = {c for p in self.problems for c in p.classes} | set(self.unsatisfiable)
        return inds, classes

    def inferred_graph(self):
        """The inferred triples as an rdflib Graph, prefixes bound, ready to merge or load beside."""
        from rdflib import Graph, URIRef

        g = Graph()
        bind_all(g)
        for cls, inds in self.types.items():
            for ind in inds:
                g.add((URIRef(ind), URIRef(RDF_TYPE), URIRef(cls)))
        for sub, sup in self.subclasses:
            g.add((URIRef(sub), URIRef(RDFS + "subClassOf"), URIRef(sup)))
        for s, p, o in self.properties:
            g.add((URIRef(s), URIRef(p), URIRef(o)))
        return g

    def as_dict(self) -> dict:
        return {
            "reasoner": REASONER_NAMES[self.reasoner],
            "java": self.java.describe(),
            "consistent": self.consistent,
            "coherent": not self.unsatisfiable,
            "triples": self.triples,
            "reasoner_input_triples": self.input_triples,
            "individuals": self.individuals,
            "inferred": {
                "types": {c: sorted(i) for c, i in sorted(self.types.items())},
                "subclasses": [list(p) for p in self.subclasses],
                "property_values": len(self.properties),
            },
            "unsatisfiable": self.unsatisfiable,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": self.warnings,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }
