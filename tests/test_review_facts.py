"""Individual facts of the review, checked against the graph.

Every expected value below is typed from the review (sources/review.txt);
the comment above each test names the section (and table or figure) and the review's reference
numbers. Nodes are found by what they mean (the reference their evidence cites, the measure they
record, a name the review uses, a phrase of the review their evidence quotes), not by guessing
their IRIs; only the shared vocabulary (outcome measures, phases, units, agencies, the top-level
disease groups the ontology's definitions use) is named directly.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from conftest import select

C = "https://w3id.org/celltx/"
D = C + "id/"
UNIT = "http://qudt.org/vocab/unit/"
CL = "http://purl.obolibrary.org/obo/CL_"


# ---------------------------------------------------------------------------------------- helpers

def _s(text: str) -> str:
    """A SPARQL string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _norm(text: str) -> str:
    """Lower case, hyphens as spaces, single spaces: for comparing organisation names."""
    return re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()


def dec(value):
    return None if value is None else Decimal(value)


def one(rows: list, what: str):
    assert len(rows) == 1, f"expected exactly one {what}, found {len(rows)}: {rows}"
    return rows[0]


def values(store, node: str, path: str) -> set[str]:
    """Lexical values (or IRIs) reached from ``node`` by the property path ``path``."""
    return {r["v"] for r in select(store, f"SELECT DISTINCT ?v WHERE {{ <{node}> {path} ?v }}")}


def labels(store, node: str) -> set[str]:
    """Labels, synonyms and codes of ``node``, lower-cased."""
    return {v.lower() for v in values(store, node, "rdfs:label|skos:altLabel|celltx:developmentCode|celltx:inn")}


def labels_of_all(store, nodes) -> set[str]:
    out = set()
    for n in nodes:
        out |= labels(store, n)
    return out


def zh_labels(store, node: str) -> set[str]:
    rows = select(store, f"SELECT ?l WHERE {{ <{node}> rdfs:label|skos:altLabel ?l FILTER(langMatches(lang(?l), 'zh')) }}")
    return {r["l"] for r in rows}


def find(store, name: str, cls: str | None = None) -> set[str]:
    """Entities the review's ``name`` names (label, synonym, INN, code or trial name; any case)."""
    typed = f"?n a/rdfs:subClassOf* celltx:{cls} ." if cls else ""
    rows = select(store, f"""
SELECT DISTINCT ?n WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel celltx:inn celltx:developmentCode celltx:trialName celltx:registryId }}
  ?n ?p ?name . FILTER(isIRI(?n))
  FILTER(LCASE(STR(?name)) = LCASE({_s(name)}))
  {typed}
}}""")
    return {r["n"] for r in rows}


def disease(store, name: str) -> str:
    """The one disease the review's ``name`` (or abbreviation) names."""
    return one(sorted(find(store, name, "Disease")), f"disease named {name!r}")


def is_a(store, node: str, cls: str) -> bool:
    rows = select(store, f"SELECT ?t WHERE {{ <{node}> a/rdfs:subClassOf* ?t FILTER(?t = celltx:{cls}) }} LIMIT 1")
    return bool(rows)


def refs(store, node: str, locator: str | None = None) -> set[int]:
    loc = f"?ev celltx:locator {_s(locator)} ." if locator else ""
    rows = select(store, f"SELECT DISTINCT ?r WHERE {{ <{node}> celltx:hasEvidence ?ev . {loc} ?ev celltx:citesReference ?r }}")
    return {int(r["r"]) for r in rows}


def quotes(store, node: str) -> list[str]:
    return [_compact(q) for q in values(store, node, "celltx:hasEvidence/celltx:quote")]


def quoted(store, cls: str, phrase: str, locator: str | None = None) -> set[str]:
    """Nodes of class ``cls`` whose evidence (at ``locator``) quotes ``phrase`` of the review."""
    loc = f"?ev celltx:locator {_s(locator)} ." if locator else ""
    rows = select(store, f"""
SELECT DISTINCT ?n WHERE {{
  ?n a/rdfs:subClassOf* celltx:{cls} ; celltx:hasEvidence ?ev .
  ?ev celltx:quote ?q . {loc}
  FILTER(CONTAINS(REPLACE(STR(?q), "\\\\s+", ""), {_s(_compact(phrase))}))
}}""")
    return {r["n"] for r in rows}


def citing(store, cls: str, ref: int, locator: str | None = None) -> set[str]:
    """Nodes of class ``cls`` whose evidence cites review reference ``ref``."""
    loc = f"?ev celltx:locator {_s(locator)} ." if locator else ""
    rows = select(store, f"""
SELECT DISTINCT ?n WHERE {{
  ?n a/rdfs:subClassOf* celltx:{cls} ; celltx:hasEvidence ?ev .
  ?ev celltx:citesReference ?r . FILTER(?r = {ref}) {loc}
}}""")
    return {r["n"] for r in rows}


def at(store, cls: str, locator: str) -> set[str]:
    """Nodes of class ``cls`` with evidence at ``locator``."""
    rows = select(store, f"""
SELECT DISTINCT ?n WHERE {{ ?n a/rdfs:subClassOf* celltx:{cls} ; celltx:hasEvidence/celltx:locator {_s(locator)} }}""")
    return {r["n"] for r in rows}


def studies(store, ref: int) -> set[str]:
    return citing(store, "Study", ref)


def study_values(store, ref: int, path: str) -> set[str]:
    out = set()
    for s in studies(store, ref):
        out |= values(store, s, path)
    return out


_OUTCOME_FIELDS = """
  OPTIONAL { ?outcome celltx:proportion ?proportion }
  OPTIONAL { ?outcome celltx:durationValue ?duration }
  OPTIONAL { ?outcome celltx:durationUnit ?durationUnit }
  OPTIONAL { ?outcome celltx:timePointValue ?timePoint }
  OPTIONAL { ?outcome celltx:timePointUnit ?timePointUnit }
  OPTIONAL { ?outcome celltx:patientCount ?count }
  OPTIONAL { ?outcome celltx:denominator ?denominator }
  OPTIONAL { ?outcome celltx:grade ?grade }
  OPTIONAL { ?outcome celltx:inCondition ?condition }
"""


def outcomes(store, ref: int, measure: str) -> list[dict]:
    """Outcome measurements of ``celltxd:{measure}`` belonging to a study whose evidence cites ``ref``."""
    return select(store, f"""
SELECT DISTINCT ?outcome ?proportion ?duration ?durationUnit ?timePoint ?timePointUnit ?count ?denominator ?grade ?condition
WHERE {{
  ?outcome a celltx:OutcomeMeasurement ; celltx:measures celltxd:{measure} ; celltx:outcomeOf ?study .
  FILTER EXISTS {{ ?study celltx:hasEvidence/celltx:citesReference ?r . FILTER(?r = {ref}) }}
  {_OUTCOME_FIELDS}
}}""")


def outcomes_of(store, study: str, measure: str) -> list[dict]:
    return select(store, f"""
SELECT DISTINCT ?outcome ?proportion ?duration ?durationUnit ?timePoint ?timePointUnit ?count ?denominator ?grade ?condition
WHERE {{
  ?outcome a celltx:OutcomeMeasurement ; celltx:measures celltxd:{measure} ; celltx:outcomeOf <{study}> .
  {_OUTCOME_FIELDS}
}}""")


def milestones(store, year: int, locator: str | None = None) -> set[str]:
    loc = f"?m celltx:hasEvidence/celltx:locator {_s(locator)} ." if locator else ""
    rows = select(store, f"SELECT DISTINCT ?m WHERE {{ ?m a celltx:Milestone ; celltx:year ?y FILTER(?y = {year}) {loc} }}")
    return {r["m"] for r in rows}


def about(store, node: str) -> set[str]:
    return values(store, node, "celltx:about")


def about_class(store, node: str) -> set[str]:
    return values(store, node, "celltx:aboutClass")


def about_all(store, nodes) -> set[str]:
    """What any of ``nodes`` is about."""
    return set().union(*(about(store, n) for n in nodes))


def about_class_all(store, nodes) -> set[str]:
    return set().union(*(about_class(store, n) for n in nodes))


def agent_names(store, node: str, path: str = "celltx:achievedBy") -> str:
    """All labels of the agents reached by ``path``, joined, lower-cased."""
    return " | ".join(sorted(labels_of_all(store, values(store, node, path))))


def strategies_addressing(store, challenge_phrase: str, strategy_phrase: str, locator: str = "3") -> set[str]:
    """Strategies quoting ``strategy_phrase`` (at ``locator``) that address a challenge quoting ``challenge_phrase``."""
    challenges = quoted(store, "Challenge", challenge_phrase)
    return {s for s in quoted(store, "Strategy", strategy_phrase, locator)
            if values(store, s, "celltx:addresses") & challenges}


def therapies_of(store, ref: int) -> set[str]:
    return citing(store, "CellTherapy", ref)


def targets(store, nodes) -> set[str]:
    out = set()
    for n in nodes:
        out |= labels_of_all(store, values(store, n, "celltx:targetsAntigen"))
    return out


def canon(store, nodes, *names: str) -> set[str]:
    """For each node, the first of ``names`` (lower case) it carries as a label, else its IRI: so that a set of
    entities can be compared exactly with the names the review gives."""
    out = set()
    for node in nodes:
        own = labels(store, node)
        out.add(next((n for n in names if n in own), f"<{node}>"))
    return out


def target_set(store, nodes, *names: str) -> set[str]:
    return canon(store, {t for n in nodes for t in values(store, n, "celltx:targetsAntigen")}, *names)


def drug_names(store, nodes, path: str) -> set[str]:
    out = set()
    for n in nodes:
        out |= labels_of_all(store, values(store, n, path))
    return out


def condition_names(store, nodes) -> set[str]:
    out = set()
    for n in nodes:
        out |= labels_of_all(store, values(store, n, "celltx:studiesCondition"))
    return out


# ============================================================================================ Abstract

# Abstract: "同时, 该领域仍面临诸多挑战, 包括靶抗原丢失、免疫抑制微环境、治疗相关毒性、产品生产成本与可及性等问题。"
@pytest.mark.parametrize("challenge", ["靶抗原丢失", "免疫抑制微环境", "治疗相关毒性", "产品生产成本与可及性"])
def test_abstract_challenge_is_named(store, challenge):
    names = set()
    for node in at(store, "Challenge", "Abstract"):
        names |= zh_labels(store, node)
    assert challenge in names, f"the Abstract's challenge {challenge!r} is missing; Abstract challenges: {names}"


# Abstract: "CAR-T、TCR-T、TIL、CAR-NK、CIK等多种细胞疗法相继取得重要进展"
def test_abstract_progress_of_five_therapy_types(store):
    expected = {C + "CARTTherapy", C + "TCRTTherapy", C + "TILTherapy", C + "CARNKTherapy", C + "CIKTherapy"}
    findings = [f for f in at(store, "Finding", "Abstract") if expected <= about_class(store, f)]
    assert findings, "no Abstract finding about the progress of CAR-T, TCR-T, TIL, CAR-NK and CIK"


# Abstract: "多靶点CAR-T、通用型CAR-T和in vivo CAR-T等新技术也推动了新一代细胞疗法发展"
def test_abstract_next_generation_technologies(store):
    expected = {C + "MultiTargetCellTherapy", C + "UniversalCARTTherapy", C + "InVivoCARTTherapy"}
    assert any(expected <= about_class(store, f) for f in at(store, "Finding", "Abstract"))


# Abstract: "中国和美国均已有多款产品获批用于临床"
def test_abstract_products_approved_in_china_and_us(store):
    assert any({D + "fda", D + "nmpa"} <= about(store, f) for f in at(store, "Finding", "Abstract"))


# Abstract: "在恶性肿瘤和自身免疫性疾病治疗中展现出显著疗效"
def test_abstract_efficacy_in_malignancy_and_autoimmunity(store):
    assert any({D + "cancer", D + "autoimmune-disease"} <= about(store, f) for f in at(store, "Finding", "Abstract"))


# ================================================================= Section 1 (history, Table 1, Fig.1, Fig.2)

# 1 [1]: "1985年ROSEN-BERG团队[1]在小鼠模型中首次尝试LAK治疗"
def test_s1_1985_first_lak_therapy_by_rosenberg(store):
    found = [m for m in milestones(store, 1985) if 1 in refs(store, m) and C + "LAKTherapy" in about_class(store, m)]
    m = one(found, "1985 LAK milestone citing [1]")
    assert "rosenberg" in agent_names(store, m), f"achieved by: {agent_names(store, m)!r}"


# 1 [1]: LAK cells from normal mouse spleen cells with high-dose IL-2 reduced sarcoma or adenocarcinoma liver metastases in mice
def test_s1_ref1_lak_study_in_mouse_models(store):
    study = one(sorted(studies(store, 1)), "study citing [1]")
    assert is_a(store, study, "PreclinicalStudy")
    assert values(store, study, "celltx:year") == {"1985"}
    assert any(is_a(store, t, "LAKTherapy") for t in values(store, study, "celltx:studiesTherapy"))
    assert {"sarcoma", "adenocarcinoma"} <= condition_names(store, [study])


# 1 [12]: "1986年 , 该团队进一步发现经 IL-2扩增的TIL抗肿瘤效果显著优于LAK细胞 [12]"
def test_s1_1986_til_superior_to_lak(store):
    found = [m for m in milestones(store, 1986) if 12 in refs(store, m)]
    m = one(found, "1986 milestone citing [12]")
    assert {C + "TILTherapy", C + "LAKTherapy"} <= about_class(store, m)


# 1 [13]: "并提出全身放疗或环磷酰胺预处理可增强过继细胞疗效 [13]"
def test_s1_ref13_cyclophosphamide_preconditioning(store):
    nodes = citing(store, "Strategy", 13) | citing(store, "Milestone", 13)
    drugs = drug_names(store, nodes, "celltx:about|celltx:combinedWith")
    assert "cyclophosphamide" in drugs


# 1 [16]: "1989年 , ESHHAR团队[16]首次提出嵌合T细胞受体概念"
def test_s1_1989_chimeric_tcr_by_eshhar(store):
    found = [m for m in milestones(store, 1989) if 16 in refs(store, m) and C + "ChimericTCR" in about_class(store, m)]
    m = one(found, "1989 chimeric-TCR milestone citing [16]")
    assert "eshhar" in agent_names(store, m), f"achieved by: {agent_names(store, m)!r}"


# 1 [27]: "早在 1986年 , STEINMETZ团队[27]成功在小鼠T细胞中转导外源TCR基因"
def test_s1_1986_tcr_gene_transfer_by_steinmetz(store):
    m = one([m for m in milestones(store, 1986) if 27 in refs(store, m)], "1986 milestone citing [27]")
    assert C + "TCRTTherapy" in about_class(store, m) or C + "EngineeredTCR" in about_class(store, m)
    assert "steinmetz" in agent_names(store, m), f"achieved by: {agent_names(store, m)!r}"


# 1 [28]: "1999年 , CLAY团队[28]将黑色素瘤特异性TCR导入人T细胞"
def test_s1_1999_melanoma_tcr_by_clay(store):
    m = one([m for m in milestones(store, 1999) if 28 in refs(store, m)], "1999 milestone citing [28]")
    assert "melanoma" in labels_of_all(store, about(store, m))
    assert "clay" in agent_names(store, m), f"achieved by: {agent_names(store, m)!r}"


# 1 [6, 20]: "2011年 , JUNE团队 [6]与SADELAIN团队 [20]分别独立报道了靶向CD19的第二代CAR-T治疗复发 /难治性B淋巴细胞白血病"
@pytest.mark.parametrize("leader", ["june", "sadelain"])
def test_s1_2011_cd19_car_t_reports(store, leader):
    found = [m for m in milestones(store, 2011) if {6, 20} & refs(store, m) and leader in agent_names(store, m)]
    m = one(found, f"2011 milestone achieved by {leader.upper()}")
    assert "cd19" in labels_of_all(store, about(store, m))
    assert C + "SecondGenerationCAR" in about_class(store, m)
    # "治疗复发 /难治性B淋巴细胞白血病"
    assert "B淋巴细胞白血病" in {z for n in about(store, m) for z in zh_labels(store, n)}


# 1 [6, 20]: "患者均获得深度持续的缓解"
@pytest.mark.parametrize("ref", [6, 20])
def test_s1_2011_all_patients_in_deep_durable_remission(store, ref):
    rows = outcomes(store, ref, "clinical-response-rate")
    assert rows and all(dec(r["proportion"]) == Decimal("1") for r in rows), rows


