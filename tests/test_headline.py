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

# "Which BCMA products were approved by NMPA": rows 10, 12 and 13 of Table 2.
BCMA_NMPA = {
    ("Equecabtagene Autoleucel", "Nanjing IASO Biotherapeutics", "MM", "2023"),
    ("Carvykti", "Legend Biotech Corporation", "MM", "2024"),
    ("Zevorcabtagene Autoleucel", "CARsgen Therapeutics", "MM", "2024"),
}


def test_headline_query_answers_bcma_nmpa(cli):
    done = cli("query", "approved-products", "--param", "target=BCMA", "--param", "agency=NMPA", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    got = {(r["productLabel"]["value"], r["developerLabel"]["value"], r["indicationText"]["value"],
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
