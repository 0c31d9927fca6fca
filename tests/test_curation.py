"""Tabular curation (templates, TSV/CSV → RDF), registered sources with quote checks, and what a
new file changes.

The rows below restate facts the curated Turtle files hold (written by hand from the review);
each conversion must give exactly the hand-written triples (compared as RDF graphs). Tests that
add work in a fresh data root (--data), never in ontology/facts/.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from celltx_kg.curate.columns import EVIDENCE, KINDS
from celltx_kg.namespaces import CELLTXD
from conftest import ROOT

FACTS = ROOT / "ontology" / "facts"
CJK = re.compile("[\u4e00-\u9fff]")
DOCS = ROOT / "docs" / "curation.md"

# ---------------------------------------------------------------- rows restating hand-written facts

KYMRIAH_NOTE = ("Public records: the 2017-08-30 FDA approval covered paediatric and young-adult relapsed/refractory "
                "B-ALL only; the lymphoma (DLBCL) indication followed in May 2018.")
TABLE2_QUOTE = "Kymriah Novartis B-ALL/B-cell lymphoma CD19 2017 FDA"
FIRST_PRODUCTS_QUOTE = ("2017年美国FDA(Food and Drug Administration)批准全球两个首发CAR-T产品: 靶向CD19的Kymriah"
                        "(采用4-1BB共刺激域)和Yescarta(采用CD28共刺激域)")

ROWS = {
    # (kind, fact file holding the hand-written node, node): rows as a curator fills them in
    ("approval", "table2.ttl", "approval-kymriah-fda-2017"): [{
        "approval_id": "approval-kymriah-fda-2017", "label_en": "Kymriah, FDA 2017", "product": "kymriah",
        "agency": "fda", "year": "2017", "indication": "b-all; b-nhl", "indication_text": "B-ALL/B-cell lymphoma",
        "product_name_en": "Kymriah", "listed_developer": "novartis", "first_of_its_kind": "true", "table_row": "1",
        "real_world_note": "The review's Table 2 lists B-ALL and B-cell lymphoma for the 2017 FDA approval; public "
                           "records give B-ALL only in 2017 and DLBCL in 2018.",
        "locator": "Table 2", "quote": TABLE2_QUOTE}],
    ("product", "table2.ttl", "kymriah"): [
        {"product_id": "kymriah", "label_en": "Kymriah", "inn": "tisagenlecleucel",
         "exact_match": "NCIT:C102758; MESH:C000626284", "effector_cell": "CL:0000084",
         "receptor_type": "SecondGenerationCAR", "receptor_antigen": "cd19", "costimulatory_domain": "4-1bb-domain",
         "target": "cd19", "developer": "novartis", "indication": "b-all; b-nhl", "real_world_note": KYMRIAH_NOTE,
         "source": "review", "locator": "Table 2", "quote": TABLE2_QUOTE},
        {"product_id": "kymriah", "locator": "2.1.1", "quote": FIRST_PRODUCTS_QUOTE}],
    ("study", "s2-1-1-haematological.ttl", "study-ref40"): [{
        "study_id": "study-ref40", "label_en": "Phase II co-infusion of BCMA and CD19 CAR-T in multiple myeloma (ref 40)",
        "type": "ClinicalTrial", "phase": "phase-2",
        "therapy": "therapy-ref40-bcma-cd19-car-t-co-infusion; therapy-ref40-bcma-car-t; therapy-ref40-cd19-car-t",
        "condition": "multiple-myeloma", "enrolled": "62", "population": "62 patients with multiple myeloma",
        "design": "BCMA CAR-T and CD19 CAR-T co-infused", "median_follow_up": "21.3", "follow_up_unit": "MO",
        "locator": "2.1.1", "references": "40",
        "quote": "一项Ⅱ期试验对62例MM患者联合输注BCMA CAR-T与CD19 CAR-T, 中位随访21.3个月时"}],
    ("outcome", "s2-1-1-haematological.ttl", "outcome-ref40-mrd-negativity"): [{
        "outcome_id": "outcome-ref40-mrd-negativity",
        "label_en": "MRD negativity 77% at median follow-up 21.3 months (ref 40)", "study": "study-ref40",
        "measure": "mrd-negativity", "therapy": "therapy-ref40-bcma-cd19-car-t-co-infusion", "proportion": "0.77",
        "time_point": "21.3", "time_point_unit": "MO", "value_text": "77%", "locator": "2.1.1", "references": "[40]",
        "quote": "中位随访21.3个月时 , 77%患者维持微小残留病 (minimal residual disease, MRD)阴性"}],
    ("milestone", "s1-history.ttl", "milestone-1986-til-superior-to-lak"): [{
        "milestone_id": "milestone-1986-til-superior-to-lak",
        "label_en": "1986: IL-2-expanded TIL found superior to LAK cells (ROSENBERG team)",
        "statement_en": "In 1986 the ROSENBERG team further found that tumour-infiltrating lymphocytes (TIL) expanded "
                        "with IL-2 had a significantly better antitumour effect than LAK cells.",
        "statement_zh": "1986年，ROSENBERG团队进一步发现经IL-2扩增的TIL抗肿瘤效果显著优于LAK细胞。",
        "year": "1986", "achieved_by": "rosenberg-team",
        "about_class": "TILTherapy; TumourInfiltratingLymphocyte; LAKTherapy", "about": "il-2",
        "locator": "1", "references": "12", "quote": "1986 年 , 该团队进一步发现经 IL-2扩增的TIL抗肿瘤效果显著优于LAK细胞 [12]"}],
}


def hand_written(file: str, node: str) -> Graph:
    """The node's triples in the curated file, with the blank nodes it holds."""
    source = Graph().parse(FACTS / file, format="turtle")
    out, todo = Graph(), [URIRef(CELLTXD + node)]
    while todo:
        current = todo.pop()
        for p, o in source.predicate_objects(current):
            out.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    assert len(out) > 5, f"{node} not found in {file}"
    return out