# 1: "2017年 , 首款CAR-T产品Kymriah获FDA批准用于B细胞白血病和淋巴瘤 , 同年Yescarta获批用于淋巴瘤治疗"
@pytest.mark.parametrize("product, diseases", [("Kymriah", {"B细胞白血病", "淋巴瘤"}), ("Yescarta", {"淋巴瘤"})])
def test_s1_2017_fda_approvals(store, product, diseases):
    found = [m for m in milestones(store, 2017, locator="1") if find(store, product) & about(store, m)]
    m = one(found, f"2017 milestone (section 1) about {product}")
    assert D + "fda" in about(store, m)
    named = {z for n in about(store, m) for z in zh_labels(store, n)}
    assert diseases <= named, named


# 1: "我国首个CAR-T产品阿基仑赛注射液于2021年获批 , 用于治疗大B细胞淋巴瘤"
def test_s1_2021_china_first_car_t(store):
    product = one(sorted(find(store, "阿基仑赛注射液")), "product named 阿基仑赛注射液")
    approvals = values(store, product, "celltx:hasApproval|^celltx:approvedProduct")
    nmpa = [a for a in approvals if values(store, a, "celltx:grantedBy") == {D + "nmpa"}]
    assert [values(store, a, "celltx:year") for a in nmpa] == [{"2021"}]
    assert "large b-cell lymphoma" in labels_of_all(store, values(store, product, "celltx:indicatedFor"))
    assert [m for m in milestones(store, 2021, locator="1") if product in about(store, m)]


# Fig.1: "FDA approval of the first CD19 CAR-T" (2017), "NMPA approval of the first CD19 CAR-T in China" (2021),
# "FDA approval of the first BCMA CAR-T" (2021) and "NMPA approval of the first BCMA CAR-T in China" (2023)
@pytest.mark.parametrize("year, agency, target", [(2017, "fda", "cd19"), (2021, "nmpa", "cd19"),
                                                  (2021, "fda", "bcma"), (2023, "nmpa", "bcma")])
def test_fig1_first_approvals(store, year, agency, target):
    found = [m for m in milestones(store, year, locator="Fig.1")
             if D + agency in about(store, m) and target in labels_of_all(store, about(store, m))]
    assert found, f"no Fig.1 milestone of {year} about the first {target.upper()} CAR-T approved by {agency.upper()}"


# Fig.1: "UCAR-T" and "In vivo CAR-T" close the timeline
@pytest.mark.parametrize("cls", ["UniversalCARTTherapy", "InVivoCARTTherapy"])
def test_fig1_latest_technologies_on_timeline(store, cls):
    assert [m for m in at(store, "Milestone", "Fig.1") if C + cls in about_class(store, m)]


# 1: "尤其是在2010年之后 , TCR-T参考CAR-T广泛采用慢病毒转导"
def test_s1_after_2010_tcr_t_adopts_lentiviral_transduction(store):
    found = [m for m in milestones(store, 2010, locator="1") if C + "TCRTTherapy" in about_class(store, m)]
    m = one(found, "2010 TCR-T milestone")
    assert "lentiviral vector" in labels_of_all(store, about(store, m))


# Fig.2 / 1 [17]: first-generation CAR fuses the scFv with the CD3ζ chain, no costimulatory domain
def test_fig2_first_generation_car_prototype(store):
    protos = [p for p in citing(store, "FirstGenerationCAR", 17, "1")]
    p = one(protos, "first-generation CAR prototype citing [17]")
    assert "scfv" in " ".join(labels_of_all(store, values(store, p, "celltx:hasAntigenBindingDomain")))
    assert "cd3ζ" in labels_of_all(store, values(store, p, "celltx:hasSignallingDomain/celltx:derivedFromMolecule"))
    assert not values(store, p, "celltx:hasCostimulatoryDomain")


# Fig.2 / 1 [18, 19]: "第二代CAR引入CD28或4-1BB等共刺激域"
def test_fig2_second_generation_car_prototypes(store):
    protos = citing(store, "SecondGenerationCAR", 18, "1") & citing(store, "SecondGenerationCAR", 19, "1")
    domains = sorted(tuple(sorted(canon(store, values(store, p, "celltx:hasCostimulatoryDomain/celltx:derivedFromMolecule"), "cd28", "4-1bb")))
                     for p in protos)
    assert domains == [("4-1bb",), ("cd28",)]


# Fig.2 / 1 [21]: "第三代CAR-T整合多个共刺激域(如CD28ζ与4-1BBζ)"
def test_fig2_third_generation_car_prototype(store):
    p = one(sorted(citing(store, "ThirdGenerationCAR", 21, "1")), "third-generation CAR prototype citing [21]")
    assert canon(store, values(store, p, "celltx:hasCostimulatoryDomain/celltx:derivedFromMolecule"), "cd28", "4-1bb") == {"cd28", "4-1bb"}


# Fig.2 / 1 [24, 25]: fourth generation: "用2A肽或G4S序列连接 … 诱导表达IL-12、IL-22等细胞因子"
def test_fig2_fourth_generation_car_prototype(store):
    p = one(sorted(citing(store, "FourthGenerationCAR", 24, "1")), "fourth-generation CAR prototype citing [24]")
    assert 25 in refs(store, p)
    assert {"il-12", "il-22"} <= labels_of_all(store, values(store, p, "celltx:hasPayload/celltx:derivedFromMolecule"))
    linkers = " ".join(labels_of_all(store, values(store, p, "celltx:hasLinker")))
    assert "2a" in linkers and "g4s" in linkers


# 1 [26]: fifth generation: "设计双靶点CAR、逻辑门控系统或整合自杀基因/小分子开关以控制毒性[26]"
def test_s1_fifth_generation_car_prototype(store):
    p = one(sorted(citing(store, "FifthGenerationCAR", 26, "1")), "fifth-generation CAR prototype citing [26]")
    assert values(store, p, "celltx:hasLogicGate")
    switches = values(store, p, "celltx:hasSafetySwitch")
    assert any(is_a(store, s, "SuicideGene") for s in switches)
    assert any(is_a(store, s, "SmallMoleculeSwitch") for s in switches)


# 1 [22, 23]: third-generation CAR-T "临床疗效方面并未显示显著优势 [22-23]"
def test_s1_third_generation_no_clinical_advantage(store):
    found = [f for f in citing(store, "Finding", 22) if C + "ThirdGenerationCAR" in about_class(store, f)]
    assert found and all(23 in refs(store, f) for f in found)


# 1 [1-11]: "其中CAR-T、TCR-T、CAR-NK与TIL发展最为迅速、应用最为广泛(表1)[1-11]"
def test_s1_fastest_developing_therapies(store):
    expected = {C + "CARTTherapy", C + "TCRTTherapy", C + "CARNKTherapy", C + "TILTherapy"}
    found = [f for f in citing(store, "Finding", 11, "1") if expected <= about_class(store, f)]
    f = one(found, "finding on the fastest-developing therapies")
    assert set(range(1, 12)) <= refs(store, f)


# 1 [2, 14]: CIK cells "通过NKG2D等天然受体识别应激态癌细胞 , 发挥…MHC非限制性细胞毒作用"
def test_s1_cik_recognise_stressed_cells_through_nkg2d(store):
    found = [f for f in citing(store, "Finding", 14, "1") if "nkg2d" in labels_of_all(store, about(store, f))]
    assert found and all(2 in refs(store, f) for f in found)


# 1 [15]: "TIL易受肿瘤微环境抑制而发生T细胞耗竭或免疫逃逸[15]"
def test_s1_til_exhaustion_challenge(store):
    found = [c for c in citing(store, "Challenge", 15, "1") if C + "TILTherapy" in about_class(store, c)]
    assert found


# 1: "以及托珠单抗等抗炎药物的开发" in response to CAR-T side effects and off-target toxicity
def test_s1_tocilizumab_addresses_car_t_side_effects(store):
    strategies = strategies_addressing(store, "副作用和脱靶毒性", "托珠单抗", locator="1")
    assert "tocilizumab" in labels_of_all(store, {d for s in strategies for d in values(store, s, "celltx:about|celltx:combinedWith")})


# 1: TCR-T "其作用需依赖MHC分子的抗原呈递 , 这一限制不仅导致患者人群适用性受人类白细胞抗原(HLA)分型限制"
def test_s1_tcr_t_hla_restriction_challenge(store):
    found = [c for c in quoted(store, "Challenge", "分型限制", "1") if C + "TCRTTherapy" in about_class(store, c)]
    assert found


# 1: "免疫细胞治疗的理论基础可追溯至 1960年以前提出的肿瘤免疫监视假说"
def test_s1_immune_surveillance_hypothesis_before_1960(store):
    found = quoted(store, "Milestone", "1960年以前提出的肿瘤免疫监视假说", "1")
    m = one(sorted(found), "milestone of the immune surveillance hypothesis")
    assert values(store, m, "celltx:endYear") == {"1960"}
    assert {C + "TumourAssociatedAntigen", C + "TumourSpecificAntigen"} <= about_class(store, m)


# 1: CIK "通过添加干扰素 -γ(IFN-γ)和抗CD3抗体模拟TCR-CD3信号通路 , 诱导CD3⁺CD56⁺表型细胞扩增 , 并降低 IL-2用量"
def test_s1_cik_culture_with_ifn_gamma_and_anti_cd3(store):
    found = [f for f in quoted(store, "Finding", "模拟TCR-CD3信号通路", "1") if C + "CIKTherapy" in about_class(store, f)]
    names = labels_of_all(store, about_all(store, found))
    assert {"ifn-γ", "il-2", "cd3", "cd56"} <= names


# 1: "LAK疗法主要依赖NK细胞介导的非特异性杀伤 , 由于缺乏抗原特异性 , 其抗肿瘤效应短暂且易引发严重毒性反应 , 因此已逐渐退出主流临床使用"
def test_s1_lak_withdrawn_for_transient_effect_and_toxicity(store):
    challenges = [c for c in at(store, "Challenge", "1") if C + "LAKTherapy" in about_class(store, c)]
    assert len(challenges) >= 2
    assert [f for f in quoted(store, "Finding", "退出主流临床使用", "1") if set(challenges) & about(store, f)]


# Fig.1: "Development of 2nd generation CAR — CD28 Michel SADELAIN — 4-1BB Carl JUNE"
@pytest.mark.parametrize("molecule, person", [("cd28", "michel sadelain"), ("4-1bb", "carl june")])
def test_fig1_second_generation_domains_and_their_developers(store, molecule, person):
    found = [m for m in at(store, "Milestone", "Fig.1")
             if C + "SecondGenerationCAR" in about_class(store, m) and molecule in labels_of_all(store, about(store, m))]
    assert found and any(person in agent_names(store, m) for m in found)


# Fig.1: "Identification of CD28 as a T-cell co-stimulatory signal"
def test_fig1_cd28_identified_as_costimulatory_signal(store):
    assert [m for m in at(store, "Milestone", "Fig.1")
            if "cd28" in labels_of_all(store, about(store, m)) and C + "CostimulatoryDomain" in about_class(store, m)]


# Fig.1: "Retroviral and lentiviral vector technology for T cell engineering" (1990s)
def test_fig1_viral_vector_technology_1990s(store):
    found = [m for m in at(store, "Milestone", "Fig.1")
             if {"retroviral vector", "lentiviral vector"} <= labels_of_all(store, about(store, m))]
    m = one(found, "Fig.1 milestone on retroviral and lentiviral vectors")
    assert values(store, m, "celltx:year") == {"1990"} and values(store, m, "celltx:endYear") == {"1999"}


# Fig.1 caption: "(adapted from references [1,6,16,18-20])"; Fig.2 caption: "(adapted from references [17-19,21,24-25])"
@pytest.mark.parametrize("figure, expected", [("Fig.1", {1, 6, 16, 18, 19, 20}), ("Fig.2", {17, 18, 19, 21, 24, 25})])
def test_figure_references(store, figure, expected):
    cited = set()
    for cls in ("Milestone", "Finding", "ChimericAntigenReceptor"):
        for n in at(store, cls, figure):
            cited |= refs(store, n, figure)
    assert cited == expected


# Fig.2: the structures of generations one to four are drawn in Fig.2
@pytest.mark.parametrize("cls, ref", [("FirstGenerationCAR", 17), ("SecondGenerationCAR", 18),
                                      ("ThirdGenerationCAR", 21), ("FourthGenerationCAR", 24)])
def test_fig2_generation_prototypes_have_figure_evidence(store, cls, ref):
    assert citing(store, cls, ref, "Fig.2")


# Table 1: the eleven rows, their reference markers, category and application
TABLE_1 = [
    # (row, therapy class, reference, category, applications)
    ("LAK", "LAKTherapy", 1, "NonAntigenSpecificCellTherapy", {"cancer"}),                      # Table 1, LAK[1], Tumor
    ("CIK", "CIKTherapy", 2, "NonAntigenSpecificCellTherapy", {"cancer"}),                      # Table 1, CIK[2], Tumor
    ("NK", "NKCellTherapy", 3, "NonAntigenSpecificCellTherapy", {"cancer"}),                    # Table 1, NK[3], Tumor
    ("DC", "DCTherapy", 4, "NonAntigenSpecificCellTherapy", {"cancer"}),                        # Table 1, DC[4], Tumor
    ("TIL", "TILTherapy", 5, "AntigenSpecificCellTherapy", {"solid-tumour"}),                   # Table 1, TIL[5], Solid tumor
    ("CAR-T", "CARTTherapy", 6, "AntigenSpecificCellTherapy",                                   # Table 1, CAR-T[6],
     {"cancer", "autoimmune-disease", "infectious-disease"}),                                   #   Tumor, autoimmune diseases, infection
    ("TCR-T", "TCRTTherapy", 7, "AntigenSpecificCellTherapy", {"cancer"}),                      # Table 1, TCR-T[7], Tumor
    ("CAR-NK", "CARNKTherapy", 8, "AntigenSpecificCellTherapy", {"cancer"}),                    # Table 1, CAR-NK[8], Tumor
    ("CAR-M", "CARMTherapy", 9, "AntigenSpecificCellTherapy", {"solid-tumour"}),                # Table 1, CAR-M[9], Solid tumor
    ("CAR-Treg", "CARTregTherapy", 10, "AntigenSpecificCellTherapy", {"autoimmune-disease"}),   # Table 1, CAR-Treg[10], Autoimmune diseases
    ("CAR-γδT", "CARGammaDeltaTTherapy", 11, "AntigenSpecificCellTherapy", {"cancer"}),         # Table 1, CAR-γδT[11], Tumor
]


@pytest.mark.parametrize("row, cls, ref, category, applications", TABLE_1, ids=[r[0] for r in TABLE_1])
def test_table1_row(store, row, cls, ref, category, applications):
    rows = select(store, f"SELECT DISTINCT ?p WHERE {{ ?p a celltx:TherapyTypeProfile ; celltx:describesTherapyType celltx:{cls} }}")
    profile = one(rows, f"Table 1 profile of {row}")["p"]
    assert refs(store, profile, "Table 1") == {ref}
    assert C + category in about_class(store, profile)
    assert values(store, profile, "celltx:application") == {D + a for a in applications}


# Table 1: eleven therapy types in two categories (4 non-antigen-specific, 7 antigen-specific)
def test_table1_has_eleven_rows_in_two_categories(store):
    profiles = at(store, "TherapyTypeProfile", "Table 1")
    assert len(profiles) == 11
    non_specific = [p for p in profiles if C + "NonAntigenSpecificCellTherapy" in about_class(store, p)]
    specific = [p for p in profiles if C + "AntigenSpecificCellTherapy" in about_class(store, p)]
    assert (len(non_specific), len(specific)) == (4, 7)


# Table 1: profiles: CAR-NK "…; short persistence"; TIL "… with no off-target toxicity"; CAR-Treg "… immunosuppressive function"
@pytest.mark.parametrize("cls, words", [
    ("CARNKTherapy", "short persistence"),          # Table 1, CAR-NK[8]
    ("TILTherapy", "no off-target toxicity"),       # Table 1, TIL[5]
    ("CARTregTherapy", "immunosuppressive function"),  # Table 1, CAR-Treg[10]
    ("CIKTherapy", "not mainstream therapy"),       # Table 1, CIK[2]
])
def test_table1_profile_text(store, cls, words):
    rows = select(store, f"SELECT ?t WHERE {{ ?p a celltx:TherapyTypeProfile ; celltx:describesTherapyType celltx:{cls} ; celltx:profile ?t }}")
    assert any(words in r["t"].lower() for r in rows), rows


