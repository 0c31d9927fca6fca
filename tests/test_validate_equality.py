"""Whole-graph validation (celltx_kg.shacl.bulk) gives exactly the report pySHACL gives.

The project runs with warnings and notes allowed (they do not make a node fail a nested shape); its
shapes nest no shape of severity warning, so on them its report equals pySHACL's with the default
options, and that is what is compared; the small shapes below compare both settings.

Results are compared one by one — focus node, path, value, source shape, SPARQL constraint,
constraint component, severity and messages — with pySHACL called the plain way,
``pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)``, on:

- the curated graph;
- the curated graph with every fixture of tests/shapes/ and tests/curation/ added (each fixture's
  own nodes renamed apart, so that fixtures reusing ``celltxd:test-approval`` stay separate);
- a synthetic graph (benchmarks/synthetic.py) with errors put in;
- small shapes graphs for what the project's shapes do not use (SPARQL that must run once per
  focus node, nested shapes of severity warning, sh:node, sh:and, sh:xone, disjoint qualified
  shapes).

On the graphs that hold the ontology, pySHACL's SPARQL queries are answered by pyoxigraph
(``OxigraphQueries``, in place), as the project has always run pySHACL: rdflib's engine takes
minutes there (tests/test_shapes.py checks that pyoxigraph answers as rdflib does). On the small
shapes graphs pySHACL runs on rdflib throughout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from celltx_kg.namespaces import CELLTX, CELLTXD, expand_curie, shorten

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
FIXTURES = sorted((TESTS / "shapes").glob("*.ttl")) + sorted((TESTS / "curation").glob("*.ttl"))


def results(report: Graph) -> set:
    """Every result of a W3C validation report, as a comparable tuple. (pySHACL copies a path's
    blank nodes into the report under new names below the first level: those names are left out.)"""
    from celltx_kg.shacl.engine import report_results

    out = set()
    for r in report_results(report):
        node = r.node
        out.add(
            (
                r.focus,
                re.sub(r"\bN[0-9a-f]{32}\b", "_:b", r.path) if r.path else None,
                report.value(node, SH.value),
                r.shape,
                r.component,
                r.severity,
                r.constraint,
                frozenset(report.objects(node, SH.resultMessage)),
            )
        )
    return out


def ours(data: Graph, shapes: Graph, allow: bool) -> Graph:
    """The project's whole-graph validation (``allow``: warnings and notes allowed, as it runs), or the
    same engine with pySHACL's default options."""
    from celltx_kg.shacl.bulk import BulkValidator
    from celltx_kg.shacl.engine import run_shacl
    from celltx_kg.shacl.oxbridge import IndexedGraph

    if allow:
        return run_shacl(data, shapes)
    return BulkValidator(shapes).validate(IndexedGraph(data))


def plain(data: Graph, shapes: Graph, oxigraph: bool, allow: bool) -> Graph:
    import pyshacl

    from celltx_kg.shacl.oxbridge import OxigraphQueries

    if oxigraph:
        data = OxigraphQueries(data)
    options = {"allow_warnings": True, "allow_infos": True} if allow else {}
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=oxigraph, **options
    )
    assert isinstance(report, Graph), report
    return report


def assert_same(mine: Graph, theirs: Graph) -> set:
    """The two reports hold the same results, and so the same verdict (no result of severity violation)."""
    a, b = results(mine), results(theirs)
    only_ours = "\n".join(f"  {_show(r)}" for r in sorted(a - b, key=str)[:10])
    only_theirs = "\n".join(f"  {_show(r)}" for r in sorted(b - a, key=str)[:10])
    assert a == b, f"only here:\n{only_ours}\nonly in pySHACL:\n{only_theirs}"
    # the verdict: no result of severity violation, on both sides
    violations = {r for r in b if r[5] == "violation"}
    assert ({r for r in a if r[5] == "violation"} == set()) == (not violations)
    return a


def _show(r) -> str:
    return " | ".join(shorten(str(x)) if isinstance(x, URIRef) else str(x) for x in r[:7])


@pytest.fixture(scope="module")
def shapes():
    from celltx_kg.graph.build import read_shapes

    return read_shapes()


def test_curated_graph(graph, shapes):
    found = assert_same(ours(graph, shapes, allow=True), plain(graph, shapes, oxigraph=True, allow=False))
    assert found, "the curated graph has notes (missing Chinese labels): an empty report would prove nothing"


