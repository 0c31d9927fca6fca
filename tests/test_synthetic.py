"""The benchmark's synthetic graph (benchmarks/synthetic.py): every saved query returns rows on it,
it holds exactly what the build derives, it names only synthetic nodes and the curated graph's
controlled values, and it is streamed."""

from __future__ import annotations

import itertools

import pytest
from rdflib import Graph, URIRef

from celltx_kg.namespaces import CELLTXD


@pytest.fixture(scope="module", params=[1_000, 10_000], ids=["1e3", "1e4"])
def synthetic_store(request, tmp_path_factory):
    """The benchmark's dataset at 10^3 and 10^4 triples, in a pyoxigraph store, as the benchmark builds it."""
    from benchmarks.bench import make_dataset, open_dataset_store

    folder = tmp_path_factory.mktemp(f"synthetic-{request.param}")
    ds = make_dataset(request.param, folder / "data")
    return open_dataset_store(folder / "store", ds["graph"])


@pytest.mark.slow
def test_every_saved_query_returns_rows_on_the_synthetic_graph(synthetic_store):
    """Each saved query, bound as the benchmark binds it, returns at least one row (a query with no
    rows would be timed on an empty result)."""
    from benchmarks.query_steps import bound_queries, consume
    from benchmarks.synthetic import EXAMPLES

    queries = bound_queries(synthetic_store, EXAMPLES)
    assert len(queries) >= 40, "the saved queries were not all collected"
    empty = [name for name, text, _, _ in queries if consume(synthetic_store.query(text)) == 0]
    assert not empty, f"saved queries with no rows on the synthetic graph: {', '.join(empty)}"


@pytest.mark.slow
def test_the_synthetic_examples_name_synthetic_entities(synthetic_store):
    """The parameters the benchmark binds on the synthetic graph resolve, each to the node it names
    (not to a fallback)."""
    from benchmarks.synthetic import EXAMPLES
    from celltx_kg.sparql.bind import to_term
    from celltx_kg.sparql.catalogue import read_catalogue

    catalogue = read_catalogue()
    assert EXAMPLES
    for name, params in EXAMPLES.items():
        query_params = {p.name: p for p in catalogue[name].params}
        for param, value in params.items():
            assert query_params[param].required, f"{name}: the benchmark binds only required parameters"
            term = to_term(synthetic_store, query_params[param], value)
            if value.startswith("celltxd:"):
                assert term.value == CELLTXD + value.removeprefix("celltxd:")


@pytest.mark.slow
def test_the_synthetic_graph_holds_what_the_build_derives():
    """The derived triples the generator adds (per variant, on a prototype unit) are exactly what the
    build's derivation adds to the same units over the whole graph."""
    from benchmarks import synthetic
    from celltx_kg.graph.build import build_graph
    from celltx_kg.graph.derive import derive

    n = 12  # every TCR-T antigen category, TIL and CIK, with and without an NMPA approval or a guideline
    plain = Graph().parse(data="\n".join(synthetic.units(n, seed=5)), format="nt")
    full = Graph().parse(data="\n".join(synthetic.units(n, seed=5, derived=True)), format="nt")
    expected = set(derive(build_graph(files=[], derive=True) + plain))
    got = set(full - plain)
    assert expected, "the units should imply derived triples, or the comparison proves nothing"
    assert got == expected, f"missing {sorted(expected - got)[:5]}, extra {sorted(got - expected)[:5]}"


def test_synthetic_nodes_say_they_are_synthetic_and_controlled_values_are_curated(graph):
    """Every celltxd: node of the synthetic graph is either a synthetic one (celltxd:syn-…) or a
    controlled value of the curated graph, with the same type; no standard identifier is given."""
    from benchmarks import synthetic

    data = Graph().parse(data="\n".join(synthetic.units(3)), format="nt")
    nodes = {n for n in set(data.subjects()) | set(data.objects()) if isinstance(n, URIRef) and n.startswith(CELLTXD)}
    controlled = {n for n in nodes if not n.removeprefix(CELLTXD).startswith("syn-")}
    assert controlled and len(nodes) > len(controlled)
    for node in controlled:
        stated = set(data.objects(node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
        curated = set(graph.objects(node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
        assert curated, f"{node} is not in the curated graph: name a synthetic node celltxd:syn-…"
        assert stated <= curated, f"{node} has types {stated - curated} the curated graph does not give it"
    matches = [p for p in set(data.predicates()) if str(p).endswith(("exactMatch", "closeMatch"))]
    assert not matches, "the synthetic graph must not carry standard identifiers"


def test_the_generator_streams():
    """Lines come one unit at a time: the first lines of a 10^9-triple graph arrive at once, and
    they are those of any smaller graph from the same seed (so the size only says where to stop)."""
    from benchmarks import synthetic

    head = list(itertools.islice(synthetic.generate(10**9, seed=9), 2_000))
    assert head == list(itertools.islice(synthetic.generate(10**4, seed=9), 2_000))
    assert head != list(itertools.islice(synthetic.generate(10**4, seed=10), 2_000))