# ============================================================================ 2.1.1 and Table 2

# 2.1.1 [29]: "2014年 , 靶向CD19的第二代CAR-T细胞在复发 /难治急性淋巴细胞白血病…患者中实现90%的完全缓解率"
def test_s2_1_1_ref29_cr_rate(store):
    row = one(outcomes(store, 29, "cr-rate"), "CR rate of ref 29")
    assert dec(row["proportion"]) == Decimal("0.90")
    assert study_values(store, 29, "celltx:year") == {"2014"}
    assert "all" in labels_of_all(store, {r for s in studies(store, 29) for r in values(store, s, "celltx:studiesCondition")})


# 2.1.1: "靶向CD19的Kymriah(采用4-1BB共刺激域)和Yescarta(采用CD28共刺激域)"
@pytest.mark.parametrize("product, domain", [("Kymriah", "4-1bb"), ("Yescarta", "cd28")])
def test_s2_1_1_costimulatory_domain_of_first_products(store, product, domain):
    node = one(sorted(find(store, product, "CellTherapyProduct")), product)
    got = canon(store, values(store, node, "celltx:hasReceptor/celltx:hasCostimulatoryDomain/celltx:derivedFromMolecule"), domain)
    assert got == {domain}
    assert "cd19" in targets(store, [node])


# 2.1.1: "截至2025年7月30日, 全球已有14款CAR-T产品获批上市 … 其中中国获批7款"
@pytest.mark.parametrize("count", [14, 7])
def test_s2_1_1_approved_product_counts(store, count):
    rows = select(store, f"""SELECT ?s WHERE {{ ?s a celltx:Statistic ; celltx:productCount ?n ; celltx:asOfDate ?d
                              FILTER(?n = {count} && STR(?d) = "2025-07-30") }}""")
    assert rows, f"no statistic of {count} approved CAR-T products as of 2025-07-30"


# 2.1.1 [33]: "初步研究显示CD38 CAR-T在急性髓系白血病…患者中具有一定抗肿瘤疗效"
def test_s2_1_1_ref33_cd38_car_t_in_aml(store):
    assert "cd38" in targets(store, therapies_of(store, 33))
    assert "aml" in condition_names(store, studies(store, 33))


# 2.1.1 [34]: "研究人员利用供体来源的T细胞制备出自身不表达CD7的CD7 CAR-T细胞 , 其在 I期试验中显示出初步安全性和疗效"
def test_s2_1_1_ref34_donor_derived_cd7_car_t_phase_1(store):
    assert study_values(store, 34, "celltx:hasPhase") == {D + "phase-1"}
    therapies = therapies_of(store, 34)
    assert "cd7" in targets(store, therapies)
    assert any(is_a(store, t, "AllogeneicCellTherapy") for t in therapies)


# 2.1.1 [36]: "序贯使用CD7 CAR-T与造血干细胞移植 … 并可能降低移植物抗宿主病 (GvHD)风险[36]"
def test_s2_1_1_ref36_cd7_car_t_then_hsct_lowers_gvhd(store):
    findings = citing(store, "Finding", 36)
    assert disease(store, "GvHD") in about_all(store, findings)
    assert "cd7" in targets(store, therapies_of(store, 36))


# 2.1.1 [37, 38, 39]: serum BCMA and BCMA loss in MM, causes of CAR-T failure through antigen loss
@pytest.mark.parametrize("ref", [37, 38, 39])
def test_s2_1_1_bcma_antigen_loss_findings(store, ref):
    loss = quoted(store, "Challenge", "靶抗原表达水平降低、丢失或结合障碍")
    found = [f for f in citing(store, "Finding", ref) if about(store, f) & loss]
    assert found, f"no finding citing [{ref}] about target antigen loss"
    assert {"bcma", "multiple myeloma"} <= labels_of_all(store, about(store, found[0]))


# 2.1.1: "为提升疗效并减少抗原丢失 , 多靶点策略成为研究重点"
def test_s2_1_1_multi_target_strategy_addresses_antigen_loss(store):
    assert strategies_addressing(store, "靶抗原表达水平降低、丢失或结合障碍", "多靶点策略成为研究重点", locator="2.1.1")


# 2.1.1 [40]: "一项Ⅱ期试验对62例MM患者联合输注BCMA CAR-T与CD19 CAR-T, 中位随访21.3个月时"
def test_s2_1_1_ref40_study_design(store):
    study = one(sorted(studies(store, 40)), "study citing [40]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-2"}
    assert values(store, study, "celltx:enrolledCount") == {"62"}
    assert {dec(v) for v in values(store, study, "celltx:medianFollowUp")} == {Decimal("21.3")}
    assert values(store, study, "celltx:followUpUnit") == {UNIT + "MO"}
    assert values(store, study, "celltx:studiesCondition") == {D + "multiple-myeloma"}
    assert {"bcma", "cd19"} <= targets(store, values(store, study, "celltx:studiesTherapy"))


# 2.1.1 [40]: "77%患者维持…MRD阴性 , 总缓解率…达 92% … CRS发生率为95%, 神经毒性发生率11%"
@pytest.mark.parametrize("measure, expected, printed", [
    ("mrd-negativity", "0.77", "77%"),           # 2.1.1 [40]
    ("orr", "0.92", "92%"),                      # 2.1.1 [40]
    ("crs-incidence", "0.95", "95%"),            # 2.1.1 [40]
    ("neurotoxicity-incidence", "0.11", "11%"),  # 2.1.1 [40]
])
def test_s2_1_1_ref40_proportions(store, measure, expected, printed):
    row = one(outcomes(store, 40, measure), f"{measure} of ref 40")
    assert dec(row["proportion"]) == Decimal(expected)
    assert 40 in refs(store, row["outcome"])
    assert any(printed in q for q in quotes(store, row["outcome"]))


# 2.1.1 [40]: "中位无进展生存期 (PFS)为18.3个月"
def test_s2_1_1_ref40_median_pfs(store):
    row = one(outcomes(store, 40, "median-pfs"), "median PFS of ref 40")
    assert dec(row["duration"]) == Decimal("18.3")
    assert row["durationUnit"] == UNIT + "MO"


# 2.1.1 [40]: MRD negativity is the state at the median follow-up of 21.3 months
def test_s2_1_1_ref40_mrd_time_point(store):
    row = one(outcomes(store, 40, "mrd-negativity"), "MRD negativity of ref 40")
    assert dec(row["timePoint"]) == Decimal("21.3") and row["timePointUnit"] == UNIT + "MO"


# 2.1.1 [40]: the co-infused BCMA + CD19 CAR-T regimen is a multi-target therapy
def test_s2_1_1_ref40_co_infusion_is_multi_target(store):
    therapies = [t for t in therapies_of(store, 40) if {"bcma", "cd19"} <= targets(store, [t])]
    assert therapies and all(is_a(store, t, "MultiTargetCellTherapy") for t in therapies)


# 2.1.1 [41]: "对21例移植后复发的B-ALL患者序贯输注CD19 CAR-T和CD22 CAR-T … 30天后全部达到完全缓解"
def test_s2_1_1_ref41_all_in_cr_at_30_days(store):
    assert study_values(store, 41, "celltx:enrolledCount") == {"21"}
    assert D + "b-all" in study_values(store, 41, "celltx:studiesCondition")
    row = one(outcomes(store, 41, "cr-rate"), "CR of ref 41")
    assert dec(row["proportion"]) == Decimal("1")
    assert dec(row["timePoint"]) == Decimal("30") and row["timePointUnit"] == UNIT + "DAY"


# 2.1.1 [41]: "12个月和18个月的总生存率 … 分别为84%和65.2%"
def test_s2_1_1_ref41_os_rates(store):
    got = {(dec(r["timePoint"]), r["timePointUnit"], dec(r["proportion"])) for r in outcomes(store, 41, "os-rate")}
    assert got == {(Decimal("12"), UNIT + "MO", Decimal("0.84")), (Decimal("18"), UNIT + "MO", Decimal("0.652"))}


# 2.1.1 [41]: "不良反应主要为轻度CRS(52%)"
def test_s2_1_1_ref41_mild_crs(store):
    row = one(outcomes(store, 41, "crs-incidence"), "CRS of ref 41")
    assert dec(row["proportion"]) == Decimal("0.52")


# 2.1.1 [42]: "一项 Ⅰ期研究采用CRISPR/Cas9构建的CD19/CD22 CAR-T治疗复发 /难治B-ALL, 28天CR率达83.3%"
def test_s2_1_1_ref42_cr_rate_at_day_28(store):
    assert study_values(store, 42, "celltx:hasPhase") == {D + "phase-1"}
    row = one(outcomes(store, 42, "cr-rate"), "CR rate of ref 42")
    assert dec(row["proportion"]) == Decimal("0.833")
    assert dec(row["timePoint"]) == Decimal("28") and row["timePointUnit"] == UNIT + "DAY"
    therapies = therapies_of(store, 42)
    assert {"cd19", "cd22"} <= targets(store, therapies)
    assert "crispr/cas9" in labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:editedWith")})


# 2.1.1 [42]: "且无CRS发生 , 中位随访时间4.3个月时 60%的CR患者维持MRD阴性"
def test_s2_1_1_ref42_no_crs_and_mrd(store):
    crs = one(outcomes(store, 42, "crs-incidence"), "CRS of ref 42")
    assert dec(crs["proportion"]) == Decimal("0") or crs["count"] == "0"
    mrd = one(outcomes(store, 42, "mrd-negativity"), "MRD of ref 42")
    assert dec(mrd["proportion"]) == Decimal("0.60")
    assert dec(mrd["timePoint"]) == Decimal("4.3") and mrd["timePointUnit"] == UNIT + "MO"
    assert {dec(v) for v in study_values(store, 42, "celltx:medianFollowUp")} == {Decimal("4.3")}


# 2.1.1 [43]: "临床前研究提示, 同时表达两个独立CAR的BCMA/CD24 CAR-T比串联结构CAR-T抗肿瘤效果更显著"
def test_s2_1_1_ref43_dual_car_versus_tandem_car(store):
    assert all(is_a(store, s, "PreclinicalStudy") for s in studies(store, 43)) and studies(store, 43)
    therapies = therapies_of(store, 43)
    assert {"bcma", "cd24"} <= targets(store, therapies)
    assert any(is_a(store, r, "TandemCAR") for t in therapies for r in values(store, t, "celltx:hasReceptor"))


# 2.1.1 [44]: "共转导CD19与BCMA CAR的慢病毒载体构建的双靶点CAR-T已进入 Ⅰ期临床试验 , 用于非霍奇金淋巴瘤的治疗"
def test_s2_1_1_ref44_cd19_bcma_dual_target_phase_1(store):
    assert study_values(store, 44, "celltx:hasPhase") == {D + "phase-1"}
    assert "non-hodgkin lymphoma" in condition_names(store, studies(store, 44))
    therapies = therapies_of(store, 44)
    assert {"cd19", "bcma"} <= targets(store, therapies)
    assert "lentiviral vector" in labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:deliveredBy")})


# 2.1.1 [45]: "我国还开发了针对CD19、CD22和BCMA的三靶点CAR-T(BZE2204), 在临床前模型及3例复发 /难治性非霍奇金淋巴瘤患者中均具有显著疗效"
def test_s2_1_1_ref45_bze2204(store):
    product = one(sorted(find(store, "BZE2204")), "BZE2204")
    assert target_set(store, [product], "cd19", "cd22", "bcma") == {"cd19", "cd22", "bcma"}
    assert is_a(store, product, "MultiTargetCellTherapy")
    assert "3" in study_values(store, 45, "celltx:enrolledCount")
    assert any(is_a(store, s, "PreclinicalStudy") for s in studies(store, 45))


# 2.1.1 [35]: "在两年的长期随访中也被证实存在持续临床获益 [35]"
def test_s2_1_1_ref35_two_year_follow_up_of_cd7_car_t(store):
    assert "cd7" in targets(store, study_values(store, 35, "celltx:studiesTherapy"))
    assert [f for f in citing(store, "Finding", 35) if any("两年" in q for q in quotes(store, f))]


# 2.1.1 [41]: "序贯输注CD19 CAR-T和CD22 CAR-T(中位间隔2.7个月)"
def test_s2_1_1_ref41_sequential_with_median_interval(store):
    designs = " ".join(study_values(store, 41, "celltx:studyDesign"))
    assert "2.7" in designs and "sequential" in designs.lower()
    therapies = [t for t in therapies_of(store, 41) if {"cd19", "cd22"} <= targets(store, [t])]
    assert therapies and all(is_a(store, t, "MultiTargetCellTherapy") for t in therapies)


# 2.1.1: "均针对B细胞或浆细胞恶性肿瘤 , 靶点集中于CD19和B细胞成熟抗原(BCMA)"
def test_s2_1_1_approved_products_target_cd19_and_bcma(store):
    found = [f for f in quoted(store, "Finding", "靶点集中于CD19和B细胞成熟抗原", "2.1.1")
             if {"cd19", "bcma"} <= labels_of_all(store, about(store, f))]
    assert found and "plasma cell neoplasm" in labels_of_all(store, about(store, found[0]))


# Table 2, row by row as printed: product, developer, indications, target, year, agency
TABLE_2 = [
    # (name to look up, developer, indications, target, year, agency)
    ("Kymriah", "Novartis", "B-ALL/B-cell lymphoma", "CD19", 2017, "fda"),                                   # Table 2 row 1
    ("Yescarta", "Gilead Sciences", "B-cell lymphoma/follicular lymphoma", "CD19", 2017, "fda"),            # Table 2 row 2
    ("Tecartus", "Gilead Sciences", "Mantle cell lymphoma/B-ALL", "CD19", 2020, "fda"),                     # Table 2 row 3
    ("Breyanzi", "Bristol-Myers Squibb", "B-cell lymphoma", "CD19", 2021, "fda"),                           # Table 2 row 4
    ("Abecma", "Bristol-Myers Squibb", "MM", "BCMA", 2021, "fda"),                                          # Table 2 row 5
    ("Carvykti", "Legend Biotech Corporation", "MM", "BCMA", 2022, "fda"),                                  # Table 2 row 6
    ("Aucatzyl", "Autolus Therapeutics", "B-ALL", "CD19", 2024, "fda"),                                     # Table 2 row 7
    ("Axicabtagene Ciloleucel (from Yescarta)", "Fosun Kite Biotechnology", "Large B-cell lymphoma", "CD19", 2021, "nmpa"),  # row 8
    ("Relmacabtagene autoleucel", "JW Therapeutics", "Large B-cell lymphoma", "CD19", 2021, "nmpa"),        # Table 2 row 9
    ("Equecabtagene Autoleucel", "Nanjing IASO Biotherapeutics", "MM", "BCMA", 2023, "nmpa"),               # Table 2 row 10
    ("Inaticabtagene Autoleucel", "Juventas Cell Therapy", "B-ALL", "CD19", 2023, "nmpa"),                  # Table 2 row 11
    ("Ciltacabtagene Autoleucel", "Legend Biotech Corporation", "MM", "BCMA", 2024, "nmpa"),                # Table 2 row 12
    ("Zevorcabtagene Autoleucel", "CARsgen Therapeutics", "MM", "BCMA", 2024, "nmpa"),                      # Table 2 row 13
    ("Ranicabtagene Autoleucel", "Hrain Biotechnology", "B-cell lymphoma", "CD19", 2025, "nmpa"),           # Table 2 row 14
]


@pytest.mark.parametrize("name, developer, indications, target, year, agency", TABLE_2, ids=[r[0] for r in TABLE_2])
def test_table2_row(store, name, developer, indications, target, year, agency):
    products = find(store, name, "CellTherapyProduct")
    assert products, f"no product named {name!r}"
    rows = select(store, f"""
SELECT DISTINCT ?a ?p WHERE {{
  ?a a celltx:RegulatoryApproval ; celltx:approvedProduct ?p ; celltx:grantedBy celltxd:{agency} ; celltx:year ?y .
  FILTER(?y = {year})
}}""")
    rows = [r for r in rows if r["p"] in products]
    approval = one(rows, f"{agency.upper()} {year} approval of {name}")
    assert values(store, approval["a"], "celltx:approvedIndicationText") == {indications}
    assert target_set(store, [approval["p"]], target.lower()) == {target.lower()}
    devs = {_norm(n) for n in labels_of_all(store, values(store, approval["p"], "celltx:developedBy"))}
    assert _norm(developer) in devs, f"developer of {name}: {devs}"