def _with_fixtures(graph: Graph) -> list[tuple[Graph, dict, Graph]]:
    """The curated graph plus the fixtures, in as few graphs as keep them apart: the celltx: and
    celltxd: terms a fixture brings get a suffix of their own, and two fixtures that still describe
    the same node (a QUDT unit, say) go to different graphs. With each graph: the renamings, and
    the fixtures' triples as they were added."""
    from celltx_kg.graph.build import add_facts

    known = {n for triple in graph for n in triple}
    batches: list = []  # (graph, {fixture: renaming}, subjects described, fixtures' triples)
    for i, path in enumerate(FIXTURES):
        facts = Graph().parse(path, format="turtle")
        own = {
            n: URIRef(f"{n}-fx{i}")
            for triple in facts
            for n in triple
            if isinstance(n, URIRef) and str(n).startswith(CELLTX) and n not in known
        }
        moved = Graph()
        for s, p, o in facts:
            moved.add((own.get(s, s), own.get(p, p), own.get(o, o)))
        described = {s for s in moved.subjects() if isinstance(s, URIRef)}
        batch = next((b for b in batches if not b[2] & described), None)
        if batch is None:
            merged = Graph()
            merged += graph
            batch = (merged, {}, set(), Graph())
            batches.append(batch)
        add_facts(batch[0], moved)
        batch[1][path] = own
        batch[2].update(described)
        batch[3].__iadd__(moved)
    return [(merged, renamed, new) for merged, renamed, _, new in batches]


def test_every_fixture(graph, shapes):
    assert len(FIXTURES) > 100
    from test_shapes import header

    batches = _with_fixtures(graph)
    assert len(batches) <= 3, "fixtures describing the same nodes: each graph costs a pySHACL run"
    for i, (merged, renamed, new) in enumerate(batches):
        mine = ours(merged, shapes, allow=True)
        found = assert_same(mine, plain(merged, shapes, oxigraph=True, allow=False))
        if i == 0:
            _new_facts_agree(graph, shapes, new, mine)
        # every violating fixture still produces its result there (so each was exercised)
        for path, own in renamed.items():
            if ".violating." not in path.name or path.parent.name != "shapes":
                continue
            expected = header(path)
            focus = expand_curie(expected["focus"].split()[0]) or expected["focus"].split()[0]
            focus = str(own.get(URIRef(focus), focus))
            holders = {focus} | {str(o) for o in merged.objects(URIRef(focus), None) if isinstance(o, URIRef)}
            assert any(
                str(r[0]) in holders and expected["shape"] in {shorten(str(r[3])), shorten(str(r[6]))} for r in found
            ), f"{path.name}: no result from {expected['shape']} on {focus} in the merged graph"


def _new_facts_agree(graph: Graph, shapes: Graph, new: Graph, whole: Graph) -> None:
    """The fixtures checked as new facts with the curated graph (``celltx-kg validate FILE``) get
    exactly the results whole-graph validation of the merged graph has on the nodes they mention
    (new results and those the curated graph already had, together)."""
    from celltx_kg.shacl.engine import report_results
    from celltx_kg.shacl.validate import FactsValidator

    size = len(graph)
    report = FactsValidator(graph, shapes).validate(new)
    assert len(graph) == size, "the curated graph is as it was"

    def key(r) -> tuple:  # blank nodes inside a path are copied under new names
        return (*r.key()[:2], re.sub(r"\bN[0-9a-f]{32}\b", "_:b", r.path) if r.path else None, *r.key()[3:])

    expected = {key(r) for r in report_results(whole) if r.focus in report.focus}
    got = {key(r) for r in report.results + report.preexisting}
    assert got == expected, (sorted(map(repr, got - expected))[:5], sorted(map(repr, expected - got))[:5])
    shapes_seen = {shorten(str(r.shape)) for r in report.results if r.severity == "violation"}
    assert {"celltx:DisjointClassesShape", "celltx:PropertyDomainShape"} <= shapes_seen, sorted(shapes_seen)


