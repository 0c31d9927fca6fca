"""Types derived for new facts from a worklist (:func:`derive_types_for`) are exactly those a
derivation over the whole graph gives."""

from __future__ import annotations

import random

import pytest
from rdflib import RDF, Graph

from celltx_kg.graph.derive import derive_types, derive_types_for


def _split(source: Graph, subjects: set) -> tuple[Graph, Graph]:
    base, new = Graph(), Graph()
    for triple in source:
        (new if triple[0] in subjects else base).add(triple)
    return base, new


@pytest.mark.parametrize("seed", [1, 2])
def test_worklist_derives_what_the_whole_graph_derives(source_graph, seed):
    """Take some individuals' facts out, derive over the rest, add them back: the worklist must
    find every type the whole-graph derivation finds, and no other."""
    typed = sorted(set(source_graph.subjects(RDF.type)), key=str)  # skolemised nodes too
    subjects = set(random.Random(seed).sample(typed, len(typed) // 4))
    base, new = _split(source_graph, subjects)
    base += derive_types(base)
    expected = set(derive_types(base + new))
    merged = base + new
    got = set(derive_types_for(merged, new))
    assert expected, "the sample should imply new types, or the comparison proves nothing"
    assert got == expected


def test_new_facts_of_the_benchmark_derive_as_the_whole_graph(graph):
    from benchmarks.synthetic import new_facts

    new = Graph().parse(data="\n".join(new_facts()), format="nt")
    merged = graph + new
    assert set(derive_types_for(merged, new)) == set(derive_types(merged))


def test_new_schema_axioms_fall_back_to_the_whole_graph(graph):
    from rdflib import RDFS, URIRef

    new = Graph()
    new.add((URIRef("https://w3id.org/celltx/NewKind"), RDFS.subClassOf, URIRef("https://w3id.org/celltx/Antigen")))
    merged = graph + new
    assert set(derive_types_for(merged, new)) == set(derive_types(merged))


def test_a_type_given_to_a_node_derives_types_for_the_nodes_that_point_at_it(source_graph):
    """The receptors' types arrive as new facts: the therapies and cells that point at them gain
    their derived types (CAR-T therapy, CAR-T cell …) though the new facts never mention them."""
    from rdflib import URIRef

    receptors = set(source_graph.objects(None, URIRef("https://w3id.org/celltx/hasReceptor")))
    receptors |= set(source_graph.objects(None, URIRef("https://w3id.org/celltx/expressesReceptor")))
    base, new = Graph(), Graph()
    for s, p, o in source_graph:
        (new if p == RDF.type and s in receptors else base).add((s, p, o))
    base += derive_types(base)
    merged = base + new
    expected = set(derive_types(merged))
    assert any(s not in receptors for s, _, _ in expected)  # types of nodes the new facts never mention
    assert set(derive_types_for(merged, new)) == expected


@pytest.mark.parametrize("seed", [5, 6])
def test_derive_for_adds_what_the_build_derivation_adds(source_graph, seed):
    """The same for everything the build derives (types, inherited types, inverse and
    super-property values): new facts added to a derived graph get what a whole-graph
    derivation of the merged graph adds."""
    from celltx_kg.graph.derive import derive, derive_for

    typed = sorted(set(source_graph.subjects(RDF.type)), key=str)
    subjects = set(random.Random(seed).sample(typed, len(typed) // 4))
    base, new = _split(source_graph, subjects)
    base += derive(base)
    merged = base + new
    expected = set(derive(merged))
    assert len(expected) > 100
    assert set(derive_for(merged, new)) == expected


@pytest.mark.parametrize("where", ["derive", "adding derived"])
def test_adding_facts_that_fail_part_way_leaves_the_graph_as_it_was(graph, monkeypatch, where):
    """Interrupted while deriving, or while adding what was derived: the graph keeps exactly the
    triples it had (a validator reuses its base graph for the next check)."""
    from benchmarks.synthetic import new_facts
    from celltx_kg.graph import build

    new = Graph().parse(data="\n".join(new_facts()), format="nt")
    base = Graph()
    base += graph
    before = set(base)
    real = build.derive_for

    def derive_for(g, added):
        if where == "derive":
            raise KeyboardInterrupt
        derived = list(real(g, added))
        assert len(derived) > 3  # the new facts do derive something to add
        yield from derived[:3]  # three derived triples go in, then the failure
        raise RuntimeError("interrupted")

    monkeypatch.setattr(build, "derive_for", derive_for)
    with pytest.raises(KeyboardInterrupt if where == "derive" else RuntimeError):
        build.add_facts(base, new)
    assert set(base) == before