# Table 2: 14 approvals, 7 by the FDA and 7 by the NMPA
@pytest.mark.parametrize("agency", ["fda", "nmpa"])
def test_table2_seven_approvals_per_agency(store, agency):
    rows = select(store, f"""SELECT DISTINCT ?a WHERE {{ ?a a celltx:RegulatoryApproval ; celltx:grantedBy celltxd:{agency} ;
                              celltx:hasEvidence/celltx:locator "Table 2" }}""")
    assert len(rows) == 7


# 2.1.1 / Table 2 (derived types): Kymriah is a CAR-T therapy and an approved product; B-ALL and MM are haematological malignancies
def test_s2_1_1_kymriah_derived_types(store):
    kymriah = one(sorted(find(store, "Kymriah", "CellTherapyProduct")), "Kymriah")
    assert {C + "CARTTherapy", C + "ApprovedProduct"} <= values(store, kymriah, "a")


# 2.1.1 (derived type): B-ALL, MM and AML, the blood cancers (血液肿瘤) the section treats, are haematological malignancies
@pytest.mark.parametrize("name", ["B-ALL", "MM", "AML"])
def test_s2_1_1_haematological_malignancies(store, name):
    assert C + "HaematologicalMalignancy" in values(store, disease(store, name), "a")


# ================================================================================== 2.1.2 solid tumours

# 2.1.2: "CAR-T治疗实体瘤面临多重挑战 , 包括物理基质屏障、免疫抑制微环境、肿瘤异质性及免疫逃逸机制"
@pytest.mark.parametrize("challenge", ["物理基质屏障", "免疫抑制微环境", "肿瘤异质性", "免疫逃逸"])
def test_s2_1_2_solid_tumour_challenge(store, challenge):
    names = set()
    for node in at(store, "Challenge", "2.1.2"):
        names |= zh_labels(store, node)
    assert challenge in names, names


# 2.1.2: targets with preliminary activity in early trials, each with the tumour the review names
@pytest.mark.parametrize("antigen, disease", [
    ("GPC3", "肝细胞癌"),        # 2.1.2 肝细胞癌靶点磷脂酰肌醇蛋白聚糖3
    ("MSLN", "间皮瘤"),          # 2.1.2 间皮瘤靶点间皮素
    ("CLDN18.2", "胃癌"),        # 2.1.2 胃癌靶点紧密连接蛋白18.2
    ("GD2", "神经母细胞瘤"),      # 2.1.2 神经母细胞瘤靶点双唾液酸神经节苷脂GD2
    ("HER2", "乳腺癌"),          # 2.1.2 乳腺癌靶点人表皮生长因子受体2
    ("IL-13Rα2", "胶质瘤"),      # 2.1.2 胶质瘤靶点白细胞介素13受体亚基α2
    ("EGFR", "结直肠癌"),        # 2.1.2 结直肠癌靶点表皮生长因子受体
    ("PSMA", "前列腺癌"),        # 2.1.2 前列腺癌靶点前列腺特异性膜抗原
])
def test_s2_1_2_target_of_tumour(store, antigen, disease):
    antigens, diseases = find(store, antigen), find(store, disease)
    found = [f for f in at(store, "Finding", "2.1.2") if about(store, f) & antigens and about(store, f) & diseases]
    assert found, f"no 2.1.2 finding linking {antigen} to {disease}"


# 2.1.2 [46]: "一项研究对27例儿童复发 /难治高危神经母细胞瘤患者输注靶向GD2并携带Caspase9基因的第三代CAR-T"
def test_s2_1_2_ref46_study(store):
    assert study_values(store, 46, "celltx:enrolledCount") == {"27"}
    assert "neuroblastoma" in condition_names(store, studies(store, 46))
    therapies = therapies_of(store, 46)
    assert "gd2" in targets(store, therapies)
    receptors = {r for t in therapies for r in values(store, t, "celltx:hasReceptor")}
    assert any(is_a(store, r, "ThirdGenerationCAR") for r in receptors)
    assert "caspase-9" in labels_of_all(store, {m for r in receptors for m in values(store, r, "celltx:hasSafetySwitch/celltx:derivedFromMolecule")})


# 2.1.2 [46]: "客观缓解率达63%, 且96%的患者可持续3个月在外周血中能检测到CAR-T细胞"
def test_s2_1_2_ref46_orr_and_persistence(store):
    orr = one(outcomes(store, 46, "orr"), "ORR of ref 46")
    assert dec(orr["proportion"]) == Decimal("0.63")
    persistence = one(outcomes(store, 46, "car-t-persistence"), "CAR-T persistence of ref 46")
    assert dec(persistence["proportion"]) == Decimal("0.96")
    assert dec(persistence["timePoint"]) == Decimal("3") and persistence["timePointUnit"] == UNIT + "MO"


# 2.1.2 [46]: "高剂量组3年OS率和无事件生存率 (EFS)分别为60%和36%"
@pytest.mark.parametrize("measure, expected", [("os-rate", "0.60"), ("efs-rate", "0.36")])
def test_s2_1_2_ref46_three_year_survival_high_dose(store, measure, expected):
    row = one(outcomes(store, 46, measure), f"{measure} of ref 46")
    assert dec(row["proportion"]) == Decimal(expected)
    assert dec(row["timePoint"]) == Decimal("3") and row["timePointUnit"] == UNIT + "YR"
    assert any("high" in s.lower() and "dose" in s.lower() for s in values(store, row["outcome"], "celltx:subgroup"))


# 2.1.2 [47]: "脑桥和脊髓胶质瘤患者的总生存期分别为17.6个月和31.96个月"
def test_s2_1_2_ref47_overall_survival_by_glioma_site(store):
    got = {}
    for r in outcomes(store, 47, "median-os"):
        assert r["durationUnit"] == UNIT + "MO"
        got[dec(r["duration"])] = labels(store, r["condition"]) if r["condition"] else set()
    assert set(got) == {Decimal("17.6"), Decimal("31.96")}
    assert any("pontine" in n for n in got[Decimal("17.6")])
    assert any("spinal" in n for n in got[Decimal("31.96")])


# 2.1.2 [47]: "采用脑室内输注CAR-T, 患者肿瘤体积均缩小 … 并未发生…ICANS"
def test_s2_1_2_ref47_all_shrink_and_no_icans(store):
    assert "gd2" in targets(store, therapies_of(store, 47))
    shrink = one(outcomes(store, 47, "clinical-response-rate"), "tumour shrinkage of ref 47")
    assert dec(shrink["proportion"]) == Decimal("1")
    icans = one(outcomes(store, 47, "neurotoxicity-incidence"), "ICANS of ref 47")
    assert dec(icans["proportion"]) == Decimal("0") or icans["count"] == "0"


# 2.1.2 [49]: "18例恶性胸膜间皮瘤患者接受胸腔内注射靶向间皮素的CAR-T细胞后 , 序贯使用帕博利珠单抗, OS达23.9个月"
def test_s2_1_2_ref49_mesothelin_car_t_with_pembrolizumab(store):
    assert study_values(store, 49, "celltx:enrolledCount") == {"18"}
    assert "malignant pleural mesothelioma" in condition_names(store, studies(store, 49))
    assert "pembrolizumab" in drug_names(store, studies(store, 49) | therapies_of(store, 49), "celltx:combinedWith")
    assert "msln" in targets(store, therapies_of(store, 49))
    row = one(outcomes(store, 49, "median-os"), "OS of ref 49")
    assert dec(row["duration"]) == Decimal("23.9") and row["durationUnit"] == UNIT + "MO"


# 2.1.2 [48]: ASCO 2025, phase II, Claudin18.2 CAR-T of 科济药业; low-dose nab-paclitaxel added to fludarabine + cyclophosphamide
def test_s2_1_2_ref48_claudin18_2_phase_2(store):
    study = one(sorted(studies(store, 48)), "study citing [48]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-2"}
    assert values(store, study, "celltx:year") == {"2025"}
    assert "american society of clinical oncology" in labels_of_all(store, values(store, study, "celltx:reportedAt"))
    assert {"fludarabine", "cyclophosphamide", "nab-paclitaxel"} <= drug_names(store, [study], "celltx:conditioningRegimen")
    assert "cldn18.2" in targets(store, values(store, study, "celltx:studiesTherapy"))


# 2.1.2 [48]: "与标准治疗方案 (阿帕替尼、紫杉醇、多西他赛、伊立替康或纳武利尤单抗)相比"
def test_s2_1_2_ref48_comparators(store):
    got = drug_names(store, studies(store, 48), "celltx:comparator")
    assert {"apatinib", "paclitaxel", "docetaxel", "irinotecan", "nivolumab"} <= got


# 2.1.2: "一项靶向低糖基化转化MUC1的CAR-T疗法已注册临床试验 (NCT04020575), 用于转移性乳腺癌治疗"
def test_s2_1_2_nct04020575_muc1(store):
    study = one(sorted(find(store, "NCT04020575", "Study")), "NCT04020575")
    assert "muc1" in targets(store, values(store, study, "celltx:studiesTherapy"))
    # the review's own term: "用于转移性乳腺癌治疗"
    assert "转移性乳腺癌" in condition_names(store, [study])


# 2.1.2 [25]: "分泌 IL-22的CAR-MUC1-IL-22-T细胞" — a CAR with a cytokine payload is fourth generation
def test_s2_1_2_ref25_il22_car_is_fourth_generation(store):
    therapies = [t for t in citing(store, "CellTherapy", 25, "2.1.2") if "muc1" in targets(store, [t])]
    receptors = {r for t in therapies for r in values(store, t, "celltx:hasReceptor")}
    assert receptors and all(C + "FourthGenerationCAR" in values(store, r, "a") for r in receptors)


# 2.1.2: "MUC1是一种常表达于上皮细胞的跨膜糖蛋白 , 在超过90%的三阴性乳腺癌中过表达"
def test_s2_1_2_muc1_in_triple_negative_breast_cancer(store):
    found = [f for f in quoted(store, "Finding", "在超过90%的三阴性乳腺癌中过表达", "2.1.2")
             if {"muc1", "triple-negative breast cancer"} <= labels_of_all(store, about(store, f))]
    assert found


# 2.1.2 [48]: "基于其疗效与可控安全性 , 该产品有望成为全球首个获批上市用于实体瘤的CAR-T细胞疗法"
def test_s2_1_2_claudin18_2_car_t_may_be_first_solid_tumour_approval(store):
    products = study_values(store, 48, "celltx:studiesTherapy")
    found = [f for f in quoted(store, "Finding", "全球首个获批上市用于实体瘤的CAR-T", "2.1.2") if products & about(store, f)]
    assert found
    assert "科济药业" in {z for p in products for d in values(store, p, "celltx:developedBy") for z in zh_labels(store, d)}


# 2.1.2 (derived type): neuroblastoma, a nervous-system tumour, is a solid tumour
def test_s2_1_2_neuroblastoma_is_solid_tumour(store):
    assert C + "SolidTumour" in values(store, disease(store, "neuroblastoma"), "a")


# ============================================================================= 2.1.3 autoimmune diseases

# 2.1.3 [51]: "两例AChR-IgG和MuSk-IgG阳性重症肌无力患者接受BCMACAR-T治疗后B细胞重建延迟至18个月"
def test_s2_1_3_ref51_b_cell_reconstitution(store):
    assert study_values(store, 51, "celltx:enrolledCount") == {"2"}
    assert "myasthenia gravis" in condition_names(store, studies(store, 51))
    assert "bcma" in targets(store, therapies_of(store, 51))
    row = one(outcomes(store, 51, "b-cell-reconstitution-time"), "B-cell reconstitution of ref 51")
    assert dec(row["duration"]) == Decimal("18") and row["durationUnit"] == UNIT + "MO"


# 2.1.3 [51]: reconstituted B cells mostly naive; memory B cells and plasma cells reduced
def test_s2_1_3_ref51_naive_b_cells(store):
    classes = about_class_all(store, citing(store, "Finding", 51))
    assert {CL + "0000788", CL + "0000787", CL + "0000786"} <= classes


# 2.1.3 [52]: "2021年 , SCHETT团队[52]在新英格兰杂志发表一项病例报道 , 首次将CD19 CAR-T细胞疗法应用于难治性系统性红斑狼疮"
def test_s2_1_3_ref52_first_cd19_car_t_in_sle(store):
    m = one([m for m in milestones(store, 2021) if 52 in refs(store, m)], "2021 milestone citing [52]")
    assert "schett" in agent_names(store, m)
    assert disease(store, "SLE") in about(store, m)
    study = one(sorted(studies(store, 52)), "study citing [52]")
    assert is_a(store, study, "CaseReport")
    assert "cd19" in targets(store, values(store, study, "celltx:studiesTherapy"))


# 2.1.3 [53]: "2024年一项更大规模的临床研究涵盖了SLE、特发性炎症性肌炎和系统性硬化症, 所有患者均达临床缓解并停用免疫抑制剂"
def test_s2_1_3_ref53_all_in_remission(store):
    assert study_values(store, 53, "celltx:year") == {"2024"}
    assert study_values(store, 53, "celltx:studiesCondition") >= {disease(store, "SLE")}
    assert {"idiopathic inflammatory myopathy", "systemic sclerosis"} <= condition_names(store, studies(store, 53))
    row = one(outcomes(store, 53, "clinical-response-rate"), "remission of ref 53")
    assert dec(row["proportion"]) == Decimal("1")


# 2.1.3 [53]: "不良反应以轻度CRS为主, 无严重神经毒性或感染事件"
def test_s2_1_3_ref53_no_severe_neurotoxicity(store):
    row = one(outcomes(store, 53, "neurotoxicity-incidence"), "neurotoxicity of ref 53")
    assert row["count"] == "0" or dec(row["proportion"]) == Decimal("0")
    findings = citing(store, "Finding", 53)
    assert disease(store, "CRS") in about_all(store, findings)


# 2.1.3 [54]: "尤其是一例狼疮性肾炎的儿科患者在未接受透析的情况下实现了疾病缓解"
def test_s2_1_3_ref54_paediatric_lupus_nephritis(store):
    rows = [r for r in outcomes(store, 54, "clinical-response-rate") if r["condition"]]
    row = one(rows, "lupus nephritis remission of ref 54")
    assert row["count"] == "1"
    assert "lupus nephritis" in labels(store, row["condition"])


# 2.1.3 [50]: "对重建后的B细胞的分析发现其重链类型发生转换, 不表现自身反应特性[50]"
def test_s2_1_3_ref50_class_switched_b_cells(store):
    found = quoted(store, "Finding", "重链类型发生转换", "2.1.3")
    assert found and all(50 in refs(store, f) for f in found)


# 2.1.3: "对于这类疾病CAR-Treg可能更具潜力" (炎症性肠病、银屑病)
def test_s2_1_3_car_treg_for_ibd_and_psoriasis(store):
    found = [f for f in at(store, "Finding", "2.1.3") if C + "CARTregTherapy" in about_class(store, f)]
    assert found
    assert {"inflammatory bowel disease", "psoriasis"} <= labels_of_all(store, about_all(store, found))


# 2.1.3: "目前多采用靶向CD19和 /或BCMA的CAR-T, 该类产品以耗竭产生自身抗体的自身反应性 B细胞与浆细胞等B细胞谱系为目的"
def test_s2_1_3_cd19_bcma_car_t_deplete_b_lineage(store):
    found = [f for f in quoted(store, "Finding", "靶向CD19和 /或BCMA的CAR-T", "2.1.3")
             if {"cd19", "bcma"} <= labels_of_all(store, about(store, f))]
    assert found and {CL + "0000236", CL + "0000786"} <= about_class(store, found[0])


# 2.1.3: "CAR-T细胞在自身免疫疾病患者体内持续时间较短 (通常数周 )。但B细胞重建后疾病仍然可以表现为缓解状态"
def test_s2_1_3_short_car_t_persistence_in_autoimmunity(store):
    assert quoted(store, "Finding", "持续时间较短 (通常数周 )", "2.1.3")