def _broken_synthetic() -> Graph:
    """Ontology + a synthetic graph with five errors put in, each against a rule stated in the shapes."""
    from benchmarks import synthetic
    from celltx_kg.graph.build import build_graph
    from celltx_kg.namespaces import CELLTX, PREFIXES

    lines = list(synthetic.generate(600, derived=True))
    xsd = PREFIXES["xsd"]
    study = f"<{CELLTXD}syn-study-0000000>"
    broken = []
    for line in lines:
        if line.startswith(f"<{CELLTXD}syn-outcome-0000000-orr> <{CELLTX}proportion>"):
            line = line.split(" ", 2)[0] + f' <{CELLTX}proportion> "1.5"^^<{xsd}decimal> .'  # above 1
        elif line.startswith(f"{study} <{CELLTX}hasEvidence>"):
            continue  # a study without evidence
        elif line.startswith(f"<{CELLTXD}syn-approval-0000000-fda> <{CELLTX}year>"):
            line = line.split(" ", 2)[0] + f' <{CELLTX}year> "2017" .'  # a year as text
        broken.append(line)
    broken.append(f'<{CELLTXD}syn-org-0000000> <{PREFIXES["rdfs"]}label> "Company with a space "@en .')
    broken.append(f"<{CELLTXD}syn-approval-0000000-fda> <{CELLTX}grantedBy> <{CELLTXD}nmpa> .")  # two agencies
    data = build_graph(files=[], derive=False)
    data.parse(data="\n".join(broken), format="nt")
    return data


def test_synthetic_graph_with_errors(shapes):
    data = _broken_synthetic()
    found = assert_same(ours(data, shapes, allow=True), plain(data, shapes, oxigraph=True, allow=False))
    shown = {(shorten(str(r[0])), shorten(str(r[3]))) for r in found if r[5] == "violation"}
    expected = {
        ("celltxd:syn-outcome-0000000-orr", "celltx:OutcomeProportionShape"),
        ("celltxd:syn-study-0000000", "celltx:FactEvidenceShape"),
        ("celltxd:syn-approval-0000000-fda", "celltx:YearShape"),
        ("celltxd:syn-org-0000000", "celltx:LabelShape"),
        ("celltxd:syn-approval-0000000-fda", "celltx:ApprovalAgencyShape"),
    }
    assert expected <= shown, sorted(shown)


# ---------------------------------------------------------------- what the project's shapes do not use

SMALL_DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Thing rdfs:subClassOf ex:Top .
ex:a a ex:Thing ; ex:p ex:b , "text"@en , 5 ; ex:q 1 , 2 ; ex:name "A" .
ex:b a ex:Thing ; ex:p ex:c ; ex:q 3 ; ex:name "B"@en , "b"@en .
ex:c a ex:Top ; ex:name "C" .
_:x a ex:Thing ; ex:p ex:a .
"""

SMALL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Top ;
    sh:message "thing" ;
    sh:property ex:PShape , ex:QShape ;
    sh:and ( ex:HasName ex:HasQ ) ;
    sh:xone ( ex:HasName ex:HasQ ) ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "optional {?value}" ; sh:prefixes ex:Prefixes ;
        sh:select "SELECT $this ?value WHERE { $this ex:p ?value OPTIONAL { ?value ex:q ?q } FILTER (!BOUND(?q)) }" ] ,
      [ a sh:SPARQLConstraint ; sh:message "no this {?value}" ; sh:prefixes ex:Prefixes ;
        sh:select "SELECT ?value WHERE { ?s ex:name ?value FILTER (lang(?value) = '') }" ] ,
      [ a sh:SPARQLConstraint ; sh:message "bulk {?value}" ; sh:prefixes ex:Prefixes ;
        sh:select "SELECT DISTINCT $this ?value WHERE { $this ex:q ?value FILTER (?value > 1) }" ] .
ex:PShape a sh:PropertyShape ; sh:path ex:p ; sh:message "p" ;
    sh:node ex:HasName ;
    sh:or ( ex:WarnShape ex:HasQ ) ;
    sh:not ex:HasQ ;
    sh:qualifiedValueShape ex:HasName ; sh:qualifiedMinCount 2 ; sh:qualifiedValueShapesDisjoint true ;
    sh:property [ sh:path ex:name ; sh:datatype xsd:string ; sh:severity sh:Warning ; sh:message "name" ] .
ex:PShape2 a sh:PropertyShape ; sh:targetSubjectsOf ex:q ; sh:path ex:q ; sh:message "q2" ;
    sh:qualifiedValueShape ex:Small ; sh:qualifiedMaxCount 1 .
ex:QShape a sh:PropertyShape ; sh:path ex:q ; sh:maxCount 1 ; sh:minInclusive 2 ; sh:message "q" .
ex:Small a sh:NodeShape ; sh:maxInclusive 2 ; sh:message "small" .
ex:HasName a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "has name" ] ;
    sh:message "named" .
ex:HasQ a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message "has q" ] ; sh:message "has q" .
ex:WarnShape a sh:NodeShape ; sh:severity sh:Warning ; sh:class ex:Nothing ; sh:message "warn" .
"""


