"""Integrity of the curated facts: evidence, quotes, labels, identifiers and links.

A failure names the node and says how to fix it (see ontology/facts/README.md).
"""

from __future__ import annotations

import csv
import re

import pytest
from conftest import ROOT
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from celltx_kg.graph.rules import fact_classes, identifier_pattern, locator_pattern
from celltx_kg.namespaces import shorten

CELLTX = Namespace("https://w3id.org/celltx/")
CELLTXD = "https://w3id.org/celltx/id/"
REFERENCE = ROOT / "sources" / "reference"

#: Our own controlled values: their Chinese labels are translations, not the review's words.
CONTROLLED = ["ControlledValue", "OutcomeMeasure", "SourceDocument", "ConstructComponent", "Method"]
LAST_REFERENCE = 103



#: Identifier spaces whose identifiers must each be a confirmed row of the reference tables.
CHECKED_PREFIXES = {"HGNC", "UNIPROT", "MONDO", "NCIT", "DOID", "CHEBI", "EFO", "MESH"}


def instances(graph, cls_name):
    cls = CELLTX[cls_name]
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return sorted({s for c in classes for s in graph.subjects(RDF.type, c) if str(s).startswith(CELLTXD)})


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_fact_node_has_complete_evidence(graph):
    problems = []
    total = 0
    for cls in fact_classes():
        for node in instances(graph, cls):
            total += 1
            evidence = list(graph.objects(node, CELLTX.hasEvidence))
            if not evidence:
                problems.append(f"{node}: add celltx:hasEvidence (a {cls} is a fact node)")
            for ev in evidence:
                if (ev, PROV.wasDerivedFrom, URIRef(CELLTXD + "review")) not in graph:
                    problems.append(f"{node}: evidence needs prov:wasDerivedFrom celltxd:review")
                locators = [str(x) for x in graph.objects(ev, CELLTX.locator)]
                if not locators or not all(locator_pattern().match(x) for x in locators):
                    problems.append(f"{node}: evidence locator {locators} must be a section, 'Table 1/2', 'Fig.1/2' or 'Abstract'")
                if not list(graph.objects(ev, CELLTX.quote)):
                    problems.append(f"{node}: evidence needs a celltx:quote copied from the review")
                for ref in graph.objects(ev, CELLTX.citesReference):
                    if not (isinstance(ref, Literal) and isinstance(ref.toPython(), int) and 1 <= ref.toPython() <= LAST_REFERENCE):
                        problems.append(f"{node}: reference number {ref!r} is not 1–{LAST_REFERENCE}")
    assert total > 300, "fact nodes went missing"
    assert not problems, "\n".join(problems[:50])


def test_every_quote_occurs_in_the_review(graph, review_compact):
    quotes = list(graph.subject_objects(CELLTX.quote))
    assert len(quotes) > 300
    missing = []
    for ev, quote in quotes:
        if quote.language not in ("zh", "en"):
            missing.append(f"{ev}: quote must be tagged @zh or @en: {quote!r}")
        position = 0
        for part in str(quote).split("…"):
            found = review_compact.find(compact(part), position)
            if not compact(part) or found < 0:
                missing.append(f"{ev}: not found in the review (copy it verbatim; join pieces with …): {part.strip()[:80]!r}")
                break
            position = found + len(compact(part))
    assert not missing, "\n".join(missing[:50])


def test_chinese_labels_are_the_reviews_words(graph, review_compact):
    exempt = {n for cls in CONTROLLED for n in instances(graph, cls)}
    wrong = [f"{s}: {o!r} is not written in the review; move it to skos:altLabel or remove it"
             for s, o in graph.subject_objects(RDFS.label)
             if str(s).startswith(CELLTXD) and isinstance(o, Literal) and o.language == "zh"
             and s not in exempt and compact(str(o)) not in review_compact]
    assert not wrong, "\n".join(wrong)


def test_every_individual_has_an_english_label(graph):
    missing = [str(s) for s in set(graph.subjects(RDF.type, None))
               if str(s).startswith(CELLTXD)
               and not any(o.language == "en" for o in graph.objects(s, RDFS.label) if isinstance(o, Literal))]
    assert not missing, "add rdfs:label \"…\"@en to: " + ", ".join(sorted(missing))


def test_no_dangling_references(graph):
    typed = set(graph.subjects(RDF.type, None))
    dangling = sorted({f"{s} → {o}" for s, p, o in graph
                       if isinstance(o, URIRef) and str(o).startswith(CELLTXD) and o not in typed})
    assert not dangling, "these individuals are used but never defined (give them a type and labels):\n" + "\n".join(dangling)


def test_vocabulary_terms_exist(graph):
    declared = set(graph.subjects(RDF.type, None))
    unknown = sorted({str(t) for triple in graph for t in triple
                      if isinstance(t, URIRef) and str(t).startswith(str(CELLTX)) and not str(t).startswith(CELLTXD)
                      and "/.well-known/" not in str(t) and t not in declared
                      and not str(t).startswith("https://w3id.org/celltx/ontology")
                      and str(t) != "https://w3id.org/celltx/graph"})
    assert not unknown, "terms used but not declared in ontology/celltx.ttl: " + ", ".join(unknown)


def _reference_curies() -> set[str]:
    curies = set()
    for path in REFERENCE.glob("*.tsv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get("confidence") != "confirmed":
                    continue
                text = " ".join(v for v in row.values() if v)
                curies.update(m.group(0).upper() for m in re.finditer(r"\b[A-Za-z]+:[A-Za-z0-9]+(?:-\d+)?", text))
    return curies


def test_identifiers_are_well_formed_and_come_from_the_reference(graph):
    if not REFERENCE.is_dir():
        pytest.fail(f"reference identifiers expected at {REFERENCE}")
    confirmed = _reference_curies()
    problems = []
    links = [(s, o) for p in (SKOS.exactMatch, SKOS.closeMatch, CELLTX.encodedBy) for s, o in graph.subject_objects(p)]
    assert len(links) > 100
    for subject, iri in links:
        if not identifier_pattern().match(str(iri)):
            problems.append(f"{subject}: {iri} is not a well-formed identifier of a known identifier space")
            continue
        curie = shorten(str(iri)).upper()
        if curie.partition(":")[0] in CHECKED_PREFIXES and curie not in confirmed:
            problems.append(f"{subject}: {curie} is not a confirmed identifier in sources/reference (never invent one)")
    assert not problems, "\n".join(problems)


def test_proportions_are_fractions(graph):
    bad = [f"{s}: {o}" for s, o in graph.subject_objects(CELLTX.proportion) if not 0 <= float(o) <= 1]
    assert not bad, "write proportions as decimals in [0, 1] (77% → 0.77): " + ", ".join(bad)