def write_table(path: Path, kind: str, rows: list[dict], delimiter: str = "\t") -> Path:
    columns = [c.name for c in KINDS[kind].all_columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def assert_same(got: Graph, expected: Graph) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail("conversion differs from the hand-written Turtle\nonly in the table:\n"
                    f"{only_got.serialize(format='nt')}\nonly in the Turtle:\n{only_expected.serialize(format='nt')}")


# ---------------------------------------------------------------- templates


def test_every_kind_the_issue_names_has_a_template():
    assert {"approval", "product", "study", "outcome", "finding", "milestone", "challenge", "strategy"} <= set(KINDS)


@pytest.mark.parametrize("fmt,delimiter", [("tsv", "\t"), ("csv", ",")])
def test_template_is_the_header_row(cli, fmt, delimiter):
    result = cli("template", "outcome", "--format", fmt)
    assert result.returncode == 0, result.stderr
    (header,) = list(csv.reader(result.stdout.splitlines(), delimiter=delimiter))
    assert header[0] == "outcome_id"
    assert header[-4:] == ["source", "locator", "references", "quote"], "evidence columns close every template"
    assert {"study", "measure", "proportion", "time_point", "value_text"} <= set(header)


def test_template_describe_and_unknown_kind(cli):
    result = cli("template", "approval", "--describe")
    assert result.returncode == 0 and "agency (required, iri)" in result.stdout
    bad = cli("template", "aproval")
    assert bad.returncode == 2 and bad.stderr.startswith("celltx-kg: error: unknown kind 'aproval'")
    assert "approval" in bad.stderr.splitlines()[0]


def test_docs_document_every_column():
    from celltx_kg.curate.table import columns_markdown

    assert columns_markdown() in DOCS.read_text(encoding="utf-8"), \
        "docs/curation.md is out of date: paste celltx_kg.curate.table.columns_markdown() into it"


# ---------------------------------------------------------------- rows → the hand-written RDF


@pytest.mark.parametrize("key", sorted(ROWS), ids=lambda k: k[0] if isinstance(k, tuple) else str(k))
def test_rows_give_the_same_rdf_as_the_hand_written_turtle(tmp_path, key):
    from celltx_kg.curate.table import read_table

    kind, file, node = key
    graph, _ = read_table(write_table(tmp_path / f"{kind}.tsv", kind, ROWS[key]))
    assert_same(graph, hand_written(file, node))


def test_csv_reads_like_tsv(tmp_path):
    from celltx_kg.curate.table import read_table

    key = ("product", "table2.ttl", "kymriah")
    graph, _ = read_table(write_table(tmp_path / "products.csv", "product", ROWS[key], delimiter=","))
    assert_same(graph, hand_written("table2.ttl", "kymriah"))


def test_spreadsheet_exports_read_the_same(tmp_path):
    """Semicolon-separated "CSV" and empty trailing columns, as spreadsheet programs write them."""
    from celltx_kg.curate.table import read_table

    key = ("approval", "table2.ttl", "approval-kymriah-fda-2017")
    plain = write_table(tmp_path / "approvals.tsv", "approval", ROWS[key])
    lines = plain.read_text(encoding="utf-8").splitlines()
    padded = tmp_path / "padded.tsv"
    padded.write_text("".join(line + "\t\t\n" for line in lines), encoding="utf-8")
    semicolons = write_table(tmp_path / "approvals.csv", "approval", ROWS[key], delimiter=";")
    expected = hand_written("table2.ttl", "approval-kymriah-fda-2017")
    for path in (padded, semicolons):
        assert_same(read_table(path)[0], expected)


def test_a_table_of_existing_facts_conforms_and_changes_nothing(cli, tmp_path):
    key = ("approval", "table2.ttl", "approval-kymriah-fda-2017")
    path = write_table(tmp_path / "approvals.tsv", "approval", ROWS[key])
    result = cli("validate", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Changes: 0 new triples, 0 new entities" in result.stdout


# ---------------------------------------------------------------- errors name the row and the column


def test_shape_violations_name_row_and_column_in_english_and_chinese(cli, tmp_path):
    path = write_table(tmp_path / "approvals.tsv", "approval", [
        {"approval_id": "approval-test-a", "label_en": "Test approval A", "product": "kymriah", "agency": "fda; nmpa",
         "year": "2017", "indication": "b-all", "locator": "Table 2", "quote": TABLE2_QUOTE},
        {"approval_id": "approval-test-b", "label_en": "Test approval B", "product": "kymriah", "agency": "fda",
         "year": "2050", "indication": "b-all", "locator": "2.1.1", "quote": "这句话不在综述里"}])
    result = cli("validate", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()

    def line(where: str) -> str:
        found = [x for x in lines if x.startswith(f"{path}, {where}: ")]
        assert found, f"no result for {where} in:\n{result.stdout}"
        assert " / " in found[0] and CJK.search(found[0]), "English / Chinese message"
        return found[0]

    assert "exactly one regulatory agency" in line("row 2, column agency")
    assert "1990 and 2030" in line("row 3, column year")
    assert "does not occur in the text of its source" in line("row 3, column quote")
    assert not [x for x in lines if x.startswith(f"{path}, row 2, column quote")], "row 2 quotes Table 2 verbatim"


def test_results_about_held_nodes_name_their_columns(cli, tmp_path):
    """A receptor is a blank node the product holds: its results name the receptor columns."""
    product = {"label_en": "Test product", "effector_cell": "CL:0000084", "receptor_type": "SecondGenerationCAR",
               "developer": "novartis", "locator": "Table 2", "quote": TABLE2_QUOTE}
    path = write_table(tmp_path / "products.tsv", "product", [
        {**product, "product_id": "product-test-a", "receptor_antigen": "bcma", "target": "cd19"},
        {**product, "product_id": "product-test-b", "receptor_type": "NoSuchCAR", "receptor_antigen": "cd19",
         "target": "cd19"}])
    result = cli("validate", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    places = {line.split(": ")[0] for line in result.stdout.splitlines() if line.startswith(str(path))}
    assert places == {f"{path}, row 2, column target", f"{path}, row 3, column receptor_type",
                      f"{path}, row 3, column receptor_antigen"}, result.stdout


def test_json_results_carry_the_location(cli, tmp_path):
    path = write_table(tmp_path / "approvals.tsv", "approval", [
        {"approval_id": "approval-test-a", "label_en": "Test approval A", "product": "kymriah", "agency": "fda",
         "product_name_en": "Kymriah",
         "indication": "b-all", "locator": "Table 2", "quote": TABLE2_QUOTE}])
    result = cli("validate", "-f", "json", str(path))
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert {r["location"] for r in doc["results"]} == {f"{path}, row 2, column year"}
    assert doc["changes"]["newEntities"] == [CELLTXD + "approval-test-a"]


BAD_TABLES = {
    # name: (header, row, expected fragment)
    "unknown-column": ("approval_id\tagencyy", "approval-x\tfda", "row 1, column 2: unknown column 'agencyy'"),
    "not-a-kind": ("approvals\tagency", "approval-x\tfda", "row 1, column 1: the first column names the kind"),
    "percent": ("outcome_id\tproportion", "outcome-x\t77%", "row 2, column proportion: '77%' is not a number"),
    "text-year": ("approval_id\tyear", "approval-x\tin 2017", "row 2, column year: 'in 2017' is not an integer"),
    "unknown-prefix": ("product_id\ttarget", "product-x\tFOO:1", "row 2, column target: 'FOO:1': unknown prefix"),
    "spaces-in-id": ("product_id\tdeveloper", "product-x\tNovartis AG", "row 2, column developer: 'Novartis AG'"),
    "empty-id": ("finding_id\tlabel_en", "\tA finding", "row 2, column finding_id: empty"),
    "bad-reference": ("finding_id\treferences", "finding-x\tref 40", "row 2, column references: 'ref 40'"),
    "too-many-cells": ("finding_id\tlabel_en", "finding-x\ta\tb", "row 2: 3 cells but 2 columns"),
    "header-only": ("finding_id\tlabel_en", "", "no rows below the header"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_unusable_table_exits_2_naming_row_and_column(cli, tmp_path, case):
    header, row, fragment = BAD_TABLES[case]
    path = tmp_path / "facts.tsv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("celltx-kg: error: "), result.stderr
    assert fragment in lines[0], f"expected “{fragment}” in: {lines[0]}"


# ---------------------------------------------------------------- what a new file changes


def test_change_report_new_entities_links_and_duplicates(tmp_path, graph):
    from celltx_kg.curate.check import check_files

    path = write_table(tmp_path / "products.tsv", "product", [
        # Kymriah again under another IRI: same label (Table 2) and the same NCIT identifier
        {"product_id": "tisa-cel", "label_en": "kymriah", "exact_match": "NCIT:C102758", "target": "cd19",
         "developer": "novartis", "locator": "Table 2", "quote": TABLE2_QUOTE}])
    changes = check_files([path], base=graph).changes
    assert changes.new_entities == [URIRef(CELLTXD + "tisa-cel")]
    assert {(str(s), str(o)) for s, _, o in changes.links} >= {
        (CELLTXD + "tisa-cel", CELLTXD + "cd19"), (CELLTXD + "tisa-cel", CELLTXD + "novartis"),
        (CELLTXD + "tisa-cel", CELLTXD + "review")}
    shared = {(str(o), why.split(" ")[1]) for n, o, why in changes.duplicates}
    assert shared == {(CELLTXD + "kymriah", "name"), (CELLTXD + "kymriah", "identifier")}
    # rdf:type, label, exactMatch, targetsAntigen, developedBy, hasEvidence + 4 evidence triples
    assert changes.new_triples == 10


# ---------------------------------------------------------------- add a table


def test_add_a_table_writes_turtle_the_next_build_reads(cli, tmp_path, monkeypatch):
    data = tmp_path / "data"
    rows = [{"finding_id": "finding-test-til", "label_en": "TIL therapy: good safety and clear efficacy",
             "statement_en": "TIL therapy has shown good safety and clear therapeutic efficacy in multiple trials.",
             "statement_zh": "TIL疗法已在多项临床试验中展现出良好的安全性和明确的治疗效果。",
             "about_class": "TILTherapy", "locator": "2.3",
             "quote": "TIL疗法已在多项临床试验中展现出良好的安全性和明确的治疗效果。"}]
    path = write_table(tmp_path / "til-findings.tsv", "finding", rows)
    result = cli("--data", str(data), "add", str(path), env={"CELLTX_KG_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    target = data / "ontology" / "facts" / "added" / "til-findings.ttl"
    from celltx_kg.curate.table import read_table

    assert isomorphic(Graph().parse(target, format="turtle"), read_table(path)[0])
    monkeypatch.setenv("CELLTX_KG_DATA", str(data))
    from celltx_kg.graph.build import build_graph

    assert (URIRef(CELLTXD + "finding-test-til"), None, None) in build_graph()


# ---------------------------------------------------------------- sources beyond the review

SOURCE_TEXT = ("Tisagenlecleucel received a marketing authorisation\n"
               "in the European Union   in 2018.\n")


def register(cli, data: Path, tmp_path: Path, *extra):
    text = tmp_path / "source.txt"
    text.write_text(SOURCE_TEXT, encoding="utf-8")
    return cli("--data", str(data), "source", "add", "test-epar", "--title", "Kymriah: EPAR",
               "--title-zh", "Kymriah 欧洲公共评估报告", "--identifier", "DOI:10.1000/test-epar", "--language", "en",
               "--licence", "CC-BY-4.0", "--text", str(text), *extra, env={"CELLTX_KG_CACHE": str(tmp_path / "cache")})


def finding_row(quote: str, source: str = "test-epar") -> dict:
    return {"finding_id": "finding-test-eu", "label_en": "Kymriah authorised in the EU in 2018",
            "statement_en": "Kymriah received an EU marketing authorisation in 2018.",
            "statement_zh": "Kymriah于2018年获欧盟上市许可。", "about": "kymriah", "source": source,
            "locator": "1", "quote": quote}


def test_a_registered_source_checks_quotes_and_keeps_its_own_provenance(cli, tmp_path):
    data = tmp_path / "data"
    env = {"CELLTX_KG_CACHE": str(tmp_path / "cache")}
    assert register(cli, data, tmp_path).returncode == 0
    registry = (data / "sources" / "sources.tsv").read_text(encoding="utf-8").splitlines()
    assert registry[0].split("\t") == ["id", "title", "title_zh", "identifier", "language", "licence", "text"]
    assert (data / "sources" / "texts" / "test-epar.txt").read_text(encoding="utf-8") == SOURCE_TEXT
    listed = cli("--data", str(data), "source", "list", env=env)
    assert "test-epar\tDOI:10.1000/test-epar\ten\tCC-BY-4.0" in listed.stdout

    # whitespace differs from the source text: still found
    good = write_table(tmp_path / "eu.tsv", "finding", [finding_row(
        "Tisagenlecleucel received a marketing authorisation in the European Union in 2018.")])
    # the review's words, cited as coming from the other source: not in its text
    wrong = write_table(tmp_path / "wrong.tsv", "finding", [finding_row(TABLE2_QUOTE)])
    result = cli("--data", str(data), "validate", str(wrong), env=env)
    assert result.returncode == 1 and f"{wrong}, row 2, column quote" in result.stdout, result.stdout
    # the same quote cited from the review is fine
    review = write_table(tmp_path / "review.tsv", "finding", [finding_row(TABLE2_QUOTE, source="review")])
    assert cli("--data", str(data), "validate", str(review), env=env).returncode == 0

    assert cli("--data", str(data), "add", str(good), env=env).returncode == 0
    evidence = cli("--data", str(data), "query", "evidence", "-p", "entity=celltxd:finding-test-eu", "-p",
                   "source=celltxd:test-epar", "-f", "csv", env=env)
    assert evidence.returncode == 0, evidence.stderr
    rows = list(csv.DictReader(evidence.stdout.splitlines()))
    assert [(r["locator"], r["source"]) for r in rows] == [("1", CELLTXD + "test-epar")]
    from_review = cli("--data", str(data), "query", "evidence", "-p", "entity=celltxd:finding-test-eu", "-p",
                      "source=celltxd:review", "-f", "csv", env=env)
    assert from_review.returncode == 0 and from_review.stdout.strip().splitlines() == ["locator,references,quote,source"]
    # the source node is in the graph with its identifier, language and licence
    card = cli("--data", str(data), "sparql", "SELECT ?id ?lang ?lic WHERE { celltxd:test-epar dcterms:identifier ?id ; "
               "dcterms:language ?lang ; dcterms:license ?lic }", "-f", "csv", env=env)
    assert card.stdout.splitlines()[1:] == ["DOI:10.1000/test-epar,en,CC-BY-4.0"], card.stdout + card.stderr


@pytest.mark.parametrize("args,fragment", [
    (("--identifier", "10.1000/x"), "identifier '10.1000/x'"),
    (("--language", "English"), "language 'English'"),
    (("--title-zh", ""), "title in Chinese"),
])
def test_bad_source_registration_exits_2(cli, tmp_path, args, fragment):
    data = tmp_path / "data"
    text = tmp_path / "source.txt"
    text.write_text(SOURCE_TEXT, encoding="utf-8")
    options = {"--title": "Kymriah: EPAR", "--title-zh": "Kymriah 欧洲公共评估报告", "--identifier": "PMID:12345",
               "--language": "en", "--licence": "CC-BY-4.0", "--text": str(text)}
    options.update(dict(zip(args[::2], args[1::2])))
    result = cli("--data", str(data), "source", "add", "test-epar", *[x for kv in options.items() for x in kv])
    assert result.returncode == 2 and fragment in result.stderr, result.stderr
    assert not (data / "sources" / "sources.tsv").exists()


def test_a_source_is_registered_once(cli, tmp_path):
    data = tmp_path / "data"
    assert register(cli, data, tmp_path).returncode == 0
    before = (data / "sources" / "sources.tsv").read_bytes()
    again = register(cli, data, tmp_path)
    assert again.returncode == 2 and "already registered" in again.stderr
    assert (data / "sources" / "sources.tsv").read_bytes() == before


def test_evidence_columns_are_shared():
    assert [c.name for c in EVIDENCE] == ["source", "locator", "references", "quote"]
    for kind in KINDS.values():
        assert kind.all_columns[-len(EVIDENCE):] == EVIDENCE