# 2.1.3 (derived type): SLE is an autoimmune disease
def test_s2_1_3_sle_is_autoimmune(store):
    assert C + "AutoimmuneDisease" in values(store, disease(store, "SLE"), "a")


# ========================================================================== 2.1.4 new CAR-T technologies

# 2.1.4: "通过CRISPR/Cas9等基因编辑技术敲除异体T细胞表面的TCR和HLA分子, 可避免GvHD和免疫排斥"
def test_s2_1_4_tcr_hla_knockout_avoids_gvhd(store):
    strategies = strategies_addressing(store, "避免GvHD和免疫排斥", "敲除异体T细胞表面的TCR和HLA分子", locator="2.1.4")
    assert strategies
    assert "crispr/cas9" in labels_of_all(store, about_all(store, strategies))


# 2.1.4 [55]: "2016年起美国Allogene等公司和研究机构便开展了多中心临床试验 , 首次证明了同种异体CAR-T在成人和儿童B-ALL中的抗肿瘤疗效"
def test_s2_1_4_ref55_allogeneic_car_t_in_b_all(store):
    assert study_values(store, 55, "celltx:year") == {"2016"}
    assert D + "b-all" in study_values(store, 55, "celltx:studiesCondition")
    assert any("allogene" in n for n in labels_of_all(store, study_values(store, 55, "celltx:conductedBy")))
    assert any(is_a(store, t, "AllogeneicCellTherapy") for t in therapies_of(store, 55))


# 2.1.4 [56]: "2025年 , ALPHA2/ALPHA I期临床试验报道了现货型CD19 CAR-T产品 (cema-cel/ALLO-501)在…大B细胞淋巴瘤中具有持久疗效"
def test_s2_1_4_ref56_cema_cel(store):
    product = one(sorted(find(store, "ALLO-501", "CellTherapyProduct")), "ALLO-501")
    assert "cema-cel" in labels(store, product)
    assert values(store, product, "celltx:developedBy") == set()  # the review does not name cema-cel's developer
    assert "cd19" in targets(store, [product])
    assert C + "UniversalCARTTherapy" in values(store, product, "a")
    assert study_values(store, 56, "celltx:hasPhase") == {D + "phase-1"}
    assert {"ALPHA", "ALPHA2"} <= study_values(store, 56, "celltx:trialName")
    assert "large b-cell lymphoma" in condition_names(store, studies(store, 56))


# 2.1.4: "法国Cellectis公司开发的通用型双靶点CAR-T产品UCART20x22已获批进入临床在复发 /难治性B-NHL中开展试验"
def test_s2_1_4_ucart20x22(store):
    product = one(sorted(find(store, "UCART20x22", "CellTherapyProduct")), "UCART20x22")
    assert is_a(store, product, "MultiTargetCellTherapy") and is_a(store, product, "UniversalCellTherapy")
    assert "cellectis" in labels_of_all(store, values(store, product, "celltx:developedBy"))
    assert "b-nhl" in labels_of_all(store, values(store, product, "celltx:indicatedFor|^celltx:studiesTherapy/celltx:studiesCondition"))


# 2.1.4 [57]: "国内研究团队也开发出BCMA/CD47双靶点的UCAR-T细胞 , 其在骨髓瘤的临床前模型中显示出抗肿瘤活性"
def test_s2_1_4_ref57_bcma_cd47_ucar_t(store):
    therapies = therapies_of(store, 57)
    assert {"bcma", "cd47"} <= targets(store, therapies)
    assert any(is_a(store, t, "UniversalCellTherapy") for t in therapies)
    assert all(is_a(store, s, "PreclinicalStudy") for s in studies(store, 57)) and studies(store, 57)


# 2.1.4: "南京北恒生物科技有限公司报道了靶向CD7的UCAR-T产品(CTD402)在复发/难治性急性T淋巴细胞白血病 /淋巴细胞淋巴瘤患者中的显著疗效" (EHA 2025)
def test_s2_1_4_ctd402(store):
    product = one(sorted(find(store, "CTD402", "CellTherapyProduct")), "CTD402")
    assert target_set(store, [product], "cd7") == {"cd7"}
    assert C + "UniversalCARTTherapy" in values(store, product, "a")
    assert "南京北恒生物科技有限公司" in zh_labels(store, one(sorted(values(store, product, "celltx:developedBy")), "developer"))
    study = one(sorted(values(store, product, "^celltx:studiesTherapy")), "study of CTD402")
    assert values(store, study, "celltx:year") == {"2025"}
    assert "european hematology association" in labels_of_all(store, values(store, study, "celltx:reportedAt"))


# 2.1.4 [58]: "2022年宾夕法尼亚大学EPSTEIN教授团队[58]在Science发表 … 注射靶向T细胞的脂质纳米颗粒(LNP)递送…mRNA, 在心力衰竭小鼠体内原位生成抗纤维化CAR-T细胞"
def test_s2_1_4_ref58_in_vivo_car_t_by_lnp(store):
    assert study_values(store, 58, "celltx:year") == {"2022"}
    assert "heart failure" in condition_names(store, studies(store, 58))
    therapies = therapies_of(store, 58)
    assert any(C + "InVivoCARTTherapy" in values(store, t, "a") for t in therapies)
    assert "lipid nanoparticle" in labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:deliveredBy")})
    assert "epstein" in agent_names(store, one(sorted(studies(store, 58)), "study [58]"), "celltx:conductedBy")


# 2.1.4 [59]: "2025年 , 基于该团队成立的Capstan公司在人源化小鼠和食蟹猴模型中验证了体内CAR-T的抗肿瘤疗效和B细胞清除能力"
def test_s2_1_4_ref59_capstan_preclinical(store):
    study = one(sorted(studies(store, 59)), "study citing [59]")
    assert is_a(store, study, "PreclinicalStudy")
    assert values(store, study, "celltx:year") == {"2025"}
    assert "capstan" in agent_names(store, study, "celltx:conductedBy")


# 2.1.4: "Capstan公司已启动首个in vivo CAR-T候选药物CPTX2309的Ⅰ期临床试验 (NCT06917742)"
def test_s2_1_4_cptx2309_phase_1(store):
    study = one(sorted(find(store, "NCT06917742", "Study")), "NCT06917742")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1"}
    product = one(sorted(values(store, study, "celltx:studiesTherapy")), "therapy of NCT06917742")
    assert "cptx2309" in labels(store, product)
    assert C + "InVivoCARTTherapy" in values(store, product, "a")


# 2.1.4: ASGCT 2025: "通过注射病毒载体 (如慢病毒、腺相关病毒 )或非病毒载体 (如LNP、DNA纳米颗粒)递送mRNA"
def test_s2_1_4_asgct_2025_delivery_vectors(store):
    found = [f for f in at(store, "Finding", "2.1.4") if "american society of gene & cell therapy" in labels_of_all(store, values(store, f, "celltx:reportedAt"))]
    assert found
    vectors = labels_of_all(store, about_all(store, found))
    assert {"lentiviral vector", "adeno-associated virus vector", "lipid nanoparticle", "dna nanoparticle"} <= vectors


# 2.1.4 [60]: "我国于2025年7月首次报道了采用in vivo BCMA CAR-T治疗4例复发/难治性多发性骨髓瘤患者的成果 , 全部患者均达到客观缓解 , 其中两例实现完全缓解"
def test_s2_1_4_ref60_in_vivo_bcma_car_t(store):
    study = one(sorted(studies(store, 60)), "study citing [60]")
    assert values(store, study, "celltx:enrolledCount") == {"4"}
    assert values(store, study, "celltx:year") == {"2025"} and values(store, study, "celltx:month") == {"7"}
    assert values(store, study, "celltx:studiesCondition") == {D + "multiple-myeloma"}
    therapies = values(store, study, "celltx:studiesTherapy")
    assert "bcma" in targets(store, therapies)
    assert any(C + "InVivoCARTTherapy" in values(store, t, "a") for t in therapies)


@pytest.mark.parametrize("measure, count", [
    ("objective-response-count", "4"),  # 2.1.4 [60] 全部患者均达到客观缓解
    ("complete-response-count", "2"),   # 2.1.4 [60] 其中两例实现完全缓解
])
def test_s2_1_4_ref60_responses(store, measure, count):
    row = one(outcomes(store, 60, measure), f"{measure} of ref 60")
    assert row["count"] == count and row["denominator"] == "4"


# 2.1.4: "为克服自体CAR-T制备时间长、成本高及部分患者自身细胞质量不佳的限制 , 供体来源的通用型CAR-T(UCAR-T)成为研究热点"
def test_s2_1_4_ucar_t_addresses_autologous_limitations(store):
    strategies = strategies_addressing(store, "制备时间长、成本高", "通用型CAR-T", locator="2.1.4")
    assert [s for s in strategies if C + "UniversalCARTTherapy" in about_class(store, s)]


# 2.1.4: in vivo CAR-T "大大简化了CAR-T的制备流程 , 并且避免了体外培养时间过长导致的T细胞耗竭等问题"
def test_s2_1_4_in_vivo_car_t_addresses_ex_vivo_exhaustion(store):
    challenges = quoted(store, "Challenge", "体外培养时间过长导致的T细胞耗竭")
    strategies = [s for s in at(store, "Strategy", "2.1.4")
                  if values(store, s, "celltx:addresses") & challenges and C + "InVivoCARTTherapy" in about_class(store, s)]
    assert strategies


# 2.1.4 [60]: "且CRS总体可控 [60], 标志着该技术正式进入临床应用"
def test_s2_1_4_ref60_crs_controllable(store):
    assert [f for f in citing(store, "Finding", 60) if disease(store, "CRS") in about(store, f)]


# 2.1.4 [58]: "2022年宾夕法尼亚大学EPSTEIN教授团队[58]在Science发表开创性研究 , 首次通过注射靶向T细胞的脂质纳米颗粒…"
def test_s2_1_4_ref58_milestone_2022(store):
    m = one([m for m in milestones(store, 2022) if 58 in refs(store, m)], "2022 milestone citing [58]")
    assert C + "InVivoCARTTherapy" in about_class(store, m)
    assert "university of pennsylvania" in labels_of_all(store, about(store, m) | values(store, m, "celltx:achievedBy/celltx:affiliatedWith"))


# ============================================================================================ 2.2 TCR-T

# 2.2: "2020年至 2024年间 , 全球新注册的TCR-T临床试验达到136项 , 其中超过60%处于 I期阶段"
def test_s2_2_tcr_t_trial_count(store):
    rows = select(store, """SELECT ?s ?from ?to WHERE { ?s a celltx:Statistic ; celltx:trialCount ?n ; celltx:aboutClass celltx:TCRTTherapy ;
                             celltx:year ?from ; celltx:endYear ?to FILTER(?n = 136) }""")
    row = one(rows, "statistic of 136 TCR-T trials")
    assert (row["from"], row["to"]) == ("2020", "2024")


def test_s2_2_tcr_t_trials_mostly_phase_1(store):
    rows = select(store, """SELECT ?s ?p WHERE { ?s a celltx:Statistic ; celltx:aboutClass celltx:TCRTTherapy ;
                             celltx:about celltxd:phase-1 ; celltx:proportion ?p }""")
    row = one(rows, "share of phase I TCR-T trials")
    assert dec(row["p"]) == Decimal("0.6")
    assert values(store, row["s"], "celltx:valueQualifier") == {"more than"}


# 2.2: "2024年 , 基于SPEARHEAD-1研究结果 , 美国FDA批准了首款用于实体瘤的TCR-T细胞疗法Tecelra(也称Afami-cel)"
def test_s2_2_tecelra_fda_2024(store):
    product = one(sorted(find(store, "Tecelra", "CellTherapyProduct")), "Tecelra")
    assert "afami-cel" in labels(store, product)
    approvals = select(store, f"SELECT ?a ?y WHERE {{ ?a celltx:approvedProduct <{product}> ; celltx:grantedBy celltxd:fda ; celltx:year ?y }}")
    assert [r["y"] for r in approvals] == ["2024"]
    assert {C + "TCRTTherapy", C + "ApprovedProduct"} <= values(store, product, "a")
    # "首款用于实体瘤的TCR-T细胞疗法"
    assert [m for m in milestones(store, 2024, locator="2.2") if {product, D + "solid-tumour"} <= about(store, m)]


# 2.2: "用于治疗表达HLA-A*02及MAGE-A4的晚期滑膜肉瘤或粘黏液样圆细胞脂肪肉瘤"
def test_s2_2_tecelra_indication_and_target(store):
    product = one(sorted(find(store, "Tecelra", "CellTherapyProduct")), "Tecelra")
    assert target_set(store, [product], "mage-a4") == {"mage-a4"}
    indications = labels_of_all(store, values(store, product, "celltx:indicatedFor"))
    assert "synovial sarcoma" in indications
    # "粘黏液样圆细胞脂肪肉瘤" is one disease: synovial sarcoma and that one liposarcoma, nothing more
    assert values(store, product, "celltx:indicatedFor") == {D + "synovial-sarcoma", D + "myxoid-liposarcoma"}
    assert "粘黏液样圆细胞脂肪肉瘤" in indications
    hla = [f for f in at(store, "Finding", "2.2") if product in about(store, f) and "hla-a*02" in labels_of_all(store, about(store, f))]
    assert hla


# 2.2: "这项Ⅱ期研究的中位随访时间为32.6个月 , Tecelra在52例患者中ORR达到37%"
def test_s2_2_spearhead_1_design(store):
    study = one(sorted(find(store, "SPEARHEAD-1", "Study")), "SPEARHEAD-1")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-2"}
    assert values(store, study, "celltx:enrolledCount") == {"52"}
    assert {dec(v) for v in values(store, study, "celltx:medianFollowUp")} == {Decimal("32.6")}
    assert values(store, study, "celltx:followUpUnit") == {UNIT + "MO"}


@pytest.mark.parametrize("measure, expected", [
    ("orr", "0.37"),           # 2.2 SPEARHEAD-1: ORR达到37%
    ("crs-incidence", "0.71"),  # 2.2 SPEARHEAD-1: CRS发生率为71%
])
def test_s2_2_spearhead_1_rates(store, measure, expected):
    study = one(sorted(find(store, "SPEARHEAD-1", "Study")), "SPEARHEAD-1")
    rows = [r for r in outcomes_of(store, study, measure) if r["proportion"] is not None]
    assert dec(one(rows, f"{measure} rate of SPEARHEAD-1")["proportion"]) == Decimal(expected)


# 2.2: "其中仅1例为3级CRS"
def test_s2_2_spearhead_1_one_grade_3_crs(store):
    study = one(sorted(find(store, "SPEARHEAD-1", "Study")), "SPEARHEAD-1")
    rows = [r for r in outcomes_of(store, study, "crs-incidence") if r["grade"] == "3"]
    assert one(rows, "grade 3 CRS of SPEARHEAD-1")["count"] == "1"


# 2.2 [62]: "此前 I期试验也显示 , Afami-cel在滑膜肉瘤、卵巢癌和头颈癌中具有良好的安全性和显著疗效"
def test_s2_2_ref62_afami_cel_phase_1(store):
    assert study_values(store, 62, "celltx:hasPhase") == {D + "phase-1"}
    assert {"synovial sarcoma", "ovarian cancer", "head and neck cancer"} <= condition_names(store, studies(store, 62))
    assert find(store, "Afami-cel") & study_values(store, 62, "celltx:studiesTherapy")


# 2.2: antigen classes: "早期TCR-T临床试验多针对黑色素瘤分化抗原如 MART-1和gp100 … 黑色素瘤相关抗原 (MAGE)蛋白家族、…PRAME等过表达抗原"
@pytest.mark.parametrize("antigen, cls", [
    ("MART-1", "DifferentiationAntigen"),   # 2.2 黑色素瘤分化抗原如 MART-1
    ("gp100", "DifferentiationAntigen"),    # 2.2 黑色素瘤分化抗原如 … gp100
    ("PRAME", "OverexpressedAntigen"),      # 2.2 PRAME等过表达抗原
    ("MAGE-A1", "OverexpressedAntigen"),    # 2.2 [61] MAGE蛋白家族 (过表达抗原)
    ("乙型肝炎表面抗原", "ViralAntigen"),     # 2.2 [63] HBV surface antigen
    ("乙型肝炎表面抗原", "TumourSpecificAntigen"),  # 2.2 [63] under "TSA仅特异性表达于肿瘤细胞"
    ("KRAS", "Neoantigen"),                 # 2.2 [64] KRAS, a mutant tumour-specific antigen
])
def test_s2_2_antigen_category(store, antigen, cls):
    node = one(sorted(find(store, antigen)), antigen)
    assert is_a(store, node, cls)


