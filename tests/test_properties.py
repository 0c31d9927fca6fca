"""Property-based tests of the two input boundaries: any file handed to ingestion and any SPARQL
text handed to the embedded store end in "accepted" or a project error within their budget —
never another exception, a hang or a request to the network."""

from __future__ import annotations

from datetime import timedelta

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_hostile import Listener  # noqa: E402

BUDGET = settings(max_examples=60, deadline=timedelta(seconds=10), derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# ---------------------------------------------------------------- ingestion

PREFIXES = ("@prefix celltx: <https://w3id.org/celltx/> .\n@prefix celltxd: <https://w3id.org/celltx/id/> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
RDF_PIECES = [
    "celltxd:x", "celltxd:kymriah", "celltx:CellTherapyProduct", "a", "rdfs:label", "celltx:year", "celltx:quote",
    "celltx:hasReceptor", "rdfs:comment", "<http://a b>", "<rel>", "<file:///etc/passwd>", "<http://e.invalid/p>",
    '"x"@en', '"yes"^^xsd:boolean', '"1"^^xsd:integer', '"x"^^<http://e.invalid/t>', '"\\u0000"', '"\\uD800"',
    '"\u202e"', '"e\u0301"', '"\x1b[2J"', "[", "]", "(", ")", ";", ",", ".", "_:b", "@prefix", "owl:imports",
    "<https://w3id.org/celltx/.well-known/genid/0>", '"""', "#", "\\", "{", "}",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@BUDGET
@given(pieces=st.lists(st.one_of(st.sampled_from(RDF_PIECES), st.text(max_size=8)), max_size=40),
       ext=st.sampled_from([".ttl", ".nt", ".trig", ".nq", ".jsonld", ".rdf"]),
       prefixed=st.booleans())
def test_ingestion_accepts_or_refuses_with_a_project_error(workdir, pieces, ext, prefixed):
    from celltx_kg.errors import CelltxError
    from celltx_kg.graph.ingest import read_rdf_file

    text = (PREFIXES if prefixed and ext in (".ttl", ".trig") else "") + " ".join(pieces)
    path = workdir / f"input{ext}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        graph = read_rdf_file(path)
    except CelltxError as err:
        assert "\n" not in str(err)
    else:
        assert len(graph) > 0


# ---------------------------------------------------------------- SPARQL

SPARQL_PIECES = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "*", "?s", "?p", "?o", "$x", "{", "}", "(", ")", "[", "]",
    ".", ";", ",", "OPTIONAL", "UNION", "FILTER", "BIND", "AS", "VALUES", "LIMIT", "10", "COUNT", "GROUP BY",
    "SERVICE", "service", "SILENT", "LOAD", "INSERT", "DATA", "DELETE", "GRAPH", "\\u0053ERVICE", "celltx:a\\#",
    "#", "\n", '"SERVICE"', "'x'", '"""', "<http://e/SERVICE>", "rdfs:label", "a", "!", "+", "1", "^", "/", "|",
    "SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o }",
]


@pytest.fixture(scope="module")
def small_store():
    import pyoxigraph as ox

    store = ox.Store()
    for i in range(20):
        store.add(ox.Quad(ox.NamedNode(f"https://w3id.org/celltx/id/n{i}"),
                          ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(f"n{i}")))
    return store


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


@BUDGET
@given(pieces=st.lists(st.one_of(st.sampled_from(SPARQL_PIECES), st.text(max_size=6)), max_size=40))
def test_sparql_accepts_or_refuses_with_a_project_error(small_store, listener, pieces):
    from celltx_kg.errors import CelltxError
    from celltx_kg.sparql.render import render
    from celltx_kg.sparql.run import run_sparql

    text = " ".join(pieces).replace("PORT", str(listener.port))
    try:
        result = run_sparql(small_store, text, timeout=2, max_rows=1000)
        render(result, "table")
    except CelltxError as err:
        assert "\n" not in str(err)
    assert listener.requests == [], text


@BUDGET
@given(depth=st.integers(min_value=0, max_value=20000), opener=st.sampled_from(["(", "{", "[", "!", "-"]))
def test_nesting_of_any_depth_ends_in_an_answer_or_an_error(small_store, depth, opener):
    from celltx_kg.errors import CelltxError
    from celltx_kg.sparql.run import run_sparql

    closer = {"(": ")", "{": "}", "[": "]"}.get(opener, "")
    text = f"SELECT ?x WHERE {{ BIND({opener * depth}1{closer * depth} AS ?x) }}"
    try:
        run_sparql(small_store, text, timeout=2)
    except CelltxError:
        pass


FILLERS = ["", "?s ?p ?o .", "OPTIONAL { ?x celltx:a\\# ?y }", "# SERVICE\n", '?s rdfs:label "SERVICE" .',
           "?s <http://e/a#SERVICE> ?o .", "FILTER(?s != <http://e/x>)", "{ ?a ?b ?c } UNION { ?a ?b ?c }",
           "BIND('''\nSERVICE\n''' AS ?z)", "?service ?p ?o ."]
SERVICE_SPELLINGS = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "\\U00000053ERVICE", "SERVICE SILENT"]


@BUDGET
@given(before=st.lists(st.sampled_from(FILLERS), max_size=4), after=st.lists(st.sampled_from(FILLERS), max_size=4),
       spelling=st.sampled_from(SERVICE_SPELLINGS), newline=st.booleans())
def test_a_service_clause_never_reaches_the_network(small_store, listener, before, after, spelling, newline):
    from celltx_kg.errors import QueryError
    from celltx_kg.sparql.run import run_sparql

    gap = "\n" if newline else " "
    text = (f"SELECT ?o WHERE {{ {gap.join(before)}{gap}{spelling} <http://127.0.0.1:{listener.port}/x> "
            f"{{ ?s ?p ?o }}{gap}{gap.join(after)} }}")
    with pytest.raises(QueryError):
        run_sparql(small_store, text, timeout=2)
    assert listener.requests == [], text
