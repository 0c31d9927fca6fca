"""Synthetic graphs shaped like the curated one, for benchmarks at 10^3–10^6 triples.

Deterministic from a seed and streamed (one unit at a time, so 10^6 triples take bounded
memory). The graph is the controlled values (:func:`base`: the source document, agencies, trial
phases, outcome measures, units, methods, disease groups, Table 1 profiles), emitted once with the
same IRIs as the curated graph, and then units (:mod:`benchmarks.synthetic_units`): each a small
review of its own, with a developer, antigens, diseases, an approved CAR-T product (FDA and, every
third unit, NMPA approvals), investigational CAR-T, TCR-T, CAR-NK (iPSC-derived NK cells),
universal and in-vivo therapies, a TIL or CIK therapy, trials and studies with response, survival
and toxicity outcomes, a combination regimen, a milestone, a finding, a challenge and a strategy,
and every fifth unit a guideline and a statistic; every fact with evidence, every name in English
and Chinese, all following ontology/facts (so the project's shapes, saved queries and reasoner
apply). Synthetic nodes are ``celltxd:syn-…``; the curated graph's real-world identifiers are never
used or invented.

Which nodes and links a unit has depends only on its number (:func:`benchmarks.synthetic_units.variant`);
the seed draws its literal values (years, counts, proportions, cited references). ``derived=True``
adds what the build derives (:func:`celltx_kg.graph.derive.derive`): computed once per variant on
a prototype unit over the ontology and the controlled values, then renamed for each unit, so the
synthetic graph holds exactly what the build would add without deriving over the whole graph.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

from benchmarks.synthetic_units import (
    ALT,
    DEF,
    LABEL,
    MO,
    PROTO,
    A,
    c,
    evidence,
    iri,
    lit,
    p,
    product_bundle,
    typed,
    unit_lines,
    variant,
)

#: Saved-query parameters that name synthetic entities (every unit has them; unit 0 is in every
#: graph), as a user would type them. The benchmark binds a required parameter to these on the
#: synthetic graph, since the examples of the saved queries name curated entities (Kymriah, Carl
#: JUNE …); the other examples (FDA, CAR-NK, reference 40, year 2021 …) are kept as written.
EXAMPLES: dict[str, dict[str, str]] = {
    "describe": {"entity": "celltxd:syn-product-0000000"},
    "entity-card": {"entity": "celltxd:syn-antigen-0000000"},
    "evidence": {"entity": "celltxd:syn-product-0000000"},
    "label-search": {"text": "抗原0000000"},
    "milestones-by-agent": {"agent": "celltxd:syn-person-0000000"},
    "products-by-developer": {"developer": "celltxd:syn-org-0000000"},
    "products-by-indication": {"indication": "celltxd:syn-disease-0000000"},
    "products-by-target": {"target": "celltxd:syn-antigen-0000000"},
    "statements-about": {"entity": "celltxd:syn-antigen-0000000"},
    "strategies-for-challenge": {"challenge": "celltxd:syn-challenge-0000000"},
    "study-card": {"study": "celltxd:syn-study-0000000"},
    "targets-by-disease": {"disease": "celltxd:syn-disease-0000000"},
}

#: Table 1 profiles: (therapy class, category class, name, row); synthetic rows about the
#: ontology's therapy classes, so queries that name a therapy's kind find one.
PROFILES = (
    ("CIKTherapy", "NonAntigenSpecificCellTherapy", "CIK", 1),
    ("TILTherapy", "AntigenSpecificCellTherapy", "TIL", 2),
    ("CARTTherapy", "AntigenSpecificCellTherapy", "CAR-T", 3),
    ("TCRTTherapy", "AntigenSpecificCellTherapy", "TCR-T", 4),
    ("CARNKTherapy", "AntigenSpecificCellTherapy", "CAR-NK", 5),
)


def base() -> Iterator[str]:
    """Controlled values the units point at (the curated graph's IRIs and names)."""
    review = iri("review")
    yield f"{review} {A} {c('SourceDocument')} ."
    yield f"{review} {LABEL} {lit('Recent global advances in immune cell therapy', 'en')} ."
    yield f"{review} {LABEL} {lit('免疫细胞治疗的国内外最新研究进展', 'zh')} ."
    for local, en, zh, short in (
        ("fda", "Food and Drug Administration", "美国FDA", "FDA"),
        ("nmpa", "National Medical Products Administration", None, "NMPA"),
    ):
        yield from _named(iri(local), "RegulatoryAgency", en, zh)
        yield f"{iri(local)} {ALT} {lit(short, 'en')} ."
    for local, order, en, zh in (
        ("phase-1", "1.0", "phase I", "Ⅰ期"),
        ("phase-2", "2.0", "phase II", "Ⅱ期"),
        ("phase-3", "3.0", "phase III", "Ⅲ期"),
    ):
        yield from _named(iri(local), "TrialPhase", en, zh)
        yield f"{iri(local)} {p('phaseOrder')} {typed(order, 'decimal')} ."
    for local, en, zh in (
        ("orr", "objective response rate", "客观缓解率"),
        ("cr-rate", "complete response rate", "完全缓解率"),
        ("median-pfs", "median progression-free survival", "中位无进展生存期"),
        ("median-os", "overall survival (median or duration)", "总生存期"),
        ("os-rate", "overall survival rate", "总生存率"),
        ("crs-incidence", "CRS incidence", "CRS发生率"),
    ):
        yield from _named(iri(local), "OutcomeMeasure", en, zh, f"The {en} of a study.")
    yield f"{iri('crs-incidence')} {p('toxicity')} {iri('crs')} ."
    yield from _named(MO, "Unit", "month", "月")
    for local, en, zh in (
        ("cancer", "cancer", "恶性肿瘤"),
        ("haematological-malignancy", "haematological malignancy", "血液肿瘤"),
        ("solid-tumour", "solid tumour", "实体瘤"),
        ("autoimmune-disease", "autoimmune disease", "自身免疫性疾病"),
    ):
        yield from _named(iri(local), "Disease", en, zh)
    yield from _named(iri("crs"), "Toxicity", "cytokine release syndrome", "细胞因子释放综合征")
    yield f"{iri('haematological-malignancy')} {p('broaderDisease')} {iri('cancer')} ."
    yield f"{iri('solid-tumour')} {p('broaderDisease')} {iri('cancer')} ."
    for local, cls, en, zh in (
        ("lentiviral-vector", "ViralVector", "lentiviral vector", "慢病毒载体"),
        ("lipid-nanoparticle", "NonViralDelivery", "lipid nanoparticle", "脂质纳米颗粒"),
        ("crispr-cas9", "GeneEditingMethod", "CRISPR/Cas9", "CRISPR/Cas9"),
    ):
        yield from _named(iri(local), cls, en, zh, f"A synthetic stand-in definition of {en}.")
    yield from _named(iri("cd28-domain"), "CostimulatoryDomain", "CD28 costimulatory domain", "CD28共刺激域")
    rng = random.Random(0)
    for cls, category, name, row in PROFILES:
        profile = iri(f"syn-profile-{name.lower()}")
        yield from _named(profile, "TherapyTypeProfile", f"Synthetic Table 1 profile: {name}", f"合成表1概述：{name}")
        yield from (
            f"{profile} {ALT} {lit(name, 'en')} .",
            f"{profile} {p('tableRow')} {typed(row, 'integer')} .",
            f"{profile} {p('describesTherapyType')} {c(cls)} .",
            f"{profile} {p('aboutClass')} {c(category)} .",
            f"{profile} {p('mechanism')} {lit(f'Synthetic mechanism of {name}', 'en')} .",
            f"{profile} {p('profile')} {lit(f'Synthetic profile of {name}', 'en')} .",
            f"{profile} {p('applicationText')} {lit('Tumor', 'en')} .",
            f"{profile} {p('application')} {iri('cancer')} .",
        )
        yield from evidence(profile, 1, rng, "Table 1")


def _named(node: str, cls: str, en: str, zh: str | None, definition: str | None = None) -> Iterator[str]:
    yield f"{node} {A} {c(cls)} ."
    yield f"{node} {LABEL} {lit(en, 'en')} ."
    if zh:
        yield f"{node} {LABEL} {lit(zh, 'zh')} ."
    if definition:
        yield f"{node} {DEF} {lit(definition, 'en')} ."


def unit(i: int, rng: random.Random, derived: bool = False) -> Iterator[str]:
    """Unit ``i`` (see the module doc); ``derived`` adds what the build derives from it."""
    k = f"{i:07d}"
    yield from unit_lines(k, variant(i), rng)
    if derived:
        for line in _derived_lines(variant(i)):
            yield line.replace(PROTO, k)


def generate(target_triples: int, seed: int = 42, derived: bool = False) -> Iterator[str]:
    """N-Triples lines of a synthetic graph of about ``target_triples`` triples (at least one unit)."""
    rng = random.Random(seed)
    count = 0
    for line in _head(derived):
        count += 1
        yield line
    i = 0
    while True:
        lines = list(unit(i, rng, derived))
        if i and count + len(lines) / 2 > target_triples:
            return
        count += len(lines)
        yield from lines
        i += 1


def units(n: int, seed: int = 42, derived: bool = False) -> Iterator[str]:
    """N-Triples lines of the controlled values and the first ``n`` units (as :func:`generate`)."""
    rng = random.Random(seed)
    yield from _head(derived)
    for i in range(n):
        yield from unit(i, rng, derived)


def _head(derived: bool) -> Iterator[str]:
    yield from base()
    if derived:
        yield from _derived_base()


def new_facts(seed: int = 43) -> Iterator[str]:
    """About 100 triples of new facts: one more product bundle, pointing at the controlled values
    (which the curated graph has too)."""
    yield from product_bundle("new", variant(0), random.Random(seed))


# ---------------------------------------------------------------- what the build derives


@lru_cache(maxsize=1)
def _schema():
    """The ontology and the controlled values with what the build derives on them, and what it
    derives on the controlled values beyond what it derives on the ontology alone."""
    from celltx_kg.graph.build import build_graph
    from celltx_kg.graph.derive import derive

    graph = build_graph(files=[], derive=False)
    graph.parse(data="\n".join(base()), format="nt")
    derived = derive(graph)
    return graph + derived, derived - build_graph(files=[], derive=True)


def _derived_base() -> list[str]:
    """What the build derives on the controlled values (beyond what it derives on the ontology)."""
    return sorted(f"{s.n3()} {p_.n3()} {o.n3()} ." for s, p_, o in _schema()[1])


@cache
def _derived_lines(shape) -> tuple[str, ...]:
    """What the build derives from a unit of this variant, on a prototype unit (node names carry
    PROTO where the unit's number goes)."""
    from rdflib import Graph

    from celltx_kg.graph.derive import derive_for

    graph = _schema()[0]
    proto = Graph().parse(data="\n".join(unit_lines(PROTO, shape, random.Random(0))), format="nt")
    derived = derive_for(graph + proto, proto)
    lines = sorted(f"{s.n3()} {p_.n3()} {o.n3()} ." for s, p_, o in derived)
    assert all(PROTO in line for line in lines), "a unit changed what is derived about the controlled values"
    return tuple(lines)


# ---------------------------------------------------------------- files


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