# 2.2: "TAA … 可进一步分为过表达抗原、组织分化抗原和癌症种系抗原"
def test_s2_2_taa_subclasses(store):
    expected = {C + "OverexpressedAntigen", C + "DifferentiationAntigen", C + "CancerGermlineAntigen"}
    assert any(expected <= about_class(store, f) for f in at(store, "Finding", "2.2"))


# 2.2: MART-1/gp100 TCR-T: "由于存在靶向非肿瘤组织引起的毒性问题 , 相关研究已逐渐减少"
def test_s2_2_differentiation_antigen_toxicity(store):
    found = [c for c in at(store, "Challenge", "2.2") if {"mart-1", "gp100"} <= labels_of_all(store, about(store, c))]
    assert found


# 2.2 [61]: "靶向MAGE-A1的TCR-T细胞治疗在晚期实体瘤患者中显示出可控的安全性"
def test_s2_2_ref61_mage_a1(store):
    therapies = therapies_of(store, 61)
    assert target_set(store, therapies, "mage-a1") == {"mage-a1"}
    assert all(is_a(store, t, "TCRTTherapy") for t in therapies)


# 2.2 [63]: "一项多中心研究利用慢病毒载体 , 使自体T细胞表达乙型肝炎表面抗原特异性TCR, 用于治疗HBV相关肝细胞癌"
def test_s2_2_ref63_hbsag_tcr_t(store):
    therapies = therapies_of(store, 63)
    assert "hepatitis b surface antigen" in targets(store, therapies)
    assert any(is_a(store, t, "AutologousCellTherapy") for t in therapies)
    assert "lentiviral vector" in labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:deliveredBy")})
    # the review's own term: "用于治疗HBV相关肝细胞癌"
    assert "hbv相关肝细胞癌" in condition_names(store, studies(store, 63))


# 2.2 [64]: "应用靶向KRAS的TCR-T细胞治疗一例胰腺癌患者, 使其获得长达6个月的缓解且6个月后缓解仍在持续"
def test_s2_2_ref64_kras_tcr_t(store):
    assert study_values(store, 64, "celltx:enrolledCount") == {"1"}
    assert "pancreatic cancer" in condition_names(store, studies(store, 64))
    assert any("providence" in n for n in labels_of_all(store, study_values(store, 64, "celltx:conductedBy")))
    row = one(outcomes(store, 64, "response-duration"), "response duration of ref 64")
    assert dec(row["duration"]) == Decimal("6") and row["durationUnit"] == UNIT + "MO"


# 2.2 [7]: "靶向WT1的TCR-T细胞已在临床研究中显示抗肿瘤活性" (WT1 overexpressed in AML and MDS)
def test_s2_2_ref7_wt1_tcr_t(store):
    therapies = [t for t in therapies_of(store, 7) if "wt1" in targets(store, [t])]
    assert therapies and all(is_a(store, t, "TCRTTherapy") for t in therapies)
    conditions = condition_names(store, [s for s in studies(store, 7) if values(store, s, "celltx:studiesTherapy") & set(therapies)])
    assert {"aml", "mds"} <= conditions


# 2.2 [66, 67]: exhaustion with PD-1, LAG-3 upregulation; MC2 TCR-T with PD-1 knockout and PD-L1 overexpression
def test_s2_2_ref66_ref67_checkpoint_strategy(store):
    challenge = one([c for c in citing(store, "Challenge", 66)], "exhaustion challenge citing [66]")
    assert {"pd-1", "lag-3"} <= labels_of_all(store, about(store, challenge))
    strategies = values(store, challenge, "^celltx:addresses")
    assert strategies and any("pd-l1" in labels_of_all(store, about(store, s)) for s in strategies)
    therapies = therapies_of(store, 67)
    assert "mc2" in targets(store, therapies)
    mods = {m for t in therapies for m in values(store, t, "celltx:hasReceptor/celltx:hasGeneticModification")}
    assert any(is_a(store, m, "GeneKnockout") and "pd-1" in labels_of_all(store, values(store, m, "celltx:derivedFromMolecule")) for m in mods)
    assert any(is_a(store, m, "TransgeneOverexpression") and "pd-l1" in labels_of_all(store, values(store, m, "celltx:derivedFromMolecule")) for m in mods)


# 2.2 [65]: "荷兰一研究团队成功分离出EBV-LMP2特异性的T细胞群并重构其TCR序列"
def test_s2_2_ref65_ebv_lmp2_tcr(store):
    found = citing(store, "Finding", 65)
    names = labels_of_all(store, about_all(store, found))
    assert "nasopharyngeal carcinoma" in names and any("lmp2" in n for n in names)


# 2.2 [68, 70]: HPV16 TCR for cervical cancer; NY-ESO-1 delivered by liposomes guides NY-ESO-1 TCR-T
def test_s2_2_ref68_ref70_tcr_discovery_and_universal_tcr_t(store):
    assert "cervical cancer" in condition_names(store, studies(store, 68))
    therapies = therapies_of(store, 70)
    assert "ny-eso-1" in targets(store, therapies)
    strategies = [s for s in citing(store, "Strategy", 70) if "liposome" in labels_of_all(store, about(store, s))]
    assert strategies


# 2.2: "多项针对非小细胞肺癌相关抗原 (如NY-ESO-1、KK-LC-1)的TCR-T临床研究也正在推进中"
def test_s2_2_nsclc_tcr_t_antigens(store):
    found = [f for f in at(store, "Finding", "2.2") if "non-small cell lung cancer" in labels_of_all(store, about(store, f))
             or "nsclc" in labels_of_all(store, about(store, f))]
    assert found
    assert {"ny-eso-1", "kk-lc-1"} <= labels_of_all(store, about_all(store, found))


# 2.2: "目前 , 大多数TCR-T试验集中于黑色素瘤、宫颈癌、胰腺导管腺癌及胃癌等实体肿瘤 , 少数研究也在探索其在…HIV、HBV、EBV等病毒感染相关肿瘤中的应用"
def test_s2_2_tcr_t_trial_indications(store):
    found = quoted(store, "Finding", "大多数TCR-T试验集中于黑色素瘤", "2.2")
    names = labels_of_all(store, about_all(store, found))
    assert {"melanoma", "cervical cancer", "gastric cancer"} <= names
    assert any("pancreatic ductal adenocarcinoma" in n or n == "pdac" for n in names)
    assert sum(any(v in n for n in names) for v in ("hiv", "hepatitis b", "hbv", "epstein-barr", "ebv")) >= 3


# 2.2: "WT1基因在AML和骨髓增生异常综合征 (MDS)等髓系恶性肿瘤中过表达"
def test_s2_2_wt1_overexpressed_in_aml_and_mds(store):
    found = [f for f in quoted(store, "Finding", "WT1基因在AML和骨髓增生异常综合征", "2.2")
             if {disease(store, "AML"), disease(store, "MDS")} <= about(store, f) and "wt1" in labels_of_all(store, about(store, f))]
    assert found


# 2.2: "TSA仅特异性表达于肿瘤细胞 , 可最大程度降低对正常组织的靶外毒性 , 因而是更理想的TCR-T靶点"
def test_s2_2_tsa_targets_reduce_off_tumour_toxicity(store):
    strategies = [s for s in at(store, "Strategy", "2.2") if C + "TumourSpecificAntigen" in about_class(store, s)]
    assert strategies and all(values(store, s, "celltx:addresses") for s in strategies)
    assert {"kras", "hepatitis b surface antigen"} <= labels_of_all(store, about_all(store, strategies))


# ============================================================================================== 2.3 TIL

# 2.3: "从2020至2024年底 , 在全球范围内共登记了155项TIL疗法的临床试验"
def test_s2_3_til_trial_count(store):
    rows = select(store, """SELECT ?s ?from ?to WHERE { ?s a celltx:Statistic ; celltx:trialCount ?n ; celltx:aboutClass celltx:TILTherapy ;
                             celltx:year ?from ; celltx:endYear ?to FILTER(?n = 155) }""")
    row = one(rows, "statistic of 155 TIL trials")
    assert (row["from"], row["to"]) == ("2020", "2024")
    # "包括黑色素瘤、胰腺癌、非小细胞肺癌、宫颈癌、卵巢癌和乳腺癌等"
    names = labels_of_all(store, about(store, row["s"]))
    assert {"melanoma", "pancreatic cancer", "cervical cancer", "ovarian cancer", "breast cancer"} <= names
    assert "non-small cell lung cancer" in names or "nsclc" in names


# 2.3: "其中大多数研究仍处于临床 Ⅰ期阶段"
def test_s2_3_til_trials_mostly_phase_1(store):
    assert [n for n in at(store, "Finding", "2.3") | at(store, "Statistic", "2.3") if D + "phase-1" in about(store, n)]


# 2.3 [72]: "美国 Iovance Biotherapeutics公司开发的Lifileucel获得FDA批准用于晚期黑色素瘤的治疗 , 成为全球首款正式上市的TIL细胞疗法产品"
def test_s2_3_ref72_lifileucel(store):
    product = one(sorted(find(store, "Lifileucel", "CellTherapyProduct")), "Lifileucel")
    assert {C + "TILTherapy", C + "ApprovedProduct"} <= values(store, product, "a")
    assert "iovance biotherapeutics" in labels_of_all(store, values(store, product, "celltx:developedBy"))
    approval = one(sorted(values(store, product, "celltx:hasApproval|^celltx:approvedProduct")), "approval of Lifileucel")
    assert values(store, approval, "celltx:grantedBy") == {D + "fda"}
    assert 72 in refs(store, approval)
    assert "melanoma" in labels_of_all(store, values(store, approval, "celltx:approvedForIndication"))
    assert [m for m in citing(store, "Milestone", 72) if product in about(store, m)]


# 2.3 [71]: "2018年 , 一项研究采用靶向四种突变蛋白的TIL治疗难治性转移性乳腺癌, 首次实现了持续超过22个月的完全缓解"
def test_s2_3_ref71_durable_cr_in_breast_cancer(store):
    assert study_values(store, 71, "celltx:year") == {"2018"}
    assert "转移性乳腺癌" in condition_names(store, studies(store, 71))  # "难治性转移性乳腺癌"
    row = one(outcomes(store, 71, "response-duration"), "CR duration of ref 71")
    assert dec(row["duration"]) == Decimal("22") and row["durationUnit"] == UNIT + "MO"
    assert values(store, row["outcome"], "celltx:valueQualifier") == {"more than"}


# 2.3 [74]: "复发性宫颈癌患者在接受抗PD-1抗体联合TIL输注治疗后生存期显著延长 , 同时…CD8+/CD4+ T细胞比例升高与良好预后相关"
def test_s2_3_ref74_anti_pd1_plus_til_in_cervical_cancer(store):
    assert "cervical cancer" in condition_names(store, studies(store, 74))
    assert "anti-pd-1 antibody" in drug_names(store, studies(store, 74) | therapies_of(store, 74), "celltx:combinedWith")
    classes = about_class_all(store, citing(store, "Finding", 74))
    assert {CL + "0000624", CL + "0000625"} <= classes


# 2.3: "目前一项Ⅲ期临床试验 (NCT05727904)正在进行中 , 旨在比较帕博利珠单抗单药与联合Lifileucel在未经治疗的晚期黑色素瘤患者中的疗效差异"
def test_s2_3_nct05727904(store):
    study = one(sorted(find(store, "NCT05727904", "Study")), "NCT05727904")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-3"}
    assert find(store, "Lifileucel") & values(store, study, "celltx:studiesTherapy")
    assert "pembrolizumab" in drug_names(store, [study], "celltx:comparator|celltx:combinedWith")
    assert "melanoma" in condition_names(store, [study])


# 2.3 [75, 76]: CD40L-stimulated B cells expand NSCLC TIL; a chimeric costimulatory receptor with CD28/CD40 domains modifies TIL
def test_s2_3_ref75_ref76_til_optimisation(store):
    assert "non-small cell lung cancer" in condition_names(store, studies(store, 75)) or "nsclc" in condition_names(store, studies(store, 75))
    receptors = {r for t in therapies_of(store, 76) for r in values(store, t, "celltx:hasReceptor")}
    assert any(is_a(store, r, "ChimericCostimulatoryReceptor") for r in receptors)
    assert canon(store, {m for r in receptors for m in values(store, r, "celltx:hasCostimulatoryDomain/celltx:derivedFromMolecule")}, "cd28", "cd40") == {"cd28", "cd40"}


# 2.3 [5]: "国际多学科专家联合成立了TIL工作组 , 并于2024年发布了关于TIL治疗管理及临床实践的专家共识指南"
def test_s2_3_ref5_til_guideline_2024(store):
    guideline = one(sorted(citing(store, "Guideline", 5, "2.3")), "TIL guideline citing [5]")
    assert values(store, guideline, "celltx:year") == {"2024"}
    assert any("til" in n and ("working group" in n or "工作组" in n) for n in labels_of_all(store, values(store, guideline, "celltx:issuedBy")))
    # "建议未来应重点围绕制造工艺优化、合并症处理以及基因编辑等新技术的应用展开研究"
    recommended = [s for s in citing(store, "Strategy", 5, "2.3") if guideline in about(store, s)]
    assert len(recommended) == 3


# ================================================================================== 2.4 CAR-NK/NKT

# 2.4 [77]: "一项针对12例儿童神经母细胞瘤患者的首次人体 Ⅰ期试验对GD2 CAR-NKT细胞进行了安全性与剂量评估 , 结果显示 5例患者达到客观缓解"
def test_s2_4_ref77_gd2_car_nkt(store):
    study = one(sorted(studies(store, 77)), "study citing [77]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1"}
    assert values(store, study, "celltx:enrolledCount") == {"12"}
    assert values(store, study, "celltx:studiesCondition") == {disease(store, "neuroblastoma")}
    therapies = values(store, study, "celltx:studiesTherapy")
    assert target_set(store, therapies, "gd2") == {"gd2"}
    assert all(C + "CARNKTTherapy" in values(store, t, "a") for t in therapies)
    row = one(outcomes(store, 77, "objective-response-count"), "objective responses of ref 77")
    assert row["count"] == "5" and row["denominator"] == "12"


# 2.4 [77]: "仅1例出现2级CRS伴细胞因子升高, 经托珠单抗治疗后好转"
def test_s2_4_ref77_one_grade_2_crs(store):
    row = one(outcomes(store, 77, "crs-incidence"), "CRS of ref 77")
    assert row["count"] == "1" and row["grade"] == "2"
    nodes = studies(store, 77) | citing(store, "Finding", 77)
    assert "tocilizumab" in drug_names(store, nodes, "celltx:combinedWith|celltx:about")
    # tocilizumab treated the CRS; it was not given with the CAR-NKT cells
    assert "tocilizumab" not in drug_names(store, studies(store, 77), "celltx:combinedWith")


# 2.4 [8]: "一项 Ⅰ/Ⅱ期临床试验也证实 , CD19 CAR-NK细胞治疗复发 /难治性CD19阳性非霍奇金淋巴瘤 (NHL)和慢性淋巴细胞白血病 (CLL)具有良好疗效与安全性"
def test_s2_4_ref8_cd19_car_nk(store):
    study = one(sorted(citing(store, "Study", 8, "2.4")), "study citing [8]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1-2"}
    assert {"non-hodgkin lymphoma", "chronic lymphocytic leukemia"} <= condition_names(store, [study])
    therapies = values(store, study, "celltx:studiesTherapy")
    assert "cd19" in targets(store, therapies)
    assert all(C + "CARNKTherapy" in values(store, t, "a") for t in therapies)


# 2.4 [78]: "一项 Ⅰ期研究显示 , 靶向CD33的CAR-NK细胞在10例复发 /难治性AML患者中展现出与CD33 CAR-T相当的抗肿瘤活性 , 且安全性更优"
def test_s2_4_ref78_cd33_car_nk_in_aml(store):
    study = one(sorted(studies(store, 78)), "study citing [78]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1"}
    assert values(store, study, "celltx:enrolledCount") == {"10"}
    assert values(store, study, "celltx:studiesCondition") == {disease(store, "AML")}
    therapies = values(store, study, "celltx:studiesTherapy")
    assert target_set(store, therapies, "cd33") == {"cd33"}
    assert all(C + "CARNKTherapy" in values(store, t, "a") for t in therapies)


