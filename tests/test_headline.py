"""The headline question and Table 2, with expected answers typed from the review by hand."""

from __future__ import annotations

import csv
import io
import json

# Table 2 of the review, row by row as printed (product, developer, indications, target, year, agency).
TABLE_2 = [
    ("Kymriah", "Novartis", "B-ALL/B-cell lymphoma", "CD19", "2017", "FDA"),
    ("Yescarta", "Gilead Sciences", "B-cell lymphoma/follicular lymphoma", "CD19", "2017", "FDA"),
    ("Tecartus", "Gilead Sciences", "Mantle cell lymphoma/B-ALL", "CD19", "2020", "FDA"),
    ("Breyanzi", "Bristol-Myers Squibb", "B-cell lymphoma", "CD19", "2021", "FDA"),
    ("Abecma", "Bristol-Myers Squibb", "MM", "BCMA", "2021", "FDA"),
    ("Carvykti Ciltacabtagene autoleucel", "Legend Biotech Corporation", "MM", "BCMA", "2022", "FDA"),
    ("Aucatzyl", "Autolus Therapeutics", "B-ALL", "CD19", "2024", "FDA"),
    ("Axicabtagene Ciloleucel (from Yescarta)", "Fosun Kite Biotechnology", "Large B-cell lymphoma", "CD19", "2021", "NMPA"),
    ("Relmacabtagene autoleucel", "JW Therapeutics", "Large B-cell lymphoma", "CD19", "2021", "NMPA"),
    ("Equecabtagene Autoleucel", "Nanjing IASO Biotherapeutics", "MM", "BCMA", "2023", "NMPA"),
    ("Inaticabtagene Autoleucel", "Juventas Cell Therapy", "B-ALL", "CD19", "2023", "NMPA"),
    ("Ciltacabtagene Autoleucel", "Legend Biotech Corporation", "MM", "BCMA", "2024", "NMPA"),
    ("Zevorcabtagene Autoleucel", "CARsgen Therapeutics", "MM", "BCMA", "2024", "NMPA"),
    ("Ranicabtagene Autoleucel", "Hrain Biotechnology", "B-cell lymphoma", "CD19", "2025", "NMPA"),
]

# "Which BCMA products were approved by NMPA": rows 10, 12 and 13 of Table 2, named as the table
# prints each row (row 12 prints "Ciltacabtagene Autoleucel", not the brand Carvykti of row 6).
BCMA_NMPA = {
    ("Equecabtagene Autoleucel", "Nanjing IASO Biotherapeutics", "MM", "2023"),
    ("Ciltacabtagene Autoleucel", "Legend Biotech Corporation", "MM", "2024"),
    ("Zevorcabtagene Autoleucel", "CARsgen Therapeutics", "MM", "2024"),
}