def test_features_beyond_the_projects_shapes():
    data = Graph().parse(data=SMALL_DATA, format="turtle")
    shapes = Graph().parse(data=SMALL_SHAPES, format="turtle")
    found = assert_same(ours(data, shapes, allow=False), plain(data, shapes, oxigraph=False, allow=False))
    # with warnings allowed (as the project runs), sh:or passes values that only break a warning shape
    allowed = assert_same(ours(data, shapes, allow=True), plain(data, shapes, oxigraph=False, allow=True))
    assert allowed < found
    components = {shorten(str(r[4])) for r in found}
    assert {
        "sh:AndConstraintComponent",
        "sh:XoneConstraintComponent",
        "sh:NotConstraintComponent",
        "sh:SPARQLConstraintComponent",
        "sh:QualifiedMaxCountConstraintComponent",
        "sh:MaxCountConstraintComponent",
    } <= components, sorted(components)
    messages = {str(m) for r in found for m in r[7]}
    assert any(m.startswith("optional ") for m in messages) and any(m.startswith("bulk ") for m in messages)
    assert any(m.startswith("no this ") for m in messages)


def test_shapes_with_rules_are_left_to_pyshacl():
    from celltx_kg.shacl.bulk import supports

    rules = Graph().parse(
        data=SMALL_SHAPES
        + """
        ex:ThingShape sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:r ; sh:object ex:c ] .
    """,
        format="turtle",
    )
    assert not supports(rules)
    assert supports(Graph().parse(data=SMALL_SHAPES, format="turtle"))


TARGET_DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a a ex:C ; ex:p ex:b .
ex:b ex:p ex:a .
ex:p rdfs:domain ex:C .
"""


@pytest.mark.parametrize(
    "select, expected",
    [
        # MINUS sharing ?this only: once ?this is written in, the block shares no variable and would
        # remove nothing, so the node must stay a substitution (ex:a has type ex:C: not an answer).
        ("SELECT DISTINCT ?this WHERE { ?this ex:p ?v . MINUS { ?this a ex:C } }", {"b"}),
        # MINUS sharing ?d too: written in (ex:b is used outside ex:p's domain, ex:a is not).
        ("SELECT DISTINCT ?this WHERE { ?this ?p ?v . ?p rdfs:domain ?d . MINUS { ?this a ?d } }", {"b"}),
        # beside OPTIONAL, ?d may be unbound (ex:q has no domain): ex:a's solution then shares only
        # ?this with the block and goes; written in, it would stay.
        (
            "SELECT DISTINCT ?this WHERE { ?this ex:p ?v . OPTIONAL { ex:q rdfs:domain ?d } MINUS { ?this a ?d } }",
            {"b"},
        ),
        ("SELECT DISTINCT ?this WHERE { ?s ex:p ?this . FILTER NOT EXISTS { ?this a ex:C } }", {"b"}),
        ("SELECT ?this WHERE { VALUES ?this { ex:a } }", {"a"}),
    ],
)
def test_focused_sparql_targets_agree_with_the_whole_query(select, expected):
    """Which chosen nodes a SPARQL target picks, node by node, is what the query answers as a whole
    (expected answers worked out by hand from the SPARQL rules for MINUS, OPTIONAL and VALUES)."""
    from celltx_kg.shacl.engine import FocusableShapes
    from celltx_kg.shacl.oxbridge import OxigraphQueries

    ex = "http://example.org/"
    shapes = Graph().parse(
        data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <{ex}> .
        ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "{ex}"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] ,
            [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
        ex:Shape a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:prefixes ; sh:select "{select}" ] ;
            sh:nodeKind sh:IRI .
        """,
        format="turtle",
    )
    data = OxigraphQueries(Graph().parse(data=TARGET_DATA, format="turtle"))
    whole = {str(row[0])[len(ex) :] for row in data.query(FocusableShapes(shapes).prefixes + select)}
    assert whole == expected
    nodes = [URIRef(ex + name) for name in ("a", "b", "p")]
    picked = FocusableShapes(shapes)._targets(data, URIRef(ex + "Shape"), nodes, "")
    assert {str(n)[len(ex) :] for n in picked} == expected
