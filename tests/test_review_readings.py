"""Readings of the review that earlier versions of the graph got wrong or left as free text.

Each expected value is typed from the review (the comment quotes it); none is copied from query output.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import select

D = "https://w3id.org/celltx/id/"
C = "https://w3id.org/celltx/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def one_col(rows, name="v"):
    return {r[name] for r in rows}


def labels(store, node, lang):
    return one_col(select(store, f'SELECT ?v WHERE {{ <{D}{node}> rdfs:label ?v FILTER(lang(?v) = "{lang}") }}'))


# ------------------------------------------------------------------ labels as the review writes them

def test_chinese_labels_the_review_prints(store):
    # 2.2: "黑色素瘤相关抗原 (melanoma-associated antigen, MAGE)蛋白家族" – the family, not the antigen
    assert labels(store, "mage-protein-family", "zh") == {"黑色素瘤相关抗原蛋白家族"}
    # 1: "1985年ROSEN-BERG团队[1]" (a word the PDF broke at a line end), like the other teams
    assert labels(store, "rosenberg-team", "zh") == {"ROSENBERG团队"}
    # 2.2: "人类免疫缺陷病毒 (human immunodeficiency virus, HIV)", "Epstein-Barr病毒(Epstein-Barr virus, EBV)"
    assert labels(store, "hiv-infection", "zh") == {"人类免疫缺陷病毒"}
    assert labels(store, "ebv-infection", "zh") == {"Epstein-Barr病毒"}
    # Table 2 "B-cell lymphoma" / 3 "B细胞淋巴瘤" is not "B-cell non-Hodgkin lymphoma": a synonym, not the label
    assert labels(store, "b-nhl", "zh") == set()
    # no coined Chinese names: the review never writes "完全缓解例数", and "TIR" is not Chinese
    assert labels(store, "complete-response-count", "zh") == {"完全缓解"}  # 2.1.4: "其中两例实现完全缓解"
    assert labels(store, "tir-domain", "zh") == set()


def test_the_review_node_carries_its_keywords_and_no_invented_title(store):
    # Keywords: "immune cell therapy; chimeric antigen receptor T cell; malignancy; autoimmune diseases"
    rows = select(store, "SELECT ?v WHERE { celltxd:review dcterms:subject ?v }")
    assert one_col(rows) == {"immune cell therapy", "chimeric antigen receptor T cell", "malignancy", "autoimmune diseases"}
    # the text has no title; the Chinese label is the abstract's own words: "该文系统综述了免疫细胞治疗的国内外最新研究进展"
    assert labels(store, "review", "zh") == {"免疫细胞治疗的国内外最新研究进展"}


# ------------------------------------------------------------------ facts beyond or against the review

def test_identifiers_and_nodes_the_review_does_not_support(store):
    # IL-12 is a heterodimer; each UniProt entry is one chain: a close match, not an exact one
    rows = select(store, "SELECT ?p WHERE { celltxd:il-12 ?p ?o FILTER(STRSTARTS(STR(?o), 'http://purl.uniprot.org/')) }")
    assert one_col(rows, "p") == {SKOS + "closeMatch"}
    # 2.2 names only "宫颈癌相关的HPV16特异性TCR": no E6/E7 nodes, one HPV16 antigen targeted by that TCR-T
    assert select(store, "SELECT ?x WHERE { ?x ?p ?o FILTER(CONTAINS(STR(?x), 'hpv16-e')) }") == []
    rows = select(store, "SELECT ?t WHERE { ?t celltx:targetsAntigen celltxd:hpv16 ; a celltx:TCRTTherapy }")
    assert one_col(rows, "t") == {D + "therapy-ref68-hpv16-tcr-t"}
    # 2.2: "粘黏液样圆细胞脂肪肉瘤" is one disease
    assert select(store, "SELECT ?x WHERE { ?x ?p ?o FILTER(CONTAINS(STR(?x), 'round-cell-liposarcoma')) }") == []


def test_ref41_regimen_links_both_arms_and_types_the_interval(store):
    # 2.1.1 [41]: "序贯输注CD19 CAR-T和CD22 CAR-T(中位间隔2.7个月)"
    rows = select(store, "SELECT ?c WHERE { celltxd:therapy-ref41-sequential-cd19-cd22-car-t celltx:regimenComponent ?c }")
    assert one_col(rows, "c") == {D + "therapy-ref41-cd19-car-t", D + "therapy-ref41-cd22-car-t"}
    rows = select(store, """SELECT ?v ?u ?q WHERE { celltxd:therapy-ref41-sequential-cd19-cd22-car-t
        celltx:intervalValue ?v ; celltx:intervalUnit ?u ; celltx:valueQualifier ?q }""")
    assert [(Decimal(r["v"]), r["u"], r["q"]) for r in rows] == [(Decimal("2.7"), "http://qudt.org/vocab/unit/MO", "median")]


def test_studies_use_the_reviews_own_disease_terms(store):
    # 2.2 [63] "HBV相关肝细胞癌"; 2.1.2 NCT04020575 "转移性乳腺癌"; 2.3 [71] "难治性转移性乳腺癌"; 2.5 [86] "糖尿病相关伤口"
    expected = {"study-ref63": "hbv-related-hcc", "study-nct04020575": "metastatic-breast-cancer",
                "study-ref71": "metastatic-breast-cancer", "study-ref86": "diabetic-wound"}
    for study, disease in expected.items():
        rows = select(store, f"SELECT ?d WHERE {{ celltxd:{study} celltx:studiesCondition ?d }}")
        assert one_col(rows, "d") == {D + disease}, study
    # 2.1.4 CTD402: "复发/难治性急性T淋巴细胞白血病 /淋巴细胞淋巴瘤": the combined entity and the review's own
    # term for its leukaemia part
    rows = select(store, "SELECT ?d WHERE { celltxd:study-ctd402-eha-2025 celltx:studiesCondition ?d }")
    assert one_col(rows, "d") == {D + "t-all-lbl", D + "t-all"}


# ------------------------------------------------------------------ contradictions and the curator's readings

def test_the_reviews_self_contradictions_are_flagged_both_ways(store):
    rows = select(store, """SELECT ?a ?b WHERE { ?a celltx:contradicts ?b .
        ?a celltx:ambiguityNote ?n . FILTER(STRSTARTS(?n, "Self-contradiction in the review")) }""")
    pairs = {(r["a"].rsplit("/", 1)[1], r["b"].rsplit("/", 1)[1]) for r in rows}
    # Table 1 CIK "high-dose IL-2" vs section 1 "降低IL-2用量"; Table 1 TIL "Still in the initial development stage"
    # vs 2.3 "全球首款正式上市的TIL细胞疗法产品"; 3 "in vivo CAR-T尚未实现临床转化" vs 2.1.4 [60]
    expected = {("table1-cik", "finding-cik-ifn-gamma-anti-cd3-culture"),
                ("table1-til", "milestone-lifileucel-first-marketed-til"),
                ("challenge-in-vivo-car-t-not-clinically-translated",
                 "milestone-2025-first-in-vivo-car-t-clinical-report-china")}
    for a, b in expected:
        assert (a, b) in pairs and (b, a) in pairs, (a, b)


def test_antigen_classes_beyond_the_text_are_marked_as_the_curators(store):
    rows = select(store, """SELECT ?s ?o WHERE { ?ax owl:annotatedSource ?s ; owl:annotatedProperty rdf:type ;
        owl:annotatedTarget ?o ; celltx:curatorInference ?why . ?s a ?o }""")
    marked = {(r["s"].rsplit("/", 1)[1], r["o"].rsplit("/", 1)[1]) for r in rows}
    # 2.2 lists "MAGE蛋白家族、PRAME等过表达抗原" and explains TSA, but never classes these antigens itself
    assert marked == {("wt1", "OverexpressedAntigen"), ("mage-a1", "OverexpressedAntigen"),
                      ("mage-a4", "OverexpressedAntigen"), ("kras", "Neoantigen"), ("hbsag", "TumourSpecificAntigen"),
                      ("ebv-lmp2", "TumourSpecificAntigen"), ("hpv16", "TumourSpecificAntigen")}
    # the review's own class statements are not marked: PRAME and the MAGE family are "过表达抗原"
    for antigen in ("prame", "mage-protein-family"):
        assert antigen not in {s for s, _ in marked}


# ------------------------------------------------------------------ properties instead of free text

def test_filterable_properties(store):
    def objects(s, p):
        return one_col(select(store, f"SELECT ?v WHERE {{ celltxd:{s} celltx:{p} ?v }}"))

    # 2.1.2 [47] "采用脑室内输注CAR-T"; [49] "胸腔内注射靶向间皮素的CAR-T细胞"
    assert objects("study-ref47", "administrationRoute") == {D + "route-intraventricular-infusion"}
    assert objects("study-ref49", "administrationRoute") == {D + "route-intrapleural-injection"}
    # 2.1.3 [52] "SCHETT团队[52]在新英格兰杂志发表"; 2.1.4 [58] "EPSTEIN教授团队[58] 在Science发表"
    assert objects("study-ref52", "publishedIn") == {D + "journal-nejm"}
    assert objects("study-ref58", "publishedIn") == {D + "journal-science"}
    # 2.1.3 [51] "两例AChR-IgG和MuSk-IgG阳性重症肌无力患者"
    assert objects("study-ref51", "patientsPositiveFor") == {D + "achr-igg", D + "musk-igg"}
    # 2.4 [78] "靶向CD33的CAR-NK细胞…展现出与CD33 CAR-T相当的抗肿瘤活性"
    comparators = objects("study-ref78", "comparator")
    assert len(comparators) == 1
    rows = select(store, f"SELECT ?a WHERE {{ <{comparators.pop()}> a celltx:CARTTherapy ; celltx:targetsAntigen ?a }}")
    assert one_col(rows, "a") == {D + "cd33"}
    # 2.4 [81] "转导脐带血来源的NK细胞": the NK cells are sourced from cord blood
    rows = select(store, """SELECT ?t WHERE { ?t celltx:hasEffectorCell/celltx:cellSourcedFrom/a celltx:CordBloodCell }""")
    assert D + "therapy-ref81-cord-blood-cd19-car-nk" in one_col(rows, "t")


def test_durations_are_typed(store):
    # 2.1.1 [35] "在两年的长期随访中"; 2.6.3 [10] "CAR-Treg细胞在14天扩增期内"
    rows = select(store, "SELECT ?v ?u WHERE { celltxd:study-ref35 celltx:followUpDuration ?v ; celltx:followUpUnit ?u }")
    assert [(Decimal(r["v"]), r["u"]) for r in rows] == [(Decimal(2), "http://qudt.org/vocab/unit/YR")]
    rows = select(store, "SELECT ?v ?u WHERE { celltxd:study-ref10 celltx:expansionPeriodValue ?v ; celltx:expansionPeriodUnit ?u }")
    assert [(Decimal(r["v"]), r["u"]) for r in rows] == [(Decimal(14), "http://qudt.org/vocab/unit/DAY")]


def test_table1_types_column_as_printed(store):
    # Table 1, Types column: "Non-specific immune cell therapy" (LAK, CIK, NK, DC) and "Antigen-specific immune cell
    # therapy" (TIL … CAR-γδT)
    rows = select(store, "SELECT ?row ?t WHERE { ?p celltx:tableRow ?row ; celltx:typesText ?t ; a celltx:TherapyTypeProfile } ORDER BY ?row")
    assert [r["t"] for r in rows] == ["Non-specific immune cell therapy"] * 4 + ["Antigen-specific immune cell therapy"] * 7


def test_firsts_are_the_ones_the_review_calls_first(store):
    # 2.1.1 "全球两个首发CAR-T产品: …Kymriah…和Yescarta"; Fig.1 "FDA approval of the first BCMA CAR-T" (2021),
    # "NMPA approval of the first CD19 CAR-T in China" (2021; section 1 "我国首个CAR-T产品阿基仑赛注射液"),
    # "NMPA approval of the first BCMA CAR-T in China" (2023); 2.2 "首款用于实体瘤的TCR-T细胞疗法Tecelra"
    rows = select(store, "SELECT ?a WHERE { ?a celltx:firstOfItsKind true }")
    assert {r["a"].rsplit("/", 1)[1] for r in rows} == {
        "approval-kymriah-fda-2017", "approval-yescarta-fda-2017", "approval-abecma-fda-2021",
        "approval-yescarta-nmpa-2021", "approval-equecabtagene-autoleucel-nmpa-2023", "approval-tecelra-fda-2024"}
    # and each such approval quotes a sentence that says so
    for r in rows:
        quotes = {q["q"] for q in select(store, f"SELECT ?q WHERE {{ <{r['a']}> celltx:hasEvidence/celltx:quote ?q }}")}
        assert any("首" in q or "first" in q for q in quotes), r["a"]