# 2.4 [79]: "表达IL-12的CAR-NK能够在白血病和神经母细胞瘤模型中表现出增强的抗肿瘤活性"
def test_s2_4_ref79_il12_car_nk(store):
    receptors = {r for t in therapies_of(store, 79) for r in values(store, t, "celltx:hasReceptor")}
    assert "il-12" in labels_of_all(store, {m for r in receptors for m in values(store, r, "celltx:hasPayload/celltx:derivedFromMolecule")})
    assert {"neuroblastoma"} <= condition_names(store, studies(store, 79))
    assert all(is_a(store, s, "PreclinicalStudy") for s in studies(store, 79))


# 2.4 [81]: "通过逆转录病毒载体转导脐带血来源的NK细胞, 使其共表达CD19 CAR、IL-15及Caspase9, 在临床前模型中显示出显著抗白血病活性"
def test_s2_4_ref81_cord_blood_car_nk(store):
    therapies = therapies_of(store, 81)
    assert "cd19" in targets(store, therapies)
    receptors = {r for t in therapies for r in values(store, t, "celltx:hasReceptor")}
    assert "il-15" in labels_of_all(store, {m for r in receptors for m in values(store, r, "celltx:hasPayload/celltx:derivedFromMolecule")})
    assert "caspase-9" in labels_of_all(store, {m for r in receptors for m in values(store, r, "celltx:hasSafetySwitch/celltx:derivedFromMolecule")})
    assert "retroviral vector" in labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:deliveredBy")})


# 2.4 [82]: "美国Fate Thera-peutics公司基于该技术 [iPSC] 开发出了CD19 CAR-NK产品 (FT596), 并在2025年报道了首次 Ⅰ期临床试验的结果"
def test_s2_4_ref82_ft596(store):
    product = one(sorted(find(store, "FT596", "CellTherapyProduct")), "FT596")
    assert C + "CARNKTherapy" in values(store, product, "a")
    assert target_set(store, [product], "cd19") == {"cd19"}
    assert "fate therapeutics" in labels_of_all(store, values(store, product, "celltx:developedBy"))
    sources = values(store, product, "celltx:hasEffectorCell/celltx:cellSourcedFrom")
    assert any(is_a(store, s, "InducedPluripotentStemCell") for s in sources)
    study = one(sorted(values(store, product, "^celltx:studiesTherapy")), "study of FT596")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1"}
    assert values(store, study, "celltx:year") == {"2025"}


# 2.4 [80]: "脐带血可作为重要来源 , 提供更幼稚、增殖能力更强的NK细胞 [80]"
def test_s2_4_ref80_cord_blood_source(store):
    assert citing(store, "Finding", 80, "2.4")


# 2.4: "在AML等髓系恶性肿瘤中 , 由于缺乏肿瘤特异性靶点 , CAR-T疗法易引发长期骨髓抑制等脱靶毒性" — CD33 CAR-NK "安全性更优 [78]"
def test_s2_4_car_nk_addresses_aml_myelosuppression(store):
    challenges = quoted(store, "Challenge", "长期骨髓抑制", "2.4")
    assert [c for c in challenges if disease(store, "AML") in about(store, c)]
    strategies = [s for s in citing(store, "Strategy", 78, "2.4") if values(store, s, "celltx:addresses") & challenges]
    assert strategies and any(C + "CARNKTherapy" in about_class(store, s) for s in strategies)


# 2.4: "异体来源的NK细胞本身不易引起GvHD, 因此更适用于开发通用型CAR-NK细胞产品"
def test_s2_4_allogeneic_nk_rarely_cause_gvhd(store):
    found = [f for f in quoted(store, "Finding", "不易引起GvHD", "2.4") if disease(store, "GvHD") in about(store, f)]
    assert found and C + "UniversalCellTherapy" in about_class(store, found[0])


# 2.4: iPSC-derived NK cells: "不仅可实现NK细胞的大规模、标准化生产, 还能显著降低制备成本"
def test_s2_4_ipsc_derived_nk_strategy(store):
    found = [s for s in quoted(store, "Strategy", "显著降低制备成本", "2.4") if C + "InducedPluripotentStemCell" in about_class(store, s)]
    assert found


# ==================================================================================== 2.5 CIK

# 2.5: "主要由CD3+CD56−(T细胞 )、CD3+CD56+(NKT细胞 )和CD3−CD56+(NK细胞 )等多个亚群组成"
@pytest.mark.parametrize("phenotype, cell", [
    ("CD3+CD56−", "0000084"),  # 2.5 T cells
    ("CD3+CD56+", "0000814"),  # 2.5 NKT cells
    ("CD3−CD56+", "0000623"),  # 2.5 NK cells
])
def test_s2_5_cik_subsets(store, phenotype, cell):
    found = [f for f in quoted(store, "Finding", phenotype, "2.5")
             if CL + cell in about_class(store, f) and C + "CIKCell" in about_class(store, f)]
    assert found, f"no 2.5 finding on the CIK subset {phenotype}"


# 2.5 [83]: "2020年 , 我国报道了首个CIK细胞联合化疗治疗晚期肺鳞癌的多中心、随机临床对照研究"
def test_s2_5_ref83_cik_chemotherapy_rct(store):
    study = one(sorted(studies(store, 83)), "study citing [83]")
    assert is_a(store, study, "RandomisedControlledTrial")
    assert values(store, study, "celltx:year") == {"2020"}
    assert "lung squamous cell carcinoma" in condition_names(store, [study])
    assert any(is_a(store, t, "CIKTherapy") for t in values(store, study, "celltx:studiesTherapy"))
    assert "chemotherapy" in drug_names(store, [study], "celltx:combinedWith")


# 2.5 [84]: "2024年 , 一项 III期临床试验 … 在卡培他滨、奥沙利铂联合贝伐珠单抗的一线治疗方案基础上 , 加用经PD-1阻断剂激活的DC-CIK(PD1-T)细胞免疫治疗 , 可显著延长转移性结直肠癌患者的无进展生存期和总生存期"
def test_s2_5_ref84_pd1_t_in_colorectal_cancer(store):
    study = one(sorted(studies(store, 84)), "study citing [84]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-3"}
    assert values(store, study, "celltx:year") == {"2024"}
    assert "colorectal cancer" in condition_names(store, [study])
    assert {"capecitabine", "oxaliplatin", "bevacizumab"} <= drug_names(store, [study], "celltx:combinedWith")
    therapies = values(store, study, "celltx:studiesTherapy")
    assert any(is_a(store, t, "DCCIKTherapy") and "pd1-t" in labels(store, t) for t in therapies)


# 2.5 [85]: "意大利研究团队开发了一种靶向CD33的CAR-CIK细胞 , 并通过基因工程手段使其过表达CXCR4, 以增强该细胞向骨髓组织的归巢能力"
def test_s2_5_ref85_cd33_car_cik_with_cxcr4(store):
    therapies = therapies_of(store, 85)
    assert target_set(store, therapies, "cd33") == {"cd33"}
    assert all(C + "CARCIKTherapy" in values(store, t, "a") for t in therapies)
    receptors = {r for t in therapies for r in values(store, t, "celltx:hasReceptor")}
    assert "cxcr4" in labels_of_all(store, {m for r in receptors for m in values(store, r, "celltx:hasHomingReceptor/celltx:derivedFromMolecule")})
    assert any("意大利" in n or "ital" in n for n in labels_of_all(store, {d for t in therapies for d in values(store, t, "celltx:developedBy")}))
    # "CAR-T细胞对骨髓中白血病干细胞的靶向效率较低, 这可能是其在AML中疗效受限的原因之一。针对这一挑战"
    assert [s for s in citing(store, "Strategy", 85) if values(store, s, "celltx:addresses") & quoted(store, "Challenge", "白血病干细胞")]


# 2.5 [86]: "CIK细胞在高糖环境中可调控巨噬细胞极化、缓解局部炎症反应并促进血管再生 , 从而加速糖尿病相关伤口的愈合过程"
def test_s2_5_ref86_diabetic_wound_healing(store):
    assert "糖尿病相关伤口" in condition_names(store, studies(store, 86))  # the review's own term (labels lower-cased)
    findings = [f for f in citing(store, "Finding", 86)]
    assert findings and all("糖尿病相关伤口" in labels_of_all(store, about(store, f)) for f in findings)
    assert any(is_a(store, t, "CIKTherapy") for t in therapies_of(store, 86))


# 2.5 [87]: "国际CIK细胞学会于2023年8月正式成立 , 并发布了CIK细胞生产的标准化方案"
def test_s2_5_ref87_international_society_of_cik_cells(store):
    rows = select(store, """SELECT DISTINCT ?m WHERE { ?m a celltx:Milestone ; celltx:year ?y ; celltx:month ?mo FILTER(?y = 2023 && ?mo = 8) }""")
    ms = [r["m"] for r in rows if 87 in refs(store, r["m"])]
    m = one(ms, "August 2023 milestone citing [87]")
    society = one(sorted(values(store, m, "celltx:achievedBy|celltx:about")), "society of the 2023 milestone")
    assert "国际CIK细胞学会" in zh_labels(store, society)
    guideline = one(sorted(citing(store, "Guideline", 87)), "guideline citing [87]")
    assert values(store, guideline, "celltx:issuedBy") == {society}


# 2.5: "CIK与免疫检查点抑制剂、表观遗传调节药物及传统化疗等多种治疗手段联用 , 可显著增强抗肿瘤疗效"
def test_s2_5_cik_combination_partners(store):
    strategies = [s for s in at(store, "Strategy", "2.5") if C + "CIKTherapy" in about_class(store, s)]
    partners = drug_names(store, strategies, "celltx:combinedWith")
    assert {"immune checkpoint inhibitor", "epigenetic modulating drug", "chemotherapy"} <= partners


# 2.5 [83]: "该联合疗法不仅显著改善了患者的生存, 还有效减轻了化疗引起的毒副作用, 提高了患者的生存质量"
@pytest.mark.parametrize("phrase", ["显著改善了患者的生存", "有效减轻了化疗引起的毒副作用", "提高了患者的生存质量"])
def test_s2_5_ref83_benefits(store, phrase):
    assert [f for f in quoted(store, "Finding", phrase, "2.5") if 83 in refs(store, f)]


# 2.5: "CIK细胞治疗长期以来面临扩增方案与生产流程缺乏统一标准的问题"
def test_s2_5_lack_of_standards_addressed_by_society(store):
    strategies = strategies_addressing(store, "缺乏统一标准", "国际CIK细胞学会", locator="2.5")
    assert strategies and any(87 in refs(store, s) for s in strategies)


# ===================================================================================== 2.6.1 macrophages

# 2.6.1 [88]: "靶向HER2的CAR-M联合抗PD-1抗体治疗可显著减轻肿瘤负荷并重塑免疫微环境" (preclinical)
def test_s2_6_1_ref88_her2_car_m_with_anti_pd1(store):
    study = one(sorted(studies(store, 88)), "study citing [88]")
    assert is_a(store, study, "PreclinicalStudy")
    assert "anti-pd-1 antibody" in drug_names(store, [study], "celltx:combinedWith")
    therapies = values(store, study, "celltx:studiesTherapy")
    assert target_set(store, therapies, "her2") == {"her2"}
    assert all(C + "CARMTherapy" in values(store, t, "a") for t in therapies)


# 2.6.1 [89]: "美国Carisma Therapeutics公司开展的首个 Ⅰ期临床试验初步验证了HER2 CAR-M在乳腺癌和胃食管癌患者中的安全性与耐受性"
def test_s2_6_1_ref89_carisma_phase_1(store):
    study = one(sorted(studies(store, 89)), "study citing [89]")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1"}
    assert "carisma therapeutics" in labels_of_all(store, values(store, study, "celltx:conductedBy"))
    assert "breast cancer" in condition_names(store, [study])
    assert len(values(store, study, "celltx:studiesCondition")) == 2
    assert target_set(store, values(store, study, "celltx:studiesTherapy"), "her2") == {"her2"}


# 2.6.1 [9]: "利用iPSC来源的巨噬细胞 , 构建了具有CD3ζ-TIR双信号转导功能的CAR-M … 促进了抗原依赖性的M1型极化"
def test_s2_6_1_ref9_ipsc_car_m_cd3z_tir(store):
    therapies = citing(store, "CellTherapy", 9, "2.6.1")
    receptors = {r for t in therapies for r in values(store, t, "celltx:hasReceptor")}
    signalling = " ".join(labels_of_all(store, {d for r in receptors for d in values(store, r, "celltx:hasSignallingDomain")}))
    assert "cd3ζ" in signalling and "tir" in signalling
    assert CL + "0000863" in about_class_all(store, citing(store, "Finding", 9, "2.6.1"))


# 2.6.1 [90]: "采用甘露糖修饰的mRNA-LNP递送系统 , 将M2型巨噬细胞重编程为FAP CAR-M … 在胰腺导管腺癌临床前模型中有效提升肿瘤治疗效果并延长生存期"
def test_s2_6_1_ref90_in_vivo_fap_car_m(store):
    therapies = therapies_of(store, 90)
    assert target_set(store, therapies, "fap") == {"fap"}
    assert all(C + "CARMTherapy" in values(store, t, "a") and is_a(store, t, "InVivoCellTherapy") for t in therapies)
    delivery = labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:deliveredBy")})
    assert any("mannose" in n and "lnp" in n for n in delivery)
    assert "pancreatic ductal adenocarcinoma" in condition_names(store, studies(store, 90)) or "pdac" in condition_names(store, studies(store, 90))


# 2.6.1: "尤其是肿瘤相关巨噬细胞, 作为肿瘤微环境中最大的免疫细胞群体"
def test_s2_6_1_tumour_associated_macrophages(store):
    assert [f for f in quoted(store, "Finding", "肿瘤微环境中最大的免疫细胞群体", "2.6.1")
            if C + "TumourAssociatedMacrophage" in about_class(store, f)]


# 2.6.1 [90]: "特异性清除癌症相关成纤维细胞及其形成的纤维化屏障, 显著增强化疗药物与免疫细胞浸润"
def test_s2_6_1_ref90_clears_cancer_associated_fibroblasts(store):
    assert [f for f in citing(store, "Finding", 90, "2.6.1") if C + "CancerAssociatedFibroblast" in about_class(store, f)]


# ========================================================================================== 2.6.2 γδT

# 2.6.2 [11]: "2023年, 我国研发了一种新型CD19特异性γδTCR-T细胞(ET019003)并完成了首项Ⅰ期临床试验"
def test_s2_6_2_ref11_et019003(store):
    product = one(sorted(find(store, "ET019003", "CellTherapyProduct")), "ET019003")
    assert C + "GammaDeltaTCRTTherapy" in values(store, product, "a")
    assert target_set(store, [product], "cd19") == {"cd19"}
    study = one(sorted(values(store, product, "^celltx:studiesTherapy")), "study of ET019003")
    assert values(store, study, "celltx:hasPhase") == {D + "phase-1"}
    assert values(store, study, "celltx:year") == {"2023"}
    assert 11 in refs(store, study)


# 2.6.2 [11]: "首次输注后87.5%的复发 /难治性弥漫大B细胞淋巴瘤患者获得临床缓解, 3年OS率达75%"
def test_s2_6_2_ref11_responses(store):
    product = one(sorted(find(store, "ET019003", "CellTherapyProduct")), "ET019003")
    study = one(sorted(values(store, product, "^celltx:studiesTherapy")), "study of ET019003")
    response = one(outcomes_of(store, study, "clinical-response-rate"), "clinical response of ET019003")
    assert dec(response["proportion"]) == Decimal("0.875")
    os_rate = one(outcomes_of(store, study, "os-rate"), "OS rate of ET019003")
    assert dec(os_rate["proportion"]) == Decimal("0.75")
    assert dec(os_rate["timePoint"]) == Decimal("3") and os_rate["timePointUnit"] == UNIT + "YR"
    assert "diffuse large b-cell lymphoma" in condition_names(store, [study])


