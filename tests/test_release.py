"""The release set as the field's tools read it: owlready2, the OWL API (HermiT's jar), pyld, sssom-py.

Expected values come from the reference tables and the review (checked by hand), or from the files
themselves read by another tool (the N-Triples, parsed by rdflib, are the yardstick).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from conftest import ROOT

CELLTX = Namespace("https://w3id.org/celltx/")
CELLTXD = Namespace("https://w3id.org/celltx/id/")
HGNC = "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/"  # Bioregistry's URI format for hgnc
CLINICALTRIALS = "https://www.clinicaltrials.gov/study/"
SETS = ("celltx", "celltx-base")
#: The trials the review names (2.1.2, 2.1.4, 2.3), as numbers written in its text.
REVIEW_TRIALS = {"study-nct04020575": "NCT04020575", "study-nct06917742": "NCT06917742",
                 "study-nct05727904": "NCT05727904"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def release(release_files):
    return release_files[0]


@pytest.fixture(scope="module")
def ntriples(release):
    return {stem: Graph().parse(release / f"{stem}.nt", format="nt") for stem in SETS}


def declared_individuals(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, OWL.NamedIndividual)}


# ---------------------------------------------------------------- named IRIs and declarations


@pytest.mark.parametrize("stem", SETS)
def test_no_blank_node_iris_and_every_fact_node_declared(release, ntriples, stem):
    for path in release.iterdir():
        assert b"/.well-known/genid/" not in path.read_bytes(), path.name
    graph = ntriples[stem]
    individuals = declared_individuals(graph)
    # Every node of the individuals' namespace that has a type is an individual (terms live in celltx:).
    typed = {str(s) for s, o in graph.subject_objects(RDF.type) if str(s).startswith(str(CELLTXD))}
    assert typed and typed <= individuals, sorted(typed - individuals)[:5]
    assert str(CELLTXD.kymriah) in individuals
    evidence = {str(s) for s in graph.subjects(RDF.type, CELLTX.Evidence)}
    assert evidence and evidence <= individuals
    assert all(iri.startswith(str(CELLTXD) + "node-") for iri in evidence)  # were blank nodes in the sources


def test_base_and_full_are_versioned_odk_style(ntriples):
    from celltx_kg import __version__

    for stem, ontology in (("celltx", CELLTX["celltx.owl"]), ("celltx-base", CELLTX["celltx-base.owl"])):
        graph = ntriples[stem]
        assert list(graph.subjects(RDF.type, OWL.Ontology)) == [ontology]
        assert graph.value(ontology, OWL.versionIRI) == URIRef(f"{CELLTX}releases/{__version__}/{stem}.owl")
    base, full = ntriples["celltx-base"], ntriples["celltx"]
    assert len(full) > len(base)
    # Derived types are in full only: Kymriah is an ApprovedProduct because it has an approval (Table 2).
    approved = (CELLTXD.kymriah, RDF.type, CELLTX.ApprovedProduct)
    assert approved in full and approved not in base


def test_owlready2_finds_the_file_by_the_ontology_iri_and_lists_every_individual(release, ntriples):
    import owlready2

    world = owlready2.World()
    owlready2.onto_path.insert(0, str(release))
    try:
        onto = world.get_ontology("https://w3id.org/celltx/celltx.owl").load()
    finally:
        owlready2.onto_path.remove(str(release))
    assert onto.base_iri == "https://w3id.org/celltx/celltx.owl#"
    listed = {i.iri for i in world.individuals()}
    assert listed == declared_individuals(ntriples["celltx"])
    assert str(CELLTXD.kymriah) in listed and len(listed) > 500


@pytest.fixture(scope="module")
def owl_api_check(tmp_path_factory) -> str:
    """tests/release/OwlApiCheck.java compiled once against HermiT's jar (it bundles the OWL API):
    the class path that runs it."""
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    source = Path(__file__).parent / "release" / "OwlApiCheck.java"
    classes = tmp_path_factory.mktemp("owl-api-check")
    subprocess.run(["javac", "--release", "8", "-nowarn", "-cp", str(jar), "-d", str(classes), str(source)],
                   check=True, capture_output=True)
    return f"{jar}:{classes}"


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no javac to compile the OWL API check (.ci/run installs it)")
@pytest.mark.parametrize("stem", SETS)
def test_owl_api_sees_named_individuals_only_and_owl2_dl(release, ntriples, owl_api_check, stem):
    from celltx_kg.reason import find_java

    done = subprocess.run([find_java().executable, "-cp", owl_api_check, "OwlApiCheck",
                           str(release / f"{stem}.owl")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line and ":" not in line[:10])
    assert seen["anonymous"] == "0"
    assert seen["violations"] == "0", done.stdout
    assert int(seen["named"]) == len(declared_individuals(ntriples[stem]))


# ---------------------------------------------------------------- JSON-LD


@pytest.mark.parametrize("stem", SETS)
def test_pyld_expands_compacts_and_gives_the_same_rdf(release, ntriples, stem):
    from pyld import jsonld

    doc = json.loads((release / f"{stem}.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict), "the context is embedded"
    expanded = jsonld.expand(doc)  # pyld's default loader: it would fail on a relative context
    compacted = jsonld.compact(expanded, {"@context": doc["@context"]})
    nquads = jsonld.to_rdf(compacted, {"format": "application/n-quads"})
    back = Graph().parse(data=nquads, format="nquads")
    assert len(back) == len(ntriples[stem])
    assert isomorphic(back, ntriples[stem])


def test_context_declares_obo_prefixes_and_expands_mondo(release):
    from pyld import jsonld

    context = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for prefix in ("MONDO", "NCIT", "CL", "CHEBI", "DOID", "EFO"):
        assert context[prefix]["@prefix"] is True
    doc = {"@context": context, "@id": "celltxd:multiple-myeloma", "skos:exactMatch": {"@id": "MONDO:0009693"}}
    (triple,) = [line for line in jsonld.to_rdf(doc, {"format": "application/n-quads"}).splitlines() if line]
    assert "<http://purl.obolibrary.org/obo/MONDO_0009693>" in triple


def test_a_jsonld_file_writing_mondo_curies_validates(cli, tmp_path):
    # Multiple myeloma is MONDO:0009693 (sources/reference/diseases.tsv).
    path = tmp_path / "mm.jsonld"
    doc = {"@context": "context.jsonld", "@id": "celltxd:multiple-myeloma", "skos:exactMatch": {"@id": "MONDO:0009693"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    done = cli("validate", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    # six digits, on a new node (an addition may not add to a curated one): the shape must catch it
    doc = {"@context": "context.jsonld", "@id": "celltxd:test-disease", "@type": "celltx:Disease",
           "rdfs:label": {"@value": "test disease", "@language": "en"}, "skos:exactMatch": {"@id": "MONDO:000969"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    done = cli("validate", str(path))
    assert done.returncode == 1 and "skos:exactMatch" in done.stdout, done.stdout + done.stderr


# ---------------------------------------------------------------- mappings and identifiers


def test_sssom_py_validates_the_mappings(release):
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(release / "celltx.sssom.tsv")
    validate(msdf, fail_on_error=True)  # raises on a schema error
    assert len(msdf.df) > 400


def test_every_mapping_triple_is_a_row_justified_by_a_confirmed_reference_row(release, ntriples):
    graph = ntriples["celltx"]
    predicates = {"skos:exactMatch": "http://www.w3.org/2004/02/skos/core#exactMatch",
                  "skos:closeMatch": "http://www.w3.org/2004/02/skos/core#closeMatch",
                  "celltx:encodedBy": str(CELLTX.encodedBy)}
    expected = sum(1 for p in predicates.values() for _ in graph.subject_objects(URIRef(p)))
    lines = [line for line in (release / "celltx.sssom.tsv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) == expected
    tables = {}
    for row in rows:
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        where = row["comment"].split(" ", 1)[0]  # sources/reference/antigens.tsv#L4
        file, line = where.split("#L")
        if file not in tables:
            tables[file] = (ROOT / file).read_text(encoding="utf-8").splitlines()
        cited = tables[file][int(line) - 1].split("\t")
        assert "confirmed" in cited, where
        local = row["object_id"].split(":", 1)[1]
        assert any(local in cell for cell in cited), (row["object_id"], where)
    # Checked by hand in antigens.tsv: CD19 is HGNC:1633, UniProt P15391; BCMA is HGNC:11913 (TNFRSF17).
    pairs = {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows}
    assert {("celltxd:cd19", "celltx:encodedBy", "hgnc:1633"), ("celltxd:cd19", "skos:exactMatch", "uniprot:P15391"),
            ("celltxd:bcma", "celltx:encodedBy", "hgnc:11913")} <= pairs


def test_one_spelling_per_prefix_and_bioregistry_uri_formats(release, ntriples):
    text = (release / "celltx.ttl").read_text(encoding="utf-8")
    assert f"@prefix hgnc: <{HGNC}> ." in text
    assert "@prefix HGNC:" not in text and "identifiers.org" not in text
    graph = ntriples["celltx"]
    assert (CELLTXD.cd19, CELLTX.encodedBy, URIRef(HGNC + "1633")) in graph


def test_the_review_trial_numbers_are_iris_beside_the_literal(ntriples):
    graph = ntriples["celltx-base"]
    for node, number in REVIEW_TRIALS.items():
        assert (CELLTXD[node], CELLTX.registryId, Literal(number)) in graph
        assert (CELLTXD[node], CELLTX.registryRecord, URIRef(CLINICALTRIALS + number)) in graph


# ---------------------------------------------------------------- dataset description


def test_void_counts_match_the_files(release, ntriples):
    from rdflib import DCAT, VOID

    void = Graph().parse(release / "celltx.void.ttl", format="turtle")
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    base = f"{CELLTX}releases/{manifest['version']}/"
    for stem in SETS:
        subset = URIRef(base + stem)
        assert int(void.value(subset, VOID.triples)) == len(ntriples[stem])
        parts = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                 for p in void.objects(subset, VOID.classPartition)}
        assert parts[CELLTX.ClinicalStudy] == len(set(ntriples[stem].subjects(RDF.type, CELLTX.ClinicalStudy)))
    # Table 2: 14 rows of 12 agents (ciltacabtagene autoleucel: FDA 2022 and NMPA 2024; axicabtagene
    # ciloleucel: Yescarta FDA 2017 and NMPA 2021, "from Yescarta"); with Tecelra (2.2) and lifileucel
    # (2.3), 14 approved products.
    full_parts = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                  for p in void.objects(URIRef(base + "celltx"), VOID.classPartition)}
    assert full_parts[CELLTX.ApprovedProduct] == 14
    dataset = URIRef("https://w3id.org/celltx/graph")
    assert void.value(dataset, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    listed = {str(d).rsplit("/", 1)[1] for d in void.objects(dataset, DCAT.distribution)}
    assert listed == set(manifest["files"]) - {"celltx.void.ttl"}


# ---------------------------------------------------------------- the saved-query catalogue


def test_subclass_parameters_are_a_shape_of_the_value_not_a_subclass_axiom():
    """products-by-therapy-type's ``type`` parameter takes a class under celltx:CellTherapy: the catalogue
    says so with a SHACL node shape on the value, which pySHACL then checks against the ontology."""
    from pyshacl import validate
    from rdflib import RDFS

    from celltx_kg.graph.build import read_ontology
    from celltx_kg.sparql.catalogue_rdf import catalogue_rdf

    catalogue = Graph().parse(data=catalogue_rdf("turtle").decode("utf-8"), format="turtle")
    SH = Namespace("http://www.w3.org/ns/shacl#")
    parameters = set(catalogue.subjects(RDF.type, SH.Parameter))
    assert parameters and not [p for p in parameters if (p, RDFS.subClassOf, None) in catalogue]
    param = URIRef("https://w3id.org/celltx/query/products-by-therapy-type.param.type")
    (shape,) = catalogue.objects(param, SH.node)
    # celltx:CARTTherapy is a cell therapy type (section 2.1), defined as an intersection with celltx:CellTherapy;
    # a product is not a class at all.
    for value, conforms in ((CELLTX.CARTTherapy, True), (CELLTX.CellTherapy, True), (CELLTXD.kymriah, False)):
        data = read_ontology()
        data.add((URIRef("urn:x-test:focus"), URIRef("urn:x-test:type"), value))
        shapes_with_target = Graph() + catalogue
        shapes_with_target.add((shape, SH.targetObjectsOf, URIRef("urn:x-test:type")))
        ok, _, text = validate(data, shacl_graph=shapes_with_target)
        assert ok is conforms, (value, text)