def test_headline_query_answers_bcma_nmpa(cli):
    done = cli("query", "approved-products", "--param", "target=BCMA", "--param", "agency=NMPA", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    got = {(r["productName"]["value"], r["developerLabel"]["value"], r["indicationText"]["value"],
            r["approvalYear"]["value"]) for r in rows}
    assert got == BCMA_NMPA
    assert {r["targetLabel"]["value"] for r in rows} == {"BCMA"}
    assert {r["agencyLabel"]["value"] for r in rows} == {"National Medical Products Administration"}


def test_headline_table_output_names_the_products(cli):
    done = cli("query", "approved-products", "--param", "target=BCMA", "--param", "agency=NMPA")
    assert done.returncode == 0, done.stderr
    for product, *_ in BCMA_NMPA:
        assert product in done.stdout
    assert "(3 rows)" in done.stdout


def test_parameters_accept_chinese_labels_and_curies(cli):
    by_curie = cli("query", "approved-products", "-p", "target=HGNC:11913", "-p", "agency=NMPA", "-f", "csv")
    by_zh = cli("query", "approved-products", "-p", "target=B细胞成熟抗原", "-p", "agency=NMPA", "-f", "csv")
    assert by_curie.returncode == 0, by_curie.stderr
    assert by_zh.returncode == 0, by_zh.stderr
    assert by_curie.stdout == by_zh.stdout
    assert len(list(csv.DictReader(io.StringIO(by_curie.stdout)))) == 3


def test_table2_is_regenerated_row_for_row(cli):
    done = cli("query", "table2-approvals", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = [(r["productName"], r["developer"], r["indications"], r["target"], r["year"], r["agency"])
            for r in csv.DictReader(io.StringIO(done.stdout))]
    assert rows == TABLE_2


def test_tsv_and_json_are_w3c_results_formats(cli):
    tsv = cli("query", "approved-products", "-p", "target=BCMA", "-p", "agency=NMPA", "-f", "tsv")
    assert tsv.returncode == 0, tsv.stderr
    header = tsv.stdout.splitlines()[0].split("\t")
    assert header[0] == "?product" and "?developerLabel" in header
    js = json.loads(cli("query", "approved-products", "-p", "target=BCMA", "-f", "json").stdout)
    assert set(js) == {"head", "results"} and "vars" in js["head"]


def test_a_standard_identifier_names_the_entity_that_maps_to_it(cli):
    """HGNC:11913 is TNFRSF17, the gene of BCMA (sources/reference/antigens.tsv): the entity card is
    BCMA's, whichever way the prefix is spelt; the HGNC IRI itself holds no facts."""
    for spelling in ("HGNC:11913", "hgnc:11913"):
        done = cli("query", "entity-card", "-p", f"entity={spelling}", "-f", "ntriples")
        assert done.returncode == 0, done.stderr
        assert "<https://w3id.org/celltx/id/bcma> <http://www.w3.org/2000/01/rdf-schema#label>" in done.stdout


def test_fourteen_approvals_seven_per_agency_of_twelve_distinct_agents(store):
    """Table 2: 14 rows, 7 FDA and 7 NMPA (2.1.1: "全球已有14款CAR-T产品获批上市 … 其中中国获批7款").
    Two agents appear twice: ciltacabtagene autoleucel (row 6 "Carvykti Ciltacabtagene autoleucel", row 12
    "Ciltacabtagene Autoleucel") and axicabtagene ciloleucel (row 2 "Yescarta", row 8 "Axicabtagene
    Ciloleucel (from Yescarta)"): 12 distinct agents, one product node each."""
    from conftest import select

    assert len(TABLE_2) == 14 and sum(r[5] == "NMPA" for r in TABLE_2) == 7
    rows = select(store, """SELECT ?agency (COUNT(DISTINCT ?a) AS ?approvals) (COUNT(DISTINCT ?p) AS ?products) WHERE {
        ?a celltx:tableRow ?row ; celltx:approvedProduct ?p ; celltx:grantedBy/skos:altLabel ?agency .
        FILTER(?agency IN ("FDA"@en, "NMPA"@en)) } GROUP BY ?agency""")
    assert {(r["agency"], r["approvals"], r["products"]) for r in rows} == {("FDA", "7", "7"), ("NMPA", "7", "7")}
    rows = select(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) (COUNT(DISTINCT ?a) AS ?m) WHERE { ?a celltx:tableRow ?r ; celltx:approvedProduct ?p }")
    assert rows == [{"n": "12", "m": "14"}]
    twice = select(store, """SELECT ?p (GROUP_CONCAT(?name; separator="|") AS ?names) WHERE {
        ?a celltx:tableRow ?r ; celltx:approvedProduct ?p ; celltx:productNameAsPrinted ?name . FILTER(lang(?name) = "en")
        } GROUP BY ?p HAVING (COUNT(DISTINCT ?a) = 2)""")
    assert {r["p"].rsplit("/", 1)[1]: set(r["names"].split("|")) for r in twice} == {
        "carvykti": {"Carvykti Ciltacabtagene autoleucel", "Ciltacabtagene Autoleucel"},
        "yescarta": {"Yescarta", "Axicabtagene Ciloleucel (from Yescarta)"}}


def test_every_approval_prints_the_name_and_developer_of_its_row(store):
    """Each approval carries the product name and developer its Table 2 row prints; the prose approvals
    carry the name their sentence prints (2.2 "Tecelra", 2.3 "Lifileucel")."""
    from conftest import select

    rows = select(store, """SELECT ?row ?name ?dev WHERE { ?a celltx:tableRow ?row ; celltx:productNameAsPrinted ?name ;
        celltx:listedDeveloper/rdfs:label ?dev . FILTER(lang(?name) = "en" && lang(?dev) = "en") } ORDER BY ?row""")
    assert [(r["name"], r["dev"]) for r in rows] == [(t[0], t[1]) for t in TABLE_2]
    names = select(store, """SELECT ?name WHERE { ?a a celltx:RegulatoryApproval ; celltx:productNameAsPrinted ?name .
        FILTER NOT EXISTS { ?a celltx:tableRow ?r } }""")
    assert {r["name"] for r in names} == {"Tecelra", "Lifileucel"}
    # section 1: "我国首个CAR-T产品阿基仑赛注射液于2021年获批": the Chinese name of row 8's approval
    zh = select(store, """SELECT ?name WHERE { ?a celltx:tableRow 8 ; celltx:productNameAsPrinted ?name . FILTER(lang(?name) = "zh") }""")
    assert zh == [{"name": "阿基仑赛注射液"}]