# 2.6.2 [91]: "美国开发出一款靶向CD70的同种异体γδCAR-T细胞产品 … 目前正在复发 /难治性透明细胞肾细胞癌中进行初步临床评估"
def test_s2_6_2_ref91_cd70_gamma_delta_car_t(store):
    therapies = therapies_of(store, 91)
    assert target_set(store, therapies, "cd70") == {"cd70"}
    assert all(C + "CARGammaDeltaTTherapy" in values(store, t, "a") and is_a(store, t, "AllogeneicCellTherapy") for t in therapies)
    assert "clear cell renal cell carcinoma" in condition_names(store, studies(store, 91))


# 2.6.2: "该细胞群体构成复杂、异质性强, 限制了其治疗应用的进展"
def test_s2_6_2_gamma_delta_heterogeneity_challenge(store):
    assert [c for c in quoted(store, "Challenge", "异质性强", "2.6.2") if CL + "0000798" in about_class(store, c)]


# ========================================================================================== 2.6.3 Treg

# 2.6.3: "Treg细胞治疗旨在抑制过度免疫反应 … 可应用于自身免疫性疾病、移植排斥、GvHD等疾病领域"
def test_s2_6_3_treg_applications(store):
    found = [f for f in at(store, "Finding", "2.6.3") if {D + "autoimmune-disease", disease(store, "GvHD")} <= about(store, f)]
    assert found and "transplant rejection" in labels_of_all(store, about(store, found[0]))


# 2.6.3 [93]: "基于CD4、CD25、CD127等表面标志物的磁珠或流式分选 , 并利用雷帕霉素抑制效应T细胞增殖"
def test_s2_6_3_ref93_treg_enrichment(store):
    strategy = one(sorted(citing(store, "Strategy", 93)), "strategy citing [93]")
    names = labels_of_all(store, about(store, strategy) | values(store, strategy, "celltx:combinedWith"))
    assert {"cd4", "cd25", "cd127", "rapamycin"} <= names


# 2.6.3 [10]: "美国Sonoma公司开发出一种基于慢病毒载体的CAR-Treg生产技术, 使CAR-Treg细胞在14天扩增期内显示出良好的增长趋势"
def test_s2_6_3_ref10_sonoma_lentiviral_car_treg(store):
    therapies = citing(store, "CellTherapy", 10, "2.6.3")
    assert therapies and all(C + "CARTregTherapy" in values(store, t, "a") for t in therapies)
    assert "lentiviral vector" in labels_of_all(store, {m for t in therapies for m in values(store, t, "celltx:deliveredBy")})
    assert any("sonoma" in n for n in labels_of_all(store, {d for t in therapies for d in values(store, t, "celltx:developedBy")}))
    assert any("14" in q for s in citing(store, "Study", 10, "2.6.3") for q in quotes(store, s))


# 2.6.3 [94]: "法国研究团队则构建了髓鞘少突胶质细胞糖蛋白特异性CAR-Treg细胞, 其在多发性硬化小鼠模型中展示出疗效"
def test_s2_6_3_ref94_mog_car_treg(store):
    therapies = therapies_of(store, 94)
    assert "myelin oligodendrocyte glycoprotein" in targets(store, therapies)
    assert all(C + "CARTregTherapy" in values(store, t, "a") for t in therapies)
    assert "multiple sclerosis" in condition_names(store, studies(store, 94))
    assert all(is_a(store, s, "PreclinicalStudy") for s in studies(store, 94))


# 2.6.3: "由于循环Treg比例较低 , 需在采集后进行大量扩增" ; "通过CRISPR/Cas9等基因编辑技术或细胞因子诱导, 将CD4+ T细胞转化为Treg细胞"
def test_s2_6_3_low_treg_frequency_strategies(store):
    strategies = {s for s in at(store, "Strategy", "2.6.3")
                  if values(store, s, "celltx:addresses") & quoted(store, "Challenge", "循环Treg比例较低")}
    assert any("crispr/cas9" in labels_of_all(store, about(store, s)) for s in strategies)
    assert len(strategies) >= 2


# 2.6.3: "该疗法整体仍处于早期研发阶段 , 尚未进入临床应用"
def test_s2_6_3_treg_therapy_not_yet_in_clinic(store):
    assert [c for c in quoted(store, "Challenge", "尚未进入临床应用", "2.6.3") if CL + "0000815" in about_class(store, c)]


# 2.6.3: "并通过基因工程等手段提升其特异性、稳定性与体内持久性"
def test_s2_6_3_genetic_engineering_for_specificity_stability_persistence(store):
    assert strategies_addressing(store, "稳定性与体内持久性", "基因工程", locator="2.6.3")


# 2.6.3 [92]: "Treg的总产量还与患者疾病状态及外周血中Treg的数量密切相关 [92]"
def test_s2_6_3_ref92_treg_yield(store):
    assert citing(store, "Challenge", 92, "2.6.3") or citing(store, "Finding", 92, "2.6.3")


# ===================================================================================== 2.6.4 CAR-neutrophils

# 2.6.4 [95]: "在小鼠模型中成功实现由诱导多能干细胞分化生成靶向胶质母细胞瘤的CAR-中性粒细胞 , 并以此作为药物递送载体 , 将替拉帕胺等抗肿瘤药物纳米颗粒递送至…深部脑肿瘤部位"
def test_s2_6_4_ref95_car_neutrophil(store):
    therapies = therapies_of(store, 95)
    assert therapies and all(C + "CARNeutrophilTherapy" in values(store, t, "a") for t in therapies)
    sources = {s for t in therapies for s in values(store, t, "celltx:hasEffectorCell/celltx:cellSourcedFrom")}
    assert any(is_a(store, s, "InducedPluripotentStemCell") for s in sources)
    assert "tirapazamine" in drug_names(store, therapies | studies(store, 95), "celltx:combinedWith")


def test_s2_6_4_ref95_glioblastoma_mouse_model(store):
    study = one(sorted(studies(store, 95)), "study citing [95]")
    assert is_a(store, study, "PreclinicalStudy")
    assert "glioblastoma" in condition_names(store, [study])


# 2.6.4: "未来该治疗手段与手术及放疗联合应用有望进一步提高疗效"
def test_s2_6_4_combination_with_surgery_and_radiotherapy(store):
    assert [s for s in quoted(store, "Strategy", "与手术及放疗联合应用", "2.6.4") if C + "CARNeutrophilTherapy" in about_class(store, s)]


# 2.6.4: "中性粒细胞作为天然免疫系统的重要组成部分 , 具有强大的趋化能力和肿瘤浸润能力"
def test_s2_6_4_neutrophil_properties(store):
    assert [f for f in quoted(store, "Finding", "趋化能力和肿瘤浸润能力", "2.6.4") if CL + "0000775" in about_class(store, f)]


# ========================================================================================== 3 outlook

# 3: challenges of section 3 and the strategies the review gives for each
SECTION_3 = [
    # (challenge phrase, strategy phrase)
    ("靶点识别", "多组学技术和人工智能"),                      # 3: new antigens from multi-omics and AI
    ("降低脱靶毒性", "逻辑门控"),                              # 3: logic gating for dual/multi-target designs
    ("细胞浸润", "趋化因子受体"),                              # 3: chemokine receptors or endogenous signals
    ("细胞浸润", "局部递送技术"),                              # 3: local delivery and new carriers
    ("免疫抑制", "装甲型"),                                    # 3 [101]: cytokine-secreting "armoured" cells
    ("免疫抑制", "重复刺激"),                                  # 3: repeated stimulation against dysfunction
    ("免疫抑制", "免疫调节药物"),                              # 3: immunomodulatory drugs
    ("免疫抑制", "可降解物理屏障的酶"),                        # 3: barrier-degrading enzymes
    ("响应率低", "代谢途径"),                                  # 3 [102-103]: metabolic regulation (AML, CLL)
    ("响应率低", "表观遗传学调控或信号通路抑制剂"),            # 3: epigenetic or pathway inhibitors
    ("免疫排斥、存活时间短以及基因编辑安全性", "碱基编辑"),    # 3: CRISPR/Cas and base editing for UCAR-T
    ("降低成本", "iPSC技术"),                                  # 3: iPSC off-the-shelf products
    ("周期长、质控复杂", "自动化封闭式生产系统"),              # 3: automated closed manufacturing
    ("周期长、质控复杂", "非病毒载体技术"),                    # 3: non-viral vectors
    ("产业链与制度体系", "多元支付"),                          # 3: multi-payer access models
    ("产业链与制度体系", "真实世界数据"),                      # 3: real-world data, unified registry
    ("产业链与制度体系", "稳健的供应链与质控体系"),            # 3: supply chain and quality control
    ("免疫抑制", "重塑免疫微环境、激活固有免疫细胞"),          # 3: remodel microenvironment, activate innate cells
    ("响应率低", "延缓终末分化和耗竭"),                        # 3: delay terminal differentiation and exhaustion
    ("周期长、质控复杂", "优化病毒载体转导效率"),              # 3: viral transduction efficiency
]


@pytest.mark.parametrize("challenge, strategy", SECTION_3, ids=[f"{c}->{s}" for c, s in SECTION_3])
def test_s3_strategy_addresses_challenge(store, challenge, strategy):
    assert strategies_addressing(store, challenge, strategy, locator="3"), \
        f"no section 3 strategy quoting {strategy!r} addresses a challenge quoting {challenge!r}"


# 3 [101]: the "armoured" cell strategy cites reference 101
def test_s3_ref101_armoured_cells(store):
    found = quoted(store, "Strategy", "装甲型", "3")
    assert found and any(101 in refs(store, s) for s in found)


# 3 [97]: "相较于CD8+ CAR-T细胞, CD4+ CAR-T细胞耗竭速度较慢, 且其分化表型偏向Th1亚型 [97]"
def test_s3_ref97_cd4_car_t_exhaust_slower(store):
    classes = about_class_all(store, citing(store, "Finding", 97, "3"))
    assert {CL + "0000624", CL + "0000625", CL + "0000545"} <= classes


# 3 [98]: "在对获得长达十年持续缓解的白血病患者的分析中发现, 其体内CD4+ CAR-T细胞仍保持持续增殖能力"
def test_s3_ref98_decade_long_remission(store):
    row = one(outcomes(store, 98, "response-duration"), "remission duration of ref 98")
    assert dec(row["duration"]) == Decimal("10") and row["durationUnit"] == UNIT + "YR"
    assert "leukemia" in condition_names(store, studies(store, 98)) or "leukaemia" in condition_names(store, studies(store, 98))


# 3 [99, 100]: "将T细胞诱导分化为辅助性T细胞后再进行工程化改造的策略 [99], 旨在利用Th1细胞分泌的 IFN-γ等细胞因子…[100]"
def test_s3_ref99_helper_t_strategy(store):
    found = [s for s in citing(store, "Strategy", 99, "3") if 100 in refs(store, s)]
    s = one(found, "strategy citing [99] and [100]")
    assert "ifn-γ" in labels_of_all(store, about(store, s))


# 3 [96]: "CAR结构与T细胞原本表面存在的TCR结构存在功能串扰 , 利用好这种天然性串扰可以设计更为精确的免疫细胞疗法 [96]"
def test_s3_ref96_car_tcr_crosstalk(store):
    assert citing(store, "Finding", 96, "3") and citing(store, "Strategy", 96, "3")


# 3: "体内制备的in vivo CAR-T尚未实现临床转化"
def test_s3_in_vivo_car_t_not_yet_translated(store):
    assert [c for c in quoted(store, "Challenge", "尚未实现临床转化", "3") if C + "InVivoCARTTherapy" in about_class(store, c)]


# 3: "尽管CAR-T细胞等在ALL、MM和B细胞淋巴瘤中表现出突破性疗效 , 但其在AML和CLL等疾病中仍存在响应率低…"
def test_s3_breakthrough_and_limits_by_disease(store):
    breakthrough = quoted(store, "Finding", "在ALL、MM和B细胞淋巴瘤中表现出突破性疗效", "3")
    assert any({disease(store, "ALL"), D + "multiple-myeloma"} <= about(store, f) for f in breakthrough)
    limited = quoted(store, "Challenge", "响应率低", "3")
    assert any({disease(store, "AML"), disease(store, "CLL")} <= about(store, c) for c in limited)


# 3: UCAR-T "其应用受到免疫排斥、存活时间短以及基因编辑安全性等问题的限制"; gene-editing tools named: CRISPR/Cas and base editing
def test_s3_gene_editing_tools_for_allogeneic_cells(store):
    strategies = strategies_addressing(store, "免疫排斥、存活时间短以及基因编辑安全性", "碱基编辑", locator="3")
    names = labels_of_all(store, about_all(store, strategies))
    assert {"crispr/cas9", "base editing"} <= names


# 3: "作为肿瘤治疗领域的重要突破 , 尤其在血液肿瘤中展现出显著疗效 , 免疫细胞治疗是当前细胞治疗领域的热点和前沿方向"
def test_s3_breakthrough_especially_in_haematological_tumours(store):
    assert [f for f in quoted(store, "Finding", "尤其在血液肿瘤中展现出显著疗效", "3")
            if D + "haematological-malignancy" in about(store, f)]


# 3: "目前针对血液肿瘤的胞外靶点明确但种类较少 , 而针对实体瘤的肿瘤特异性抗原更是亟待挖掘"
@pytest.mark.parametrize("phrase, group", [("胞外靶点明确但种类较少", "haematological-malignancy"),
                                           ("肿瘤特异性抗原更是亟待挖掘", "solid-tumour")])
def test_s3_target_identification_by_tumour_group(store, phrase, group):
    assert [c for c in quoted(store, "Challenge", phrase, "3") if D + group in about(store, c)]


# 3: "也有望为自身免疫病治疗提供新范式 , 例如通过精确调控免疫细胞活性和靶向路径, 重建自身免疫耐受"
def test_s3_rebuild_autoimmune_tolerance(store):
    assert [s for s in quoted(store, "Strategy", "重建自身免疫耐受", "3") if D + "autoimmune-disease" in about(store, s)]


# 3: "目前所用的CAR-T已通过整合4-1BB等共刺激信号和细胞因子, 显著增强了T细胞本身的活化、增殖与持久性"
def test_s3_costimulation_and_cytokines_in_current_car_t(store):
    found = quoted(store, "Strategy", "整合4-1BB等共刺激信号和细胞因子", "3")
    assert [s for s in found if "4-1bb costimulatory domain" in labels_of_all(store, about(store, s))]


# Evidence quotes carry the numbers as the review prints them, on the outcome's own evidence, citing its reference
EVIDENCE = [
    (29, "cr-rate", "90%"),                       # 2.1.1 [29]
    (41, "os-rate", "84%"),                       # 2.1.1 [41]
    (41, "os-rate", "65.2%"),                     # 2.1.1 [41]
    (41, "crs-incidence", "52%"),                 # 2.1.1 [41]
    (42, "cr-rate", "83.3%"),                     # 2.1.1 [42]
    (42, "mrd-negativity", "60%"),                # 2.1.1 [42]
    (46, "orr", "63%"),                           # 2.1.2 [46]
    (46, "car-t-persistence", "96%"),             # 2.1.2 [46]
    (46, "os-rate", "60%"),                       # 2.1.2 [46]
    (46, "efs-rate", "36%"),                      # 2.1.2 [46]
    (47, "median-os", "17.6个月"),                # 2.1.2 [47]
    (47, "median-os", "31.96个月"),               # 2.1.2 [47]
    (49, "median-os", "23.9个月"),                # 2.1.2 [49]
    (51, "b-cell-reconstitution-time", "18个月"),  # 2.1.3 [51]
    (60, "complete-response-count", "两例"),      # 2.1.4 [60]
    (64, "response-duration", "6个月"),           # 2.2 [64]
    (71, "response-duration", "22个月"),          # 2.3 [71]
    (77, "objective-response-count", "5例"),      # 2.4 [77]
    (77, "crs-incidence", "2级CRS"),              # 2.4 [77]
    (11, "clinical-response-rate", "87.5%"),      # 2.6.2 [11]
    (11, "os-rate", "75%"),                       # 2.6.2 [11]
    (98, "response-duration", "十年"),            # 3 [98]
]


@pytest.mark.parametrize("ref, measure, printed", EVIDENCE, ids=[f"{r}-{m}-{p}" for r, m, p in EVIDENCE])
def test_outcome_evidence_quotes_the_number(store, ref, measure, printed):
    rows = [r for r in outcomes(store, ref, measure)
            if any(_compact(printed) in q for q in quotes(store, r["outcome"])) and ref in refs(store, r["outcome"])]
    assert rows, f"no {measure} outcome of [{ref}] whose own evidence cites [{ref}] and quotes {printed!r}"
