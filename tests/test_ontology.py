"""The ontology itself: labels in both languages, definitions, domains and ranges, header."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from conftest import ROOT

CELLTX = "https://w3id.org/celltx/"


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ROOT / "ontology" / "celltx.ttl", format="turtle")


def terms(ontology, kind):
    return sorted(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef))


def langs(ontology, subject, prop):
    return {o.language for o in ontology.objects(subject, prop) if isinstance(o, Literal)}


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_term_has_english_and_chinese_labels_and_a_definition(ontology, kind):
    found = terms(ontology, kind)
    assert len(found) > 20
    problems = []
    for term in found:
        if not {"en", "zh"} <= langs(ontology, term, RDFS.label):
            problems.append(f"{term}: needs rdfs:label @en and @zh")
        if not list(ontology.objects(term, SKOS.definition)):
            problems.append(f"{term}: needs skos:definition")
    assert not problems, "\n".join(problems)


def test_object_properties_have_domain_and_range(ontology):
    props = [p for p in terms(ontology, OWL.ObjectProperty) if str(p).startswith(CELLTX)]
    missing = [str(p) for p in props
               if (p, RDFS.domain, None) not in ontology or (p, RDFS.range, None) not in ontology]
    assert len(props) > 30
    assert not missing, "add rdfs:domain and rdfs:range to: " + ", ".join(missing)


def test_ontology_header(ontology):
    onto = URIRef("https://w3id.org/celltx/celltx.owl")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.source, OWL.versionIRI):
        assert (onto, prop, None) in ontology, prop
    assert (onto, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in ontology


def test_therapy_types_of_the_review_are_classes(ontology):
    expected = ["LAKTherapy", "CIKTherapy", "NKCellTherapy", "DCTherapy", "TILTherapy", "CARTTherapy", "TCRTTherapy",
                "CARNKTherapy", "CARNKTTherapy", "CARMTherapy", "CARTregTherapy", "CARGammaDeltaTTherapy",
                "GammaDeltaTCRTTherapy", "CARCIKTherapy", "CARNeutrophilTherapy", "AutologousCellTherapy",
                "AllogeneicCellTherapy", "UniversalCARTTherapy", "InVivoCARTTherapy",
                "FirstGenerationCAR", "SecondGenerationCAR", "ThirdGenerationCAR", "FourthGenerationCAR",
                "FifthGenerationCAR", "EngineeredTCR"]
    missing = [c for c in expected if (URIRef(CELLTX + c), RDF.type, OWL.Class) not in ontology]
    assert not missing


def test_top_level_kinds_are_disjoint(ontology):
    groups = list(ontology.subjects(RDF.type, OWL.AllDisjointClasses))
    assert groups
    from rdflib.collection import Collection

    members = {m for g in groups for m in Collection(ontology, ontology.value(g, OWL.members))}
    for kind in ("CellTherapy", "Molecule", "Disease", "Agent", "RegulatoryApproval", "Study", "Evidence"):
        assert URIRef(CELLTX + kind) in members, kind
