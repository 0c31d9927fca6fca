"""The built graph is complete for the entailments users expect without a reasoner.

The build (``celltx_kg.graph.derive.derive``) adds to the curated facts: the types the defined classes
imply, every inherited (super)type, ``rdfs:subClassOf`` for the defined classes, and the values of
inverse and super-properties. These tests check that closure on the built graph and check the
defined classes' superclasses against HermiT, which runs once for this module.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from conftest import select

CELLTX = "https://w3id.org/celltx/"
CELLTXD = "https://w3id.org/celltx/id/"


def C(name: str) -> URIRef:
    return URIRef(CELLTX + name)


def D(name: str) -> URIRef:
    return URIRef(CELLTXD + name)


def _defined(graph) -> set[URIRef]:
    return {c for c, _ in graph.subject_objects(OWL.equivalentClass) if isinstance(c, URIRef)}


def _supers(graph, cls) -> set[URIRef]:
    """Named superclasses of ``cls`` reachable through the graph's rdfs:subClassOf triples."""
    seen, todo = set(), [cls]
    while todo:
        for sup in graph.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return seen - {cls, OWL.Thing}


@pytest.fixture(scope="module")
def hermit_result(source_graph):
    """One HermiT run over the curated facts without anything the build derives."""
    from celltx_kg.reason import reason

    result = reason(source_graph)
    assert result.ok, result.problems
    return result


def test_defined_classes_have_the_superclasses_hermit_infers(graph, source_graph, hermit_result):
    inferred = defaultdict(set)
    for sub, sup in hermit_result.subclasses:
        inferred[URIRef(sub)].add(URIRef(sup))
    defined = _defined(source_graph)
    assert len(defined) >= 20, "the ontology's defined classes (CAR-T, TCR-T, CAR-NK … therapies and cells)"
    for cls in sorted(defined):
        expected = (_supers(source_graph, cls) | inferred[cls]) - {OWL.Thing}
        assert _supers(graph, cls) == expected, f"{cls}: built {sorted(_supers(graph, cls))}, HermiT {sorted(expected)}"
    # the reasoner's classification that users rely on, written from section 1 and Table 1: a CAR-Treg
    # (a CAR in a regulatory T cell) is a CAR-T therapy, every engineered-receptor therapy is antigen-specific
    for sub, sup in [("CARTregTherapy", "CARTTherapy"), ("CARGammaDeltaTTherapy", "CARTTherapy"),
                     ("TCRTTherapy", "AntigenSpecificCellTherapy"), ("CARTTherapy", "CellTherapy"),
                     ("UniversalCARTTherapy", "AllogeneicCellTherapy"), ("ApprovedProduct", "CellTherapyProduct")]:
        assert (C(sub), RDFS.subClassOf, C(sup)) in graph, f"{sub} ⊑ {sup} is asserted in the built graph"


def test_subclasses_are_not_in_the_curated_ontology(source_graph):
    """The build derives them; a curator does not maintain them by hand (they could drift)."""
    assert (C("CARTregTherapy"), RDFS.subClassOf, C("CARTTherapy")) not in source_graph


def test_every_individual_carries_its_inherited_types(graph):
    defined_or_told = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            defined_or_told[sub].add(sup)
    missing = []
    for s, c in graph.subject_objects(RDF.type):
        if str(s).startswith(CELLTXD):
            for sup in _supers(graph, c):
                if (s, RDF.type, sup) not in graph:
                    missing.append((s, sup))
    assert not missing, f"{len(missing)} inherited types missing, e.g. {missing[:5]}"


def test_every_inverse_and_super_property_value_is_stated(graph):
    inverse = {}
    for p, q in graph.subject_objects(OWL.inverseOf):
        inverse[p], inverse[q] = q, p
    assert inverse, "the ontology declares inverse properties"
    for p, q in inverse.items():
        for s, o in graph.subject_objects(p):
            assert (o, q, s) in graph, f"{s} {p} {o} without its inverse {q}"
    for p, q in graph.subject_objects(RDFS.subPropertyOf):
        if (p, RDF.type, OWL.ObjectProperty) in graph:
            for s, o in graph.subject_objects(p):
                assert (s, q, o) in graph, f"{s} {p} {o} without the super-property {q}"


def test_sparql_without_a_reasoner_sees_the_entailments(store):
    # Table 2 has 14 approvals, and the prose adds Tecelra (2.2) and Lifileucel (2.3): 16 approvals,
    # each linked both ways
    approvals = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a celltx:approvedProduct ?p }")
    inverse = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p celltx:hasApproval ?a }")
    assert approvals == inverse == [{"n": "16"}]
    # every therapy a study studies, and every product, is a cell therapy by a plain `a`
    rows = select(store, """SELECT ?x WHERE {
        { ?s celltx:studiesTherapy ?x } UNION { ?x a celltx:CellTherapyProduct }
        FILTER NOT EXISTS { ?x a celltx:CellTherapy } }""")
    assert rows == []
    # Table 2 row 1: Kymriah is a CAR-T product, hence antigen-specific and a cell therapy (Table 1)
    rows = select(store, "SELECT ?t WHERE { celltxd:kymriah a ?t }")
    assert {r["t"] for r in rows} >= {CELLTX + t for t in ("CARTTherapy", "AntigenSpecificCellTherapy",
                                                              "CellTherapy", "ApprovedProduct", "CellTherapyProduct")}
    # 2.1.1: BCMA is the target of Abecma (Table 2), seen from the antigen without an inverse path
    rows = select(store, "SELECT ?p WHERE { celltxd:bcma celltx:isTargetOf ?p }")
    assert CELLTXD + "abecma" in {r["p"] for r in rows}
