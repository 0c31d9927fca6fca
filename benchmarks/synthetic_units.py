"""The units of the synthetic graph (:mod:`benchmarks.synthetic`): N-Triples lines, following the
patterns of ontology/facts (ontology/facts/README.md).

A unit's nodes and links depend only on its :func:`variant` (a function of the unit's number), so
what the build derives from a unit can be computed once per variant; ``rng`` draws only literal
values.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import NamedTuple

from celltx_kg.namespaces import CELLTX, CELLTXD, PREFIXES

A = f"<{PREFIXES['rdf']}type>"
LABEL = f"<{PREFIXES['rdfs']}label>"
DEF = f"<{PREFIXES['skos']}definition>"
ALT = f"<{PREFIXES['skos']}altLabel>"
PROV_DERIVED = f"<{PREFIXES['prov']}wasDerivedFrom>"
XSD = PREFIXES["xsd"]
MO = f"<{PREFIXES['unit']}MO>"
T_CELL, NK_CELL = f"<{PREFIXES['obo']}CL_0000084>", f"<{PREFIXES['obo']}CL_0000623>"
#: Stands for the unit's number in a prototype unit's node names.
PROTO = "PROTOTYPE"
#: The review's reference numbers and section locators the evidence draws from.
LOCATORS = ("1", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2", "2.3", "2.4", "2.5", "3", "Table 2")
#: Antigen categories of the TCR-T antigens, in turn (tcr-t-antigens-by-category).
CATEGORIES = ("OverexpressedAntigen", "DifferentiationAntigen", "CancerGermlineAntigen", "Neoantigen")


def iri(local: str) -> str:
    return f"<{CELLTXD}{local}>"


def p(name: str) -> str:
    return f"<{CELLTX}{name}>"


c = p  # classes and properties share the vocabulary namespace


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def evidence(
    owner: str, n: int, rng: random.Random, locator: str | None = None, cites: int | None = None
) -> Iterator[str]:
    ev = f"<{owner[1:-1]}-ev{n}>"
    yield f"{owner} {p('hasEvidence')} {ev} ."
    yield f"{ev} {A} {c('Evidence')} ."
    yield f"{ev} {PROV_DERIVED} {iri('review')} ."
    yield f"{ev} {p('locator')} {lit(locator or rng.choice(LOCATORS))} ."
    yield f"{ev} {p('citesReference')} {typed(cites or rng.randint(1, 103), 'integer')} ."
    yield f"{ev} {p('quote')} {lit('合成证据语句 ' + str(n), 'zh')} ."


class Variant(NamedTuple):
    """What a unit has, from its number: every choice of a node or link (the seed draws only
    literal values), so that what the build derives is the same for every unit of a variant."""

    group: str  # the disease group of its disease
    category: str  # the category of its TCR-T antigen
    kind: str  # its non-engineered therapy: TIL or CIK
    phase: str  # the phase of its trial
    nmpa: bool  # its product also approved by the NMPA
    rare: bool  # a guideline and a statistic


def variant(i: int) -> Variant:
    return Variant(
        "haematological-malignancy" if i % 2 == 0 else "solid-tumour",
        CATEGORIES[i % len(CATEGORIES)],
        "TIL" if (i // 2) % 2 == 0 else "CIK",
        ("phase-1", "phase-2", "phase-3")[i % 3],
        i % 3 == 0,
        i % 5 == 0,
    )


def _node(node: str, types, en: str, zh: str | None = None) -> Iterator[str]:
    for cls in (types,) if isinstance(types, str) else types:
        yield f"{node} {A} {cls} ."
    yield f"{node} {LABEL} {lit(en, 'en')} ."
    if zh:
        yield f"{node} {LABEL} {lit(zh, 'zh')} ."


def _links(node: str, *pairs) -> Iterator[str]:
    for prop, obj in pairs:
        yield f"{node} {p(prop)} {obj} ."


def _engineered(
    therapy: str, cell_cls: str, receptor_cls: str, antigen: str, source: str | None = None
) -> Iterator[str]:
    """Effector cells (optionally derived from a source cell type) and a receptor binding ``antigen``."""
    cell, receptor = f"<{therapy[1:-1]}-cells>", f"<{therapy[1:-1]}-receptor>"
    name = therapy[1:-1].rsplit("/", 1)[-1]
    yield f"{therapy} {p('hasEffectorCell')} {cell} ."
    yield from _node(cell, cell_cls, f"effector cells of {name}")
    if source:
        src = f"<{therapy[1:-1]}-source>"
        yield f"{cell} {p('cellSourcedFrom')} {src} ."
        yield from _node(src, c(source), f"source cells of {name}")
    yield f"{therapy} {p('hasReceptor')} {receptor} ."
    yield from _node(receptor, c(receptor_cls), f"receptor of {name}")
    yield f"{receptor} {p('bindsAntigen')} {antigen} ."
    yield f"{therapy} {p('targetsAntigen')} {antigen} ."


def _approval(k: str, agency: str, year: int, row: int, rng: random.Random, first: bool = False) -> Iterator[str]:
    approval, product = iri(f"syn-approval-{k}-{agency}"), iri(f"syn-product-{k}")
    yield from _node(approval, c("RegulatoryApproval"), f"Product {k}, {agency.upper()} {year}")
    yield from _links(
        approval,
        ("approvedProduct", product),
        ("grantedBy", iri(agency)),
        ("year", typed(year, "integer")),
        ("approvedForIndication", iri(f"syn-disease-{k}")),
        ("approvedIndicationText", lit(f"Disease {k}")),
        ("productNameAsPrinted", lit(f"Product {k}", "en")),
        ("listedDeveloper", iri(f"syn-org-{k}")),
        ("tableRow", typed(row, "integer")),
    )
    if first:  # as the review says of some approvals (true here: each unit's antigen is its own)
        yield from _links(approval, ("firstOfItsKind", typed("true", "boolean")))
    yield from evidence(approval, 1, rng, "Table 2")


def _outcome(
    k: str, name: str, study: str, measure: str, rng: random.Random, therapy: str | None = None
) -> Iterator[str]:
    outcome = iri(f"syn-outcome-{k}-{name}")
    yield from _node(outcome, c("OutcomeMeasurement"), f"{name} of study {k}")
    yield from _links(outcome, ("outcomeOf", study), ("measures", iri(measure)))
    if therapy:
        yield from _links(outcome, ("forTherapy", therapy))
    if measure == "median-os":
        months = rng.randint(30, 400) / 10
        yield from _links(
            outcome,
            ("durationValue", typed(f"{months:.1f}", "decimal")),
            ("durationUnit", MO),
            ("valueText", lit(f"{months:.1f}个月")),
        )
    else:
        value = rng.randint(0, 100) / 100
        yield from _links(
            outcome, ("proportion", typed(f"{value:.2f}", "decimal")), ("valueText", lit(f"{round(value * 100)}%"))
        )
        if measure == "os-rate":
            yield from _links(
                outcome, ("timePointValue", typed(rng.choice((12, 18, 24, 36)), "decimal")), ("timePointUnit", MO)
            )
    yield from evidence(outcome, 1, rng)


def product_bundle(k: str, shape: Variant, rng: random.Random) -> Iterator[str]:
    """A developer, an antigen, a disease, an approved CAR-T product, its FDA approval, a phase
    trial of it with response and toxicity outcomes (about 100 triples)."""
    group = shape.group
    org, antigen, disease = iri(f"syn-org-{k}"), iri(f"syn-antigen-{k}"), iri(f"syn-disease-{k}")
    product, study = iri(f"syn-product-{k}"), iri(f"syn-study-{k}")
    yield from _node(org, c("Company"), f"Company {k}", f"公司{k}")
    yield from _node(antigen, c("Antigen"), f"Antigen {k}", f"抗原{k}")
    yield f"{antigen} {DEF} {lit(f'A synthetic target antigen ({k}).', 'en')} ."
    yield from evidence(antigen, 1, rng)
    yield from _node(disease, c("Disease"), f"Disease {k}", f"疾病{k}")
    yield from _links(disease, ("broaderDisease", iri(group)))
    yield from _node(product, (c("CellTherapyProduct"), c("AutologousCellTherapy")), f"Product {k}")
    yield from _engineered(product, T_CELL, "SecondGenerationCAR", antigen)
    yield from _links(f"<{product[1:-1]}-receptor>", ("hasCostimulatoryDomain", iri("cd28-domain")))
    yield from _links(product, ("developedBy", org), ("indicatedFor", disease))
    number = int(k) if k.isdigit() else 0
    yield from evidence(product, 1, rng, "2.1.1", cites=(39 + number) % 103 + 1)  # unit 0 cites [40]
    yield from _approval(k, "fda", 2017 + (4 + number) % 9, 2 * number + 1, rng, number % 3 == 0)  # unit 0: 2021
    yield from _node(study, c("ClinicalTrial"), f"Trial of product {k}")
    yield from _links(
        study,
        ("studiesTherapy", product),
        ("studiesCondition", disease),
        ("hasPhase", iri(shape.phase)),
        ("enrolledCount", typed(rng.randint(5, 300), "integer")),
    )
    yield from evidence(study, 1, rng)
    yield from _outcome(k, "orr", study, "orr", rng)
    yield from _outcome(k, "crs", study, "crs-incidence", rng, product)


def unit_lines(k: str, shape: Variant, rng: random.Random) -> Iterator[str]:
    """The whole unit ``k`` of variant ``shape`` (see :func:`variant`)."""
    category, kind, nmpa, rare = shape.category, shape.kind, shape.nmpa, shape.rare
    number = int(k) if k.isdigit() else 0
    yield from product_bundle(k, shape, rng)
    org, antigen, disease = iri(f"syn-org-{k}"), iri(f"syn-antigen-{k}"), iri(f"syn-disease-{k}")
    if nmpa:
        yield from _approval(k, "nmpa", 2021 + number % 5, 2 * number + 2, rng)
    # a TCR-T antigen of a category, and an autoimmune disease
    tcr_antigen, autoimmune = iri(f"syn-antigen-{k}-tcr"), iri(f"syn-disease-{k}-autoimmune")
    yield from _node(tcr_antigen, c(category), f"TCR-T antigen {k}", f"TCR-T抗原{k}")
    yield f"{tcr_antigen} {DEF} {lit(f'A synthetic tumour antigen of TCR-T therapy ({k}).', 'en')} ."
    yield from evidence(tcr_antigen, 1, rng, "2.2")
    yield from _node(autoimmune, c("Disease"), f"Autoimmune disease {k}", f"自身免疫病{k}")
    yield from _links(autoimmune, ("broaderDisease", iri("autoimmune-disease")))
    # investigational therapies: CAR-T, TCR-T, CAR-NK product, universal CAR-T, in vivo CAR-T, TIL or CIK
    therapies = {
        name: iri(f"syn-therapy-{k}-{name}") for name in ("car-t", "tcr-t", "ucar-t", "in-vivo-car-t", kind.lower())
    }
    therapies["car-nk"] = iri(f"syn-product-{k}-car-nk")
    yield from _node(therapies["car-t"], c("CellTherapy"), f"Investigational CAR-T {k}")
    yield from _engineered(therapies["car-t"], T_CELL, "ChimericAntigenReceptor", antigen)
    yield from _node(therapies["tcr-t"], c("CellTherapy"), f"TCR-T therapy {k}")
    yield from _engineered(therapies["tcr-t"], T_CELL, "EngineeredTCR", tcr_antigen)
    yield from _links(therapies["tcr-t"], ("deliveredBy", iri("lentiviral-vector")), ("developedBy", org))
    yield from _node(therapies["car-nk"], (c("CellTherapyProduct"), c("AllogeneicCellTherapy")), f"CAR-NK product {k}")
    yield from _engineered(
        therapies["car-nk"], NK_CELL, "ChimericAntigenReceptor", antigen, "InducedPluripotentStemCell"
    )
    yield from _links(therapies["car-nk"], ("developedBy", org), ("indicatedFor", disease))
    yield from _node(therapies["ucar-t"], (c("CellTherapy"), c("UniversalCellTherapy")), f"Universal CAR-T {k}")
    yield from _engineered(therapies["ucar-t"], T_CELL, "ChimericAntigenReceptor", antigen)
    yield from _links(
        therapies["ucar-t"], ("editedWith", iri("crispr-cas9")), ("indicatedFor", disease), ("developedBy", org)
    )
    yield from _node(therapies["in-vivo-car-t"], (c("CellTherapy"), c("InVivoCellTherapy")), f"In vivo CAR-T {k}")
    yield from _engineered(therapies["in-vivo-car-t"], T_CELL, "ChimericAntigenReceptor", antigen)
    yield from _links(therapies["in-vivo-car-t"], ("deliveredBy", iri("lipid-nanoparticle")), ("developedBy", org))
    other = therapies[kind.lower()]
    cell = "TumourInfiltratingLymphocyte" if kind == "TIL" else "CIKCell"
    yield from _node(other, (c("CellTherapy"), c(f"{kind}Therapy")), f"{kind} therapy {k}")
    yield f"{other} {p('hasEffectorCell')} <{other[1:-1]}-cells> ."
    yield from _node(f"<{other[1:-1]}-cells>", c(cell), f"effector cells of {kind} therapy {k}")
    for _, therapy in sorted(therapies.items()):
        yield from evidence(therapy, 1, rng)
    # studies: CAR-T in the autoimmune disease, TCR-T and TIL/CIK with a drug, in vivo CAR-T preclinical
    drug = iri(f"syn-drug-{k}")
    yield from _node(drug, c("Drug"), f"Drug {k}", f"药物{k}")
    auto_study, combo, preclinical = (
        iri(f"syn-study-{k}-{name}") for name in ("autoimmune", "combination", "preclinical")
    )
    yield from _node(auto_study, c("ClinicalStudy"), f"CAR-T study {k} in autoimmune disease")
    yield from _links(
        auto_study,
        ("studiesTherapy", therapies["car-t"]),
        ("studiesCondition", autoimmune),
        ("year", typed(rng.randint(2019, 2025), "integer")),
        ("enrolledCount", typed(rng.randint(3, 40), "integer")),
    )
    yield from _node(combo, c("ClinicalTrial"), f"Combination trial {k}")
    yield from _links(
        combo,
        ("studiesTherapy", therapies["tcr-t"]),
        ("studiesTherapy", other),
        ("studiesCondition", disease),
        ("combinedWith", drug),
        ("hasPhase", iri("phase-2")),
        ("trialName", lit(f"SYN-{k}")),
        ("year", typed(rng.randint(2010, 2025), "integer")),
    )
    yield from _node(preclinical, c("PreclinicalStudy"), f"Preclinical study {k} of in vivo CAR-T")
    yield from _links(
        preclinical, ("studiesTherapy", therapies["in-vivo-car-t"]), ("year", typed(rng.randint(2020, 2025), "integer"))
    )
    for study in (auto_study, combo, preclinical):
        yield from evidence(study, 1, rng)
    yield from _outcome(k, "os", combo, "median-os", rng, therapies["tcr-t"])
    yield from _outcome(k, "os-rate", combo, "os-rate", rng)
    # statements: a milestone of a team led by a person, a finding, a challenge and a strategy
    person, team = iri(f"syn-person-{k}"), iri(f"syn-team-{k}")
    yield from _node(person, c("Person"), f"Person {k}")
    yield from _node(team, c("ResearchTeam"), f"Team {k}")
    yield from _links(team, ("ledBy", person))
    statements = {name: iri(f"syn-{name}-{k}") for name in ("milestone", "finding", "challenge", "strategy")}
    for name, node in statements.items():
        yield from _node(node, c(name.capitalize()), f"Synthetic {name} {k}")
        yield f"{node} {p('statement')} {lit(f'A synthetic {name} ({k}).', 'en')} ."
        yield f"{node} {p('statement')} {lit(f'合成陈述{k}', 'zh')} ."
        yield from evidence(node, 1, rng)
    yield from _links(
        statements["milestone"],
        ("year", typed(rng.randint(1960, 2025), "integer")),
        ("achievedBy", team),
        ("aboutClass", c("CARTTherapy")),
    )
    yield from _links(
        statements["finding"], ("about", antigen), ("about", iri(f"syn-product-{k}")), ("aboutClass", c("TCRTTherapy"))
    )
    yield from _links(statements["challenge"], ("aboutClass", c(f"{kind}Therapy")), ("about", disease))
    yield from _links(
        statements["strategy"],
        ("addresses", statements["challenge"]),
        ("combinedWith", drug),
        ("aboutClass", c(f"{kind}Therapy")),
    )
    if rare:
        guideline, statistic = iri(f"syn-guideline-{k}"), iri(f"syn-statistic-{k}")
        yield from _node(guideline, c("Guideline"), f"Synthetic guideline {k}", f"合成指南{k}")
        yield from _links(
            guideline,
            ("issuedBy", org),
            ("year", typed(rng.randint(2015, 2025), "integer")),
            ("aboutClass", c(f"{kind}Therapy")),
        )
        yield from _node(statistic, c("Statistic"), f"Synthetic statistic {k}")
        yield from _links(
            statistic,
            ("trialCount", typed(rng.randint(10, 500), "integer")),
            ("aboutClass", c("TCRTTherapy")),
            ("year", typed(2020, "integer")),
            ("endYear", typed(2024, "integer")),
        )
        for node in (guideline, statistic):
            yield f"{node} {p('statement')} {lit(f'A synthetic statement ({k}).', 'en')} ."
            yield f"{node} {p('statement')} {lit(f'合成陈述{k}', 'zh')} ."
            yield from evidence(node, 1, rng)
