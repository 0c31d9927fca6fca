"""Synthetic graphs shaped like the curated one, for benchmarks at 10^3–10^6 triples.

Deterministic from a seed. Each unit is one developer, antigen, disease, product (effector
T cell + second-generation CAR), approval, clinical trial and two outcome measurements, all
with English and Chinese labels and evidence records, following the same patterns as
ontology/facts (so the project's shapes, queries and reasoner apply). Shared controlled values
(agencies, phases, outcome measures, units, the source document, disease groups) are emitted
once with the same IRIs as the curated graph.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from celltx_kg.namespaces import CELLTX, CELLTXD, PREFIXES

RDF_TYPE = f"<{PREFIXES['rdf']}type>"
LABEL = f"<{PREFIXES['rdfs']}label>"
XSD = PREFIXES["xsd"]
OBO = PREFIXES["obo"]
UNIT = PREFIXES["unit"]
PROV_DERIVED = f"<{PREFIXES['prov']}wasDerivedFrom>"
DEFINITION = f"<{PREFIXES['skos']}definition>"
TRIPLES_PER_UNIT = 88  # measured from unit(); used to pick the number of units for a size


def _iri(local: str) -> str:
    return f"<{CELLTXD}{local}>"


def _p(name: str) -> str:
    return f"<{CELLTX}{name}>"


def _c(name: str) -> str:
    return f"<{CELLTX}{name}>"


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def _evidence(owner: str, n: int, rng: random.Random) -> Iterator[str]:
    ev = f"<{owner[1:-1]}-ev{n}>"
    yield f"{owner} {_p('hasEvidence')} {ev} ."
    yield f"{ev} {RDF_TYPE} {_c('Evidence')} ."
    yield f"{ev} {PROV_DERIVED} {_iri('review')} ."
    yield f"{ev} {_p('locator')} {_lit(rng.choice(['2.1.1', '2.1.2', '2.2', 'Table 2']))} ."
    yield f"{ev} {_p('citesReference')} {_typed(rng.randint(1, 103), 'positiveInteger')} ."
    yield f"{ev} {_p('quote')} {_lit('合成证据语句 ' + str(n), 'zh')} ."


def base() -> Iterator[str]:
    """Controlled values the units point at (same IRIs as the curated graph)."""
    yield f"{_iri('review')} {RDF_TYPE} {_c('SourceDocument')} ."
    yield f"{_iri('review')} {LABEL} {_lit('Immune cell therapy: a review of recent advances', 'en')} ."
    yield f"{_iri('review')} {LABEL} {_lit('免疫细胞治疗研究进展综述', 'zh')} ."
    for local, en, zh in (("fda", "U.S. Food and Drug Administration", "美国FDA"), ("nmpa", "National Medical Products Administration", "国家药监局")):
        yield f"{_iri(local)} {RDF_TYPE} {_c('RegulatoryAgency')} ."
        yield f"{_iri(local)} {LABEL} {_lit(en, 'en')} ."
        yield f"{_iri(local)} {LABEL} {_lit(zh, 'zh')} ."
        yield f"{_iri(local)} <{PREFIXES['skos']}altLabel> {_lit(local.upper(), 'en')} ."
    for local, order, zh in (("phase-1", "1.0", "Ⅰ期"), ("phase-2", "2.0", "Ⅱ期"), ("phase-3", "3.0", "Ⅲ期")):
        yield f"{_iri(local)} {RDF_TYPE} {_c('TrialPhase')} ."
        yield f"{_iri(local)} {LABEL} {_lit(local.replace('-', ' '), 'en')} ."
        yield f"{_iri(local)} {LABEL} {_lit(zh, 'zh')} ."
        yield f"{_iri(local)} {_p('phaseOrder')} {_typed(order, 'decimal')} ."
    for local, en, zh in (("orr", "objective response rate", "客观缓解率"), ("cr-rate", "complete response rate", "完全缓解率"),
                          ("median-pfs", "median progression-free survival", "中位无进展生存期")):
        yield f"{_iri(local)} {RDF_TYPE} {_c('OutcomeMeasure')} ."
        yield f"{_iri(local)} {LABEL} {_lit(en, 'en')} ."
        yield f"{_iri(local)} {LABEL} {_lit(zh, 'zh')} ."
        yield f"{_iri(local)} {DEFINITION} {_lit('The ' + en + ' of a study.', 'en')} ."
    yield f"<{UNIT}MO> {RDF_TYPE} {_c('Unit')} ."
    yield f"<{UNIT}MO> {LABEL} {_lit('month', 'en')} ."
    yield f"<{UNIT}MO> {LABEL} {_lit('月', 'zh')} ."
    for local, en in (("haematological-malignancy", "haematological malignancy"), ("solid-tumour", "solid tumour"), ("cancer", "cancer")):
        yield f"{_iri(local)} {RDF_TYPE} {_c('Disease')} ."
        yield f"{_iri(local)} {LABEL} {_lit(en, 'en')} ."
    yield f"{_iri('haematological-malignancy')} {_p('broaderDisease')} {_iri('cancer')} ."
    yield f"{_iri('solid-tumour')} {_p('broaderDisease')} {_iri('cancer')} ."
    yield f"{_iri('cd28-domain')} {RDF_TYPE} {_c('CostimulatoryDomain')} ."
    yield f"{_iri('cd28-domain')} {LABEL} {_lit('CD28 costimulatory domain', 'en')} ."


def unit(i: int | str, rng: random.Random, derived: bool = False) -> Iterator[str]:
    """One product with its developer, target, indication, approval, trial and outcomes.

    ``derived`` adds the types the build derives from the ontology's definitions.
    """
    k = f"{i:07d}" if isinstance(i, int) else i
    org, antigen, disease = _iri(f"syn-org-{k}"), _iri(f"syn-antigen-{k}"), _iri(f"syn-disease-{k}")
    product, approval, study = _iri(f"syn-product-{k}"), _iri(f"syn-approval-{k}"), _iri(f"syn-study-{k}")
    cell, car = _iri(f"syn-product-{k}-cells"), _iri(f"syn-product-{k}-car")
    yield from (f"{org} {RDF_TYPE} {_c('Company')} .", f"{org} {LABEL} {_lit(f'Company {k}', 'en')} .",
                f"{org} {LABEL} {_lit(f'公司{k}', 'zh')} .")
    yield from (f"{antigen} {RDF_TYPE} {_c('Antigen')} .", f"{antigen} {LABEL} {_lit(f'Antigen {k}', 'en')} .",
                f"{antigen} {LABEL} {_lit(f'抗原{k}', 'zh')} .",
                f"{antigen} {DEFINITION} {_lit(f'A synthetic target antigen ({k}).', 'en')} .")
    yield from _evidence(antigen, 1, rng)
    group = rng.choice(["haematological-malignancy", "solid-tumour"])
    yield from (f"{disease} {RDF_TYPE} {_c('Disease')} .", f"{disease} {LABEL} {_lit(f'Disease {k}', 'en')} .",
                f"{disease} {LABEL} {_lit(f'疾病{k}', 'zh')} .", f"{disease} {_p('broaderDisease')} {_iri(group)} .")
    yield from (f"{product} {RDF_TYPE} {_c('CellTherapyProduct')} .", f"{product} {RDF_TYPE} {_c('AutologousCellTherapy')} .",
                f"{product} {LABEL} {_lit(f'Product {k}', 'en')} .", f"{product} {_p('hasEffectorCell')} {cell} .",
                f"{cell} {RDF_TYPE} <{OBO}CL_0000084> .", f"{cell} {LABEL} {_lit(f'T cells of product {k}', 'en')} .",
                f"{product} {_p('hasReceptor')} {car} .", f"{car} {RDF_TYPE} {_c('SecondGenerationCAR')} .",
                f"{car} {LABEL} {_lit(f'CAR of product {k}', 'en')} .", f"{car} {_p('bindsAntigen')} {antigen} .",
                f"{car} {_p('hasCostimulatoryDomain')} {_iri('cd28-domain')} .",
                f"{product} {_p('targetsAntigen')} {antigen} .", f"{product} {_p('developedBy')} {org} .",
                f"{product} {_p('indicatedFor')} {disease} .")
    yield from _evidence(product, 1, rng)
    if derived:
        for cls in ("EngineeredReceptorCellTherapy", "CARTTherapy", "ApprovedProduct"):
            yield f"{product} {RDF_TYPE} {_c(cls)} ."
        yield f"{antigen} {RDF_TYPE} {_c('TargetAntigen')} ."
        kind = "HaematologicalMalignancy" if group == "haematological-malignancy" else "SolidTumour"
        yield f"{disease} {RDF_TYPE} {_c(kind)} ."
    year = rng.randint(2017, 2025)
    agency = rng.choice(["fda", "nmpa"])
    yield from (f"{approval} {RDF_TYPE} {_c('RegulatoryApproval')} .",
                f"{approval} {LABEL} {_lit(f'Product {k}, {agency.upper()} {year}', 'en')} .",
                f"{approval} {_p('approvedProduct')} {product} .", f"{approval} {_p('grantedBy')} {_iri(agency)} .",
                f"{approval} {_p('year')} {_typed(year, 'integer')} .",
                f"{approval} {_p('approvedForIndication')} {disease} .",
                f"{approval} {_p('approvedIndicationText')} {_lit(f'Disease {k}')} .",
                f"{approval} {_p('productNameAsPrinted')} {_lit(f'Product {k}', 'en')} .",
                f"{approval} {_p('listedDeveloper')} {org} .")
    yield from _evidence(approval, 1, rng)
    enrolled = rng.randint(5, 300)
    yield from (f"{study} {RDF_TYPE} {_c('ClinicalTrial')} .", f"{study} {LABEL} {_lit(f'Trial of product {k}', 'en')} .",
                f"{study} {_p('studiesTherapy')} {product} .", f"{study} {_p('studiesCondition')} {disease} .",
                f"{study} {_p('hasPhase')} {_iri(rng.choice(['phase-1', 'phase-2', 'phase-3']))} .",
                f"{study} {_p('enrolledCount')} {_typed(enrolled, 'integer')} .")
    yield from _evidence(study, 1, rng)
    for n, measure in enumerate(("orr", "cr-rate"), 1):
        outcome = _iri(f"syn-outcome-{k}-{n}")
        value = f"{rng.randint(0, 100) / 100:.2f}"
        yield from (f"{outcome} {RDF_TYPE} {_c('OutcomeMeasurement')} .",
                    f"{outcome} {LABEL} {_lit(f'{measure} of trial {k}', 'en')} .",
                    f"{outcome} {_p('outcomeOf')} {study} .", f"{outcome} {_p('measures')} {_iri(measure)} .",
                    f"{outcome} {_p('proportion')} {_typed(value, 'decimal')} .",
                    f"{outcome} {_p('valueText')} {_lit(str(round(float(value) * 100)) + '%')} .")
        yield from _evidence(outcome, 1, rng)


def generate(target_triples: int, seed: int = 42, derived: bool = False) -> Iterator[str]:
    """N-Triples lines of a synthetic graph of about ``target_triples`` triples."""
    rng = random.Random(seed)
    yield from base()
    per_unit = TRIPLES_PER_UNIT + (6 if derived else 0)
    for i in range(max(1, round(target_triples / per_unit))):
        yield from unit(i, rng, derived)


def new_facts(seed: int = 43) -> Iterator[str]:
    """About 100 triples of new facts: one more product bundle, pointing at the shared values."""
    yield from unit("new", random.Random(seed))


def _write(path: Path, lines: Iterator[str]) -> int:
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
            count += 1
    return count


def write(path: Path, target_triples: int, seed: int = 42, derived: bool = False) -> int:
    """Write a synthetic graph as N-Triples; returns the number of triples."""
    return _write(path, generate(target_triples, seed, derived))


def write_new_facts(path: Path, seed: int = 43) -> int:
    return _write(path, new_facts(seed))
