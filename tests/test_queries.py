"""The saved-query library: headers, parsing, safe parameters, the catalogue as RDF, the CLI, and one
test per saved query whose expected answer is written from the review by hand (each cites the
section, table or figure it comes from). Expected values are never copied from query output: when
one of these fails, decide whether the query, the data or the expectation is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest
from conftest import ROOT

QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
NAMES = [p.stem for p in QUERY_FILES]

CELLTX = "https://w3id.org/celltx/"
ID = CELLTX + "id/"


def D(local: str) -> str:
    """An individual's IRI: ``D("bcma")``."""
    return ID + local


def C(local: str) -> str:
    """An ontology term's IRI: ``C("CARTTherapy")``."""
    return CELLTX + local


# Named individuals used below (IRIs of the fact files).
BCMA, CD19, CD33, CD38, WT1, GD2 = D("bcma"), D("cd19"), D("cd33"), D("cd38"), D("wt1"), D("gd2")
FDA, NMPA = D("fda"), D("nmpa")


def run(store, name: str, **params) -> list[dict]:
    """Run a saved query in-process; rows as {variable: lexical value or None}."""
    from celltx_kg.sparql.catalogue import get_query
    from celltx_kg.sparql.run import run_saved

    result = run_saved(store, get_query(name), {k: str(v) for k, v in params.items()})
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def col(rows, name) -> set:
    return {r[name] for r in rows}


def num(value):
    return None if value is None else Decimal(value)


def split(value: str | None, sep: str = ", ") -> set:
    return set(value.split(sep)) if value else set()


# ---------------------------------------------------------------- every query is covered by a test

ANSWERED: set[str] = set()


def answers(*names):
    """Mark a test as the expected-answer test of these saved queries."""
    ANSWERED.update(names)
    return lambda fn: fn


def test_library_is_collected():
    assert len(NAMES) >= 35, NAMES


def test_every_saved_query_has_an_expected_answer_test():
    # table2-approvals and approved-products are also answered in test_headline.py
    missing = sorted(set(NAMES) - ANSWERED)
    assert not missing, f"write a test from the review for: {missing}"
    assert not sorted(ANSWERED - set(NAMES)), "a test answers a query that does not exist"


# ---------------------------------------------------------------- headers and parsing

@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_header_is_complete_and_valid(path):
    from celltx_kg.sparql.catalogue import check_query, parse_query_file

    query = parse_query_file(path)
    problems = check_query(query)
    assert not problems, f"{path.name}: " + "; ".join(problems)
    for prm in query.params:
        assert prm.kind in ("label", "iri", "literal"), prm
    assert re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", query.name), "query names are lower-case words joined by hyphens"


def _dummy(prm):
    if prm.type in ("label", "iri"):
        return ox.NamedNode("https://example.org/x")
    if prm.type == "integer":
        return ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if prm.type == "decimal":
        return ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    return ox.Literal("x")


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_query_parses_with_and_without_bound_parameters(path):
    """pyoxigraph parses the text, also with every parameter bound in the VALUES block."""
    from celltx_kg.sparql.bind import with_values
    from celltx_kg.sparql.catalogue import parse_query_file

    query = parse_query_file(path)
    empty = ox.Store()
    empty.query(query.text)  # raises SyntaxError on a bad query
    bound = {ox.Variable(p.name): _dummy(p) for p in query.params}
    empty.query(with_values(query.text, bound))


def _example_params(query) -> dict:
    return query.example_params


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_example_command_runs(store, path):
    from celltx_kg.sparql.catalogue import parse_query_file
    from celltx_kg.sparql.run import run_saved

    query = parse_query_file(path)
    list(run_saved(store, query, _example_params(query)))  # solutions or triples


def test_literal_is_an_alias_of_string():
    from celltx_kg.sparql.catalogue import parse_param

    assert parse_param('text type=literal required=true example=x "t"').type == "string"
    assert parse_param('text type=literal example=x "t"').kind == "literal"
    assert parse_param('n type=integer example=1 "t"').kind == "literal"
    assert parse_param('t type=label subclass=celltx:CellTherapy example=CAR-T "t"').subclass == "celltx:CellTherapy"
    with pytest.raises(ValueError):
        parse_param('x type=number "t"')


@pytest.mark.parametrize("line", [
    'target type=label class=celltx:Molecule example=BCMA "The antigen (label, synonym or CURIE)"',
    'x example="CAR T"cells "a \'quoted\' word"',  # a single quote: shlex reads it
    'x example=a\\ b "back\\slash"',  # a backslash: shlex reads it
    'x "" "  two  spaces " a""b\tc\x0bd',
    'celltx-kg query demo --param "text=CAR T" -p year=2021',
])
def test_header_words_split_as_a_shell_does(line):
    """The header's words are shell words: the same as shlex.split, which the fast path must equal."""
    import shlex

    from celltx_kg.sparql.catalogue import split_words

    assert split_words(line) == shlex.split(line)
    with pytest.raises(ValueError):
        split_words(line + ' "unclosed')


def test_header_check_reports_problems():
    from celltx_kg.sparql.catalogue import check_query, parse_query_text

    query = parse_query_text("#+ title: 标题\n#+ param: foo type=label \"d\"\n#+ example: celltx-kg query other\n"
                             "SELECT ?x WHERE { ?x ?p ?o }", "demo")
    problems = " | ".join(check_query(query))
    for hint in ("title@zh", "description", "section", "must be written in English", "never uses ?foo",
                 "example=", "must start with 'celltx-kg query demo'"):
        assert hint in problems, hint


# ---------------------------------------------------------------- parameters are bound, never spliced

INJECTIONS = [
    'BCMA" } ; DROP ALL ; #',
    'x" || true || "',
    "') } UNION { ?s ?p ?o } #",
    "CD19> } SELECT * WHERE { ?s ?p ?o",
    "BCMA\n} INSERT DATA { <http://e/x> <http://e/y> <http://e/z> }",
    '"""BCMA"""',
    "\\u0022 } #",
    "?target",
    "celltxd:bcma> . ?s ?p ?o . <x",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_label_is_a_clean_no_match(store, value):
    from celltx_kg.errors import UsageError
    from celltx_kg.sparql.catalogue import get_query
    from celltx_kg.sparql.run import run_saved

    with pytest.raises(UsageError, match="no entity|not a valid IRI|not an IRI|names several"):
        run_saved(store, get_query("products-by-target"), {"target": value})


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_literal_matches_nothing_and_leaves_the_query_unchanged(store, value):
    from celltx_kg.sparql.bind import bind_params, with_values
    from celltx_kg.sparql.catalogue import get_query

    query = get_query("label-search")
    rows = run(store, "label-search", text=value)
    assert rows == [], rows
    # the text sent to the store is the saved query plus one VALUES row holding the escaped literal
    bindings = bind_params(query, {"text": value}, store)
    sent = with_values(query.text, bindings)
    block = f"VALUES (?text) {{ ({ox.Literal(value)}) }}"
    assert block in sent
    assert sent.replace(" " + block + " ", "", 1) == query.text


@pytest.mark.parametrize("value", ["2021; DROP ALL", "2021 } ", "1e3", "twenty"])
def test_injected_integer_is_a_clear_error(store, value):
    from celltx_kg.errors import UsageError
    from celltx_kg.sparql.catalogue import get_query
    from celltx_kg.sparql.run import run_saved

    with pytest.raises(UsageError, match="integer"):
        run_saved(store, get_query("products-by-year"), {"year": value})


@pytest.mark.parametrize("value", ["celltxd:x> } ; DROP ALL ; <y", "http://e.org/a b", "nope:x", "<http://e/a>{}"])
def test_injected_iri_is_a_clear_error(value):
    from celltx_kg.errors import UsageError
    from celltx_kg.sparql.bind import resolve_iri

    with pytest.raises(UsageError):
        resolve_iri(value)


def test_injection_on_the_command_line_gives_one_line_and_exit_2(cli):
    done = cli("query", "products-by-target", "-p", 'target=BCMA" } ; DROP ALL ; #')
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    done = cli("query", "products-by-target", "-p", "target=BCMA\n} INSERT DATA { <http://e/x> <http://e/y> 1 }")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    done = cli("query", "label-search", "-p", 'text=x" || true || "', "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == ["entity,kinds,labelEn,labelZh,matchedName,match"]


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s ?p ?o SERVICE e:x { ?a ?b ?c } }",
])
def test_service_and_load_are_refused(store, text):
    from celltx_kg.errors import QueryError
    from celltx_kg.sparql.run import run_sparql

    with pytest.raises(QueryError, match="SERVICE|LOAD"):
        run_sparql(store, text)


def test_the_words_service_and_load_inside_strings_and_iris_are_fine(store):
    from celltx_kg.sparql.run import run_sparql

    rows = list(run_sparql(store, 'SELECT ?s WHERE { ?s <http://e/SERVICE> "LOAD SERVICE" } # SERVICE'))
    assert rows == []


def test_service_in_a_query_file_is_refused(cli, tmp_path):
    path = tmp_path / "remote.rq"
    path.write_text("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n")
    done = cli("query", "--file", str(path))
    assert done.returncode == 2 and "SERVICE" in done.stderr and done.stdout == ""


# ---------------------------------------------------------------- command line

def test_queries_lists_and_filters_by_keyword(cli):
    done = cli("queries")
    assert done.returncode == 0
    for name in NAMES:
        assert name in done.stdout
    done = cli("queries", "TCR-T")
    assert "tcr-t-antigens-by-category" in done.stdout and "approved-products" not in done.stdout
    done = cli("queries", "毒性", "-f", "json")
    assert [q["name"] for q in json.loads(done.stdout)] == ["toxicity-rates"]


def test_query_help_shows_description_parameters_and_example(cli):
    done = cli("query", "clinical-studies", "--help")
    assert done.returncode == 0, done.stderr
    for text in ("临床研究", "Parameters:", "phase (optional, label, class celltx:TrialPhase", "Example: celltx-kg query"):
        assert text in done.stdout
    done = cli("query", "label-search", "--help")
    assert "text (required, literal" in done.stdout


def test_query_file_and_adhoc_sparql(cli, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX celltx: <https://w3id.org/celltx/>\n#+ param: year type=integer example=2017 \"y\"\n"
                    "SELECT ?a WHERE { ?a celltx:year ?year ; celltx:grantedBy ?g }\n")
    done = cli("query", "--file", str(path), "-p", "year=2017", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert {r["a"] for r in csv.DictReader(io.StringIO(done.stdout))} == {
        D("approval-kymriah-fda-2017"), D("approval-yescarta-fda-2017")}  # Table 2, rows 1-2
    done = cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a a celltx:RegulatoryApproval ; celltx:grantedBy celltxd:nmpa }",
               "-f", "tsv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "7"  # Table 2: seven NMPA approvals
    done = cli("sparql", "-", "-f", "json", input="ASK { celltxd:kymriah celltx:targetsAntigen celltxd:cd19 }")
    assert json.loads(done.stdout)["boolean"] is True


def test_output_formats(cli):
    base = ["query", "products-by-year", "-p", "year=2017"]
    js = json.loads(cli(*base, "-f", "json").stdout)
    assert set(js) == {"head", "results"}
    xml = cli(*base, "-f", "xml").stdout
    assert xml.startswith("<?xml") and "sparql-results" in xml
    tsv = cli(*base, "-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[0] == "?product" and len(tsv) == 3
    assert "(2 rows)" in cli(*base).stdout
    wrong = cli(*base, "-f", "turtle")
    assert wrong.returncode == 2 and "CONSTRUCT" in wrong.stderr


def test_no_rdflib_on_the_query_path(store):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "celltx_kg", "query", "approved-products",
                           "-p", "target=BCMA", "-p", "agency=NMPA"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not {m for m in imported if m.split(".")[0] in ("rdflib", "pyshacl", "owlready2", "SPARQLWrapper")}


# ---------------------------------------------------------------- the catalogue as RDF

def test_catalogue_rdf_describes_every_query():
    from celltx_kg.sparql.catalogue_rdf import QUERY_NS, catalogue_store

    store = catalogue_store()
    rows = list(store.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?q (SAMPLE(?text) AS ?t) WHERE {
          ?q a sh:SPARQLExecutable ; schema:target ?graph ; schema:keywords ?k ; dcterms:source ?section .
          ?q rdfs:label ?en , ?zh . FILTER(lang(?en) = "en" && lang(?zh) = "zh")
          ?q rdfs:comment ?cen , ?czh . FILTER(lang(?cen) = "en" && lang(?czh) = "zh")
          { ?q a sh:SPARQLSelectExecutable ; sh:select ?text } UNION { ?q a sh:SPARQLConstructExecutable ; sh:construct ?text }
        } GROUP BY ?q"""))
    assert {r["q"].value[len(QUERY_NS):] for r in rows} == set(NAMES)
    for row in rows:
        assert "#+" not in row["t"].value
        ox.Store().query(row["t"].value)  # the stored text parses
    required = list(store.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?name WHERE { <https://w3id.org/celltx/query/products-by-target> sh:parameter ?p .
                             ?p sh:name ?name ; sh:optional false ; sh:class ?c ; sh:path ?path }"""))
    assert [r["name"].value for r in required] == ["target"]


def test_catalogue_is_written_by_build_and_queryable_from_the_cli(cli, tmp_path):
    done = cli("queries", "--format", "turtle", "-o", str(tmp_path / "q.ttl"))
    assert done.returncode == 0, done.stderr
    store = ox.Store()
    store.load(path=str(tmp_path / "q.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(list(store.query("PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?q WHERE { ?q a sh:SPARQLExecutable }"))) == len(NAMES)
    done = cli("sparql", "--catalogue", "-f", "csv",
               'SELECT ?q WHERE { ?q schema:keywords "ICANS" ; dcterms:source "2.2" }')
    assert done.returncode == 0, done.stderr
    assert {r["q"] for r in csv.DictReader(io.StringIO(done.stdout))} == {"https://w3id.org/celltx/query/toxicity-rates"}


def test_build_writes_queries_ttl(release_files):
    from celltx_kg.sparql.catalogue_rdf import catalogue_rdf

    out, manifest = release_files
    assert "queries.ttl" in manifest.files
    assert (out / "queries.ttl").read_bytes() == catalogue_rdf("turtle")


# ================================================================ expected answers, from the review

@answers("approved-products")
def test_approved_products_includes_the_approvals_stated_in_prose(store):
    # Table 2 rows 1-7 (FDA) and the prose: 2.2 "2024年…美国FDA批准了…Tecelra"; 2.3 "Lifileucel获得FDA批准"
    # (no year given).
    rows = run(store, "approved-products", agency="FDA")
    assert {(r["product"], r["approvalYear"]) for r in rows} == {
        (D("kymriah"), "2017"), (D("yescarta"), "2017"), (D("tecartus"), "2020"), (D("breyanzi"), "2021"),
        (D("abecma"), "2021"), (D("carvykti"), "2022"), (D("aucatzyl"), "2024"), (D("tecelra"), "2024"),
        (D("lifileucel"), None)}
    # Table 2, indication MM: Abecma FDA 2021, Carvykti FDA 2022 and NMPA 2024, Equecabtagene 2023, Zevorcabtagene 2024
    rows = run(store, "approved-products", indication="MM")
    # Table 2 rows 6 and 12: the approval's name as its row prints it
    assert {(r["approvalYear"], r["productName"]) for r in rows if r["product"] == D("carvykti")} == {
        ("2022", "Carvykti Ciltacabtagene autoleucel"), ("2024", "Ciltacabtagene Autoleucel")}
    assert sorted((r["product"], r["approvalYear"]) for r in rows) == sorted([
        (D("abecma"), "2021"), (D("carvykti"), "2022"), (D("carvykti"), "2024"),
        (D("equecabtagene-autoleucel"), "2023"), (D("zevorcabtagene-autoleucel"), "2024")])
    # no approved product targets CD7 (2.1.1, 2.1.4: CD7 CAR-T products are investigational): empty answer
    assert run(store, "approved-products", target="CD7") == []


@answers("table2-approvals")
def test_table2_has_fourteen_rows_seven_per_agency(store):
    # Table 2: 14 rows, FDA rows 1-7 then NMPA rows 8-14
    rows = run(store, "table2-approvals")
    assert [int(r["row"]) for r in rows] == list(range(1, 15))
    assert [r["agency"] for r in rows] == ["FDA"] * 7 + ["NMPA"] * 7


@answers("products-by-target")
def test_products_by_target_bcma(store):
    # Table 2: Abecma, Carvykti (FDA and NMPA), Equecabtagene, Zevorcabtagene target BCMA;
    # 2.1.1: the tri-target CAR-T BZE2204 (CD19, CD22, BCMA) is investigational.
    rows = run(store, "products-by-target", target="BCMA")
    assert {(r["product"], r["approved"]) for r in rows} == {
        (D("abecma"), "true"), (D("carvykti"), "true"), (D("equecabtagene-autoleucel"), "true"),
        (D("zevorcabtagene-autoleucel"), "true"), (D("bze2204"), "false")}
    carvykti = next(r for r in rows if r["product"] == D("carvykti"))
    assert split(carvykti["approvedBy"]) == {"FDA", "NMPA"}
    # Table 2 rows 6 and 12 print the two approvals under different names
    assert split(carvykti["approvals"], "; ") == {"FDA 2022 (Carvykti Ciltacabtagene autoleucel)",
                                                  "NMPA 2024 (Ciltacabtagene Autoleucel)"}
    assert all(r["therapyTypes"] == "CAR-T" for r in rows)


@answers("products-by-agency")
def test_products_by_agency(store):
    # Table 2 rows 8-14: NMPA approved seven CAR-T products (Carvykti under its INN).
    rows = run(store, "products-by-agency", agency="NMPA")
    # rows 8 and 12 print "Axicabtagene Ciloleucel (from Yescarta)" and "Ciltacabtagene Autoleucel"
    assert {r["productName"] for r in rows} >= {"Axicabtagene Ciloleucel (from Yescarta)", "Ciltacabtagene Autoleucel"}
    assert {(r["product"], r["year"]) for r in rows} == {
        (D("yescarta"), "2021"), (D("relmacabtagene-autoleucel"), "2021"),
        (D("equecabtagene-autoleucel"), "2023"), (D("inaticabtagene-autoleucel"), "2023"),
        (D("carvykti"), "2024"), (D("zevorcabtagene-autoleucel"), "2024"), (D("ranicabtagene-autoleucel"), "2025")}
    # FDA: Table 2 rows 1-7, Tecelra (2.2, TCR-T, MAGE-A4) and Lifileucel (2.3, TIL, no year)
    rows = {r["product"]: r for r in run(store, "products-by-agency", agency="FDA")}
    assert len(rows) == 9
    assert (rows[D("tecelra")]["therapyTypes"], rows[D("tecelra")]["targets"]) == ("TCR-T", "MAGE-A4")
    assert (rows[D("lifileucel")]["therapyTypes"], rows[D("lifileucel")]["year"]) == ("TIL", None)


@answers("products-by-developer")
def test_products_by_developer(store):
    # Table 2 row 13 (Zevorcabtagene, CARsgen, NMPA 2024) and 2.1.2 (科济药业's Claudin18.2 CAR-T, phase II)
    rows = run(store, "products-by-developer", developer="CARsgen Therapeutics")
    assert {(r["product"], r["approvals"]) for r in rows} == {
        (D("zevorcabtagene-autoleucel"), "NMPA 2024 (Zevorcabtagene Autoleucel)"), (D("carsgen-cldn18-2-car-t"), "")}
    # Table 2 rows 2-3: Gilead Sciences developed Yescarta and Tecartus; row 8 (axicabtagene ciloleucel in
    # China) lists Fosun Kite Biotechnology, so that approval is Fosun Kite's
    rows = run(store, "products-by-developer", developer="Gilead Sciences")
    assert {(r["product"], r["approvals"]) for r in rows} == {
        (D("yescarta"), "FDA 2017 (Yescarta)"), (D("tecartus"), "FDA 2020 (Tecartus)")}
    rows = run(store, "products-by-developer", developer="Fosun Kite Biotechnology")
    assert {(r["product"], r["approvals"]) for r in rows} == {
        (D("yescarta"), "NMPA 2021 (Axicabtagene Ciloleucel (from Yescarta))")}


@answers("products-by-indication")
def test_products_by_indication(store):
    # Table 2: the MM products
    rows = run(store, "products-by-indication", indication="multiple myeloma")
    assert {r["product"] for r in rows} == {D("abecma"), D("carvykti"), D("equecabtagene-autoleucel"),
                                            D("zevorcabtagene-autoleucel")}
    assert col(rows, "approved") == {"true"}
    # Table 2 has five MM rows (5, 6, 10, 12, 13): four agents, Carvykti approved twice
    assert sum(int(r["approvals"]) for r in rows) == 5
    carvykti = next(r for r in rows if r["product"] == D("carvykti"))
    assert split(carvykti["approvalNames"], "; ") == {"FDA 2022 (Carvykti Ciltacabtagene autoleucel)",
                                                      "NMPA 2024 (Ciltacabtagene Autoleucel)"}
    # 2.3: Lifileucel for advanced melanoma; 2.2: Tecelra for synovial sarcoma or myxoid/round cell liposarcoma
    assert {r["product"] for r in run(store, "products-by-indication", indication="melanoma")} == {D("lifileucel")}
    assert {r["product"] for r in run(store, "products-by-indication", indication="synovial sarcoma")} == {D("tecelra")}


@answers("products-by-year")
def test_products_by_year(store):
    # Table 2 (Aucatzyl FDA 2024; Carvykti and Zevorcabtagene NMPA 2024) and 2.2 (Tecelra, FDA, 2024)
    rows = run(store, "products-by-year", year=2024)
    assert {(r["product"], r["agencyName"]) for r in rows} == {
        (D("aucatzyl"), "FDA"), (D("tecelra"), "FDA"), (D("carvykti"), "NMPA"), (D("zevorcabtagene-autoleucel"), "NMPA")}
    # Table 2, 2021: Breyanzi and Abecma (FDA), axicabtagene ciloleucel and relmacabtagene (NMPA)
    rows = run(store, "products-by-year", year=2021)
    assert {(r["product"], r["agencyName"]) for r in rows} == {
        (D("breyanzi"), "FDA"), (D("abecma"), "FDA"), (D("yescarta"), "NMPA"),
        (D("relmacabtagene-autoleucel"), "NMPA")}
    # no approval in 2019 (Table 2 years: 2017, 2020, 2021, 2022, 2023, 2024, 2025): empty answer
    assert run(store, "products-by-year", year=2019) == []


@answers("products-by-therapy-type")
def test_products_by_therapy_type(store):
    def products(kind):
        return {r["product"] for r in run(store, "products-by-therapy-type", type=kind)}

    assert products("CAR-NK") == {D("ft596")}  # 2.4: FT596, an iPSC-derived CD19 CAR-NK product
    assert products("TIL") == {D("lifileucel")}  # 2.3
    assert products("TCR-T") == {D("tecelra"), D("et019003")}  # 2.2 Tecelra; 2.6.2 the γδTCR-T ET019003
    assert products("UCAR-T") == {D("cema-cel"), D("ucart20x22"), D("ctd402")}  # 2.1.4
    assert products("in vivo CAR-T") == {D("cptx2309")}  # 2.1.4: Capstan's first in vivo CAR-T candidate
    # 2.6.3: Treg therapy "尚未进入临床应用" – no named CAR-Treg product: empty answer
    assert products("CAR-Treg") == set()


@answers("approvals-per-agency-year")
def test_approvals_per_agency_per_year(store):
    # Table 2, plus Tecelra (FDA 2024, 2.2) and Lifileucel (FDA, no year, 2.3)
    rows = run(store, "approvals-per-agency-year")
    got = {(r["agencyName"], r["year"]): int(r["approvals"]) for r in rows}
    assert got == {
        ("FDA", "2017"): 2, ("FDA", "2020"): 1, ("FDA", "2021"): 2, ("FDA", "2022"): 1, ("FDA", "2024"): 2,
        ("FDA", None): 1,
        ("NMPA", "2021"): 2, ("NMPA", "2023"): 2, ("NMPA", "2024"): 2, ("NMPA", "2025"): 1}
    assert {r["year"] for r in run(store, "approvals-per-agency-year", agency="NMPA")} == {"2021", "2023", "2024", "2025"}


@answers("first-approvals")
def test_first_approvals_match_fig1(store):
    # 2.1.1: "FDA批准全球两个首发CAR-T产品: 靶向CD19的Kymriah…和Yescarta";
    # Fig.1: FDA approval of the first CD19 CAR-T (2017) and of the first BCMA CAR-T (2021); NMPA approval of
    # the first CD19 CAR-T in China (2021) and of the first BCMA CAR-T in China (2023); Table 2 names the
    # products; 2.2: Tecelra, the first TCR-T (MAGE-A4), FDA 2024.
    rows = run(store, "first-approvals")
    assert {(r["agencyName"], r["targetLabel"], r["firstYear"]): split(r["products"]) for r in rows} == {
        ("FDA", "CD19", "2017"): {"Kymriah", "Yescarta"},
        ("FDA", "BCMA", "2021"): {"Abecma"},
        ("FDA", "MAGE-A4", "2024"): {"Tecelra"},
        # section 1: "我国首个CAR-T产品阿基仑赛注射液于2021年获批" – row 8, not row 9 of the same year
        ("NMPA", "CD19", "2021"): {"Axicabtagene Ciloleucel (from Yescarta)"},
        ("NMPA", "BCMA", "2023"): {"Equecabtagene Autoleucel"},
    }


@answers("landscape-statistics")
def test_landscape_statistics(store):
    # 2.1.1: as of 2025-07-30, 14 CAR-T products approved worldwide, 7 in China;
    # 2.2: 136 TCR-T trials registered 2020-2024, more than 60% phase I; 2.3: 155 TIL trials 2020 to end of 2024.
    rows = run(store, "landscape-statistics")
    got = {(num(r["productCount"]), num(r["trialCount"]), num(r["proportion"]), r["fromYear"], r["toYear"])
           for r in rows}
    assert got == {(14, None, None, "2025", None), (7, None, None, "2025", None),
                   (None, 136, None, "2020", "2024"), (None, None, Decimal("0.6"), "2020", "2024"),
                   (None, 155, None, "2020", "2024")}
    assert {r["asOfDate"] for r in rows if r["productCount"]} == {"2025-07-30"}
    assert {num(r["trialCount"]) for r in run(store, "landscape-statistics", type="TIL")} == {155}


TABLE_1 = [  # Table 1, row by row: category, type, application
    ("non-antigen-specific immune cell therapy", "LAK", "Tumor"),
    ("non-antigen-specific immune cell therapy", "CIK", "Tumor"),
    ("non-antigen-specific immune cell therapy", "NK", "Tumor"),
    ("non-antigen-specific immune cell therapy", "DC", "Tumor"),
    ("antigen-specific immune cell therapy", "TIL", "Solid tumor"),
    ("antigen-specific immune cell therapy", "CAR-T", "Tumor, autoimmune diseases, infection"),
    ("antigen-specific immune cell therapy", "TCR-T", "Tumor"),
    ("antigen-specific immune cell therapy", "CAR-NK", "Tumor"),
    ("antigen-specific immune cell therapy", "CAR-M", "Solid tumor"),
    ("antigen-specific immune cell therapy", "CAR-Treg", "Autoimmune diseases"),
    ("antigen-specific immune cell therapy", "CAR-γδT", "Tumor"),
]


@answers("therapy-types")
def test_therapy_types_regenerate_table1(store):
    rows = run(store, "therapy-types")
    assert {(r["categoryLabel"], r["typeName"], r["applicationText"]) for r in rows} == set(TABLE_1)
    cart = next(r for r in rows if r["typeName"] == "CAR-T")
    assert cart["profile"] == "Mainstream therapy; induces long-term immunity with specific killing"
    # Table 1 Application: autoimmune diseases for CAR-T and CAR-Treg; solid tumour for TIL and CAR-M
    assert col(run(store, "therapy-types", application="autoimmune disease"), "typeName") == {"CAR-T", "CAR-Treg"}
    assert col(run(store, "therapy-types", application="solid tumour"), "typeName") == {"TIL", "CAR-M"}
    assert col(run(store, "therapy-types", category="non-antigen-specific immune cell therapy"), "typeName") == {
        "LAK", "CIK", "NK", "DC"}
    # the rows come in the table's order (celltx:tableRow)
    assert [r["typeName"] for r in rows] == [t for _, t, _ in TABLE_1]
    # the Types column as printed: "Non-specific immune cell therapy" for rows 1-4, "Antigen-specific immune cell
    # therapy" for rows 5-11
    assert [r["typesText"] for r in rows] == ["Non-specific immune cell therapy"] * 4 + ["Antigen-specific immune cell therapy"] * 7


@answers("targets-by-disease")
def test_targets_by_disease(store):
    # 2.1.2: IL-13Rα2 is the glioma target; GD2 CAR-T in GD2-positive glioma [47]
    assert col(run(store, "targets-by-disease", disease="glioma"), "target") == {GD2, D("il-13ra2")}
    # AML: CD38 CAR-T [33] (2.1.1), CD33 CAR-NK [78] (2.4) and CAR-CIK [85] (2.5), WT1 TCR-T [7] (2.2)
    rows = run(store, "targets-by-disease", disease="AML")
    assert col(rows, "target") == {CD33, CD38, WT1}
    assert {r["target"]: split(r["therapyTypes"]) >= {"CAR-NK"} for r in rows}[CD33]
    # neuroblastoma: GD2 (2.1.2 target, GD2 CAR-T [46]; 2.4 GD2 CAR-NKT [77]); the IL-12 CAR-NK [79] names no target
    assert col(run(store, "targets-by-disease", disease="neuroblastoma"), "target") == {GD2}


@answers("targets-by-therapy-type")
def test_targets_by_therapy_type(store):
    def targets(kind):
        return col(run(store, "targets-by-therapy-type", type=kind), "target")

    assert targets("CAR-NK") == {CD19, CD33}  # 2.4: CD19 CAR-NK [8, 81, FT596], CD33 CAR-NK [78]
    assert targets("CAR-M") == {D("her2"), D("fap")}  # 2.6.1: HER2 CAR-M [88, 89], FAP CAR-M [90]
    assert targets("CAR-Treg") == {D("mog")}  # 2.6.3: MOG-specific CAR-Treg [94]
    assert targets("CAR-γδT") == {D("cd70")}  # 2.6.2: CD70 γδCAR-T [91]
    # 2.2: MART-1 and gp100 (early trials), MAGE-A1 [61], MAGE-A4 (Tecelra), HBsAg [63], KRAS [64],
    # NY-ESO-1 and KK-LC-1 (NSCLC trials; NY-ESO-1 also [70]), WT1 [7], MC2 [67]; 2.6.2: CD19 γδTCR-T ET019003;
    # 2.2 also: "研究热点集中于…MAGE蛋白家族、…PRAME等过表达抗原" (the focus of TCR-T research), the
    # EBV-LMP2-specific TCR [65] and the HPV16-specific TCR [68] for TCR-T
    assert targets("TCR-T") == {D(x) for x in ("mart-1", "gp100", "mage-a1", "mage-a4", "hbsag", "kras", "ny-eso-1",
                                               "kk-lc-1", "wt1", "mc2", "cd19", "mage-protein-family", "prame",
                                               "ebv-lmp2", "hpv16")}
    # 2.1.2: "近年针对肝细胞癌靶点…GPC3、…MSLN、…CLDN18.2、…GD2、…HER2、…IL-13Rα2、…EGFR和…PSMA等的早期临床试验"
    assert targets("CAR-T") >= {D(x) for x in ("gpc3", "msln", "cldn18-2", "gd2", "her2", "il-13ra2", "egfr", "psma")}
    assert targets("LAK") == set()  # Table 1: LAK is non-antigen-specific: empty answer


@answers("tcr-t-antigens-by-category")
def test_tcr_t_antigens_by_category(store):
    # 2.2: "早期TCR-T临床试验多针对黑色素瘤分化抗原如 MART-1和gp100"
    rows = run(store, "tcr-t-antigens-by-category", category="tissue differentiation antigen")
    assert col(rows, "antigen") == {D("mart-1"), D("gp100")}
    assert col(rows, "targeted") == {"true"}
    # 2.2: MAGE family and PRAME are overexpressed antigens (MAGE-A1 [61], MAGE-A4 in Tecelra);
    # WT1 is overexpressed in AML and MDS
    rows = run(store, "tcr-t-antigens-by-category", category="overexpressed antigen")
    assert col(rows, "antigen") == {D("mage-protein-family"), D("prame"), D("mage-a1"), D("mage-a4"), WT1}
    # PRAME is the focus of current TCR-T research ("研究热点集中于…PRAME等过表达抗原"): a TCR-T target
    assert {r["antigen"]: r["targeted"] for r in rows}[D("prame")] == "true"
    # 2.2: TSA – the HBV surface antigen TCR [63] and KRAS [64]
    rows = run(store, "tcr-t-antigens-by-category", category="TSA")
    assert col(rows, "antigen") >= {D("hbsag"), D("kras")}
    assert col(rows, "groups") == {"tumour-specific antigen"}


@answers("entity-card")
def test_entity_card_is_a_graph_of_bcma(cli):
    done = cli("query", "entity-card", "-p", "entity=BCMA", "-f", "turtle")
    assert done.returncode == 0, done.stderr
    store = ox.Store()
    store.load(done.stdout.encode(), format=ox.RdfFormat.TURTLE)
    triples = {(q.subject.value, q.predicate.value, str(q.object)) for q in store}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    # 2.1.1: "B细胞成熟抗原(B cell maturation antigen, BCMA)"
    assert (BCMA, label, '"BCMA"@en') in triples
    assert (BCMA, label, '"B细胞成熟抗原"@zh') in triples
    assert (BCMA, "http://www.w3.org/2004/02/skos/core#altLabel", '"B cell maturation antigen"@en') in triples
    # Table 2 and 2.1.1: products directed against BCMA
    targeting = {s for s, p, o in triples if p == C("targetsAntigen") and o == f"<{BCMA}>"}
    assert targeting >= {D("abecma"), D("carvykti"), D("equecabtagene-autoleucel"),
                         D("zevorcabtagene-autoleucel"), D("bze2204")}
    assert cli("query", "entity-card", "-p", "entity=BCMA", "-f", "ntriples").stdout.count(" .\n") == len(triples)
    # incoming links and literal values: Table 2 row 5, the Abecma approval points at Abecma; 2.2: Tecelra's INN
    done = cli("query", "entity-card", "-p", "entity=Abecma", "-f", "ntriples")
    assert f"<{D('approval-abecma-fda-2021')}> <{C('approvedProduct')}> <{D('abecma')}> ." in done.stdout
    done = cli("query", "entity-card", "-p", "entity=Tecelra", "-f", "ntriples")
    assert f'<{D("tecelra")}> <{C("inn")}> "afamitresgene autoleucel"' in done.stdout
    assert f"<{D('study-spearhead-1')}> <{C('studiesTherapy')}> <{D('tecelra')}> ." in done.stdout


@answers("clinical-studies")
def test_clinical_studies(store):
    # GD2: 27 children with neuroblastoma [46], GD2-positive glioma [47] (2.1.2); 12 children, phase I [77] (2.4)
    rows = {r["study"]: r for r in run(store, "clinical-studies", target="GD2")}
    assert set(rows) == {D("study-ref46"), D("study-ref47"), D("study-ref77")}
    assert (rows[D("study-ref46")]["patients"], rows[D("study-ref77")]["patients"]) == ("27", "12")
    # phase III: DC-CIK (PD1-T) in metastatic colorectal cancer [84] (2.5) and NCT05727904 (2.3)
    assert col(run(store, "clinical-studies", phase="phase III"), "study") == {D("study-ref84"), D("study-nct05727904")}
    assert run(store, "clinical-studies", phase="Ⅲ期", type="CAR-T") == []  # no phase III CAR-T study: empty
    # SLE (and its narrower diseases): [52] 2021 case report, [50] cohort, [53] 2024 study, [54] juvenile SLE
    assert col(run(store, "clinical-studies", disease="SLE"), "study") == {
        D("study-ref50"), D("study-ref52"), D("study-ref53"), D("study-ref54")}
    # CAR-NK in patients (2.4): CD19 CAR-NK phase I/II [8], CD33 CAR-NK phase I [78], FT596 phase I [82]
    assert col(run(store, "clinical-studies", type="CAR-NK"), "study") == {
        D("study-ref8"), D("study-ref78"), D("study-ref82")}


@answers("study-outcomes")
def test_study_outcomes_of_ref40(store):
    # 2.1.1 [40]: 62 MM patients, median follow-up 21.3 months: MRD negativity 77%, ORR 92%, median PFS
    # 18.3 months, CRS 95%, neurotoxicity 11%
    rows = run(store, "study-outcomes", study="celltxd:study-ref40")
    got = {(r["outcome"].rsplit("/", 1)[1], num(r["proportion"]), num(r["duration"])) for r in rows}
    assert {(p, d) for _, p, d in got} == {(Decimal("0.77"), None), (Decimal("0.92"), None), (None, Decimal("18.3")),
                                           (Decimal("0.95"), None), (Decimal("0.11"), None)}
    mrd = next(r for r in rows if r["measureLabel"] == "MRD negativity rate")
    assert (num(mrd["timePoint"]), mrd["timeUnit"]) == (Decimal("21.3"), "month")
    # 2.2 SPEARHEAD-1: 52 patients, ORR 37%, CRS 71%, one grade 3 CRS
    rows = run(store, "study-outcomes", study="SPEARHEAD-1")
    assert {(num(r["proportion"]), num(r["patients"]), num(r["denominator"])) for r in rows} == {
        (Decimal("0.37"), None, 52), (Decimal("0.71"), None, 52), (None, 1, 52)}


@answers("response-rates")
def test_response_rates(store):
    # CR: 90% in r/r ALL [29] (2.1.1, 2014); all 21 patients at 30 days [41]; 83.3% at 28 days [42]
    rows = run(store, "response-rates", measure="CR rate")
    assert {(r["study"], num(r["proportion"])) for r in rows} == {
        (D("study-ref29"), Decimal("0.9")), (D("study-ref41"), Decimal("1")), (D("study-ref42"), Decimal("0.833"))}
    # ORR: 92% [40], 63% [46], 37% (SPEARHEAD-1, 2.2)
    rows = run(store, "response-rates", measure="ORR")
    assert {(r["study"], num(r["proportion"])) for r in rows} == {
        (D("study-ref40"), Decimal("0.92")), (D("study-ref46"), Decimal("0.63")), (D("study-spearhead-1"), Decimal("0.37"))}
    # 2.1.4 [60]: all 4 patients responded, two complete responses (counts)
    rows = [r for r in run(store, "response-rates") if r["study"] == D("study-ref60")]
    assert {(num(r["patients"]), num(r["denominator"])) for r in rows} == {(4, 4), (2, 4)}


@answers("survival-outcomes")
def test_survival_outcomes(store):
    # 2.1.1: median PFS 18.3 months [40]; OS 84% at 12 and 65.2% at 18 months [41]
    # 2.1.2: high-dose group 3-year OS 60% and EFS 36% [46]; OS 17.6 and 31.96 months in pontine and spinal
    #        cord glioma [47]; OS 23.9 months [49]
    # 2.6.2: 3-year OS 75% for ET019003 [11]
    rows = run(store, "survival-outcomes")
    got = {(r["study"].rsplit("/", 1)[1], num(r["duration"]) or num(r["proportion"]), num(r["timePoint"]))
           for r in rows}
    assert got == {
        ("study-ref40", Decimal("18.3"), None),
        ("study-ref41", Decimal("0.84"), 12), ("study-ref41", Decimal("0.652"), 18),
        ("study-ref46", Decimal("0.6"), 3), ("study-ref46", Decimal("0.36"), 3),
        ("study-ref47", Decimal("17.6"), None), ("study-ref47", Decimal("31.96"), None),
        ("study-ref49", Decimal("23.9"), None),
        ("study-ref11", Decimal("0.75"), 3),
    }
    assert col(run(store, "survival-outcomes", disease="glioma"), "study") == {D("study-ref47")}


@answers("toxicity-rates")
def test_toxicity_rates(store):
    # CRS: 95% [40]; mild CRS 52% [41]; none [42] (2.1.1); 71% and one grade-3 case of 52 (SPEARHEAD-1, 2.2);
    # one grade-2 case of 12 [77] (2.4)
    rows = run(store, "toxicity-rates", toxicity="CRS")
    got = {(r["study"].rsplit("/", 1)[1], num(r["proportion"]), num(r["patients"]), r["grade"]) for r in rows}
    assert got == {("study-ref40", Decimal("0.95"), None, None), ("study-ref41", Decimal("0.52"), None, None),
                   ("study-ref42", Decimal("0"), None, None), ("study-spearhead-1", Decimal("0.71"), None, None),
                   ("study-spearhead-1", None, 1, "3"), ("study-ref77", None, 1, "2")}
    # neurotoxicity: 11% [40]; no ICANS [47] (2.1.2); no severe neurotoxicity [53] (2.1.3)
    rows = run(store, "toxicity-rates", toxicity="neurotoxicity")
    assert col(rows, "study") == {D("study-ref40"), D("study-ref47"), D("study-ref53")}


@answers("named-trials")
def test_named_trials(store):
    # NCT04020575 (MUC1, 2.1.2), NCT06917742 (CPTX2309, 2.1.4), NCT05727904 (2.3), SPEARHEAD-1 (2.2),
    # ALPHA2/ALPHA (cema-cel, 2.1.4)
    rows = run(store, "named-trials")
    assert col(rows, "study") == {D("study-nct04020575"), D("study-nct06917742"), D("study-nct05727904"),
                                  D("study-spearhead-1"), D("study-ref56")}
    assert split(next(r for r in rows if r["study"] == D("study-ref56"))["trialNames"]) == {"ALPHA2", "ALPHA"}
    assert col(run(store, "named-trials", id="nct05727904"), "study") == {D("study-nct05727904")}
    assert run(store, "named-trials", id="NCT00000000") == []


@answers("combination-therapies")
def test_combination_therapies(store):
    # pembrolizumab after mesothelin CAR-T [49] (2.1.2); with lifileucel in NCT05727904 (2.3)
    assert col(run(store, "combination-therapies", drug="pembrolizumab"), "study") == {
        D("study-ref49"), D("study-nct05727904")}
    # anti-PD-1 antibody with TIL in cervical cancer [74] (2.3) and with HER2 CAR-M [88] (2.6.1)
    assert col(run(store, "combination-therapies", drug="anti-PD-1 antibody"), "study") == {
        D("study-ref74"), D("study-ref88")}
    # 2.5 [84]: capecitabine, oxaliplatin and bevacizumab with DC-CIK
    rows = run(store, "combination-therapies", drug="bevacizumab")
    assert col(rows, "study") == {D("study-ref84")}


@answers("history-timeline")
def test_history_timeline(store):
    # section 1 and Fig.1: 1985 LAK (ROSENBERG), 1986 TIL and preconditioning (ROSENBERG), 1986 TCR gene
    # transfer (STEINMETZ), 1989 chimeric TCR and first-generation CAR (ESHHAR), 1990s viral vectors, 1999
    # melanoma TCR in human T cells (CLAY)
    rows = run(store, "history-timeline", **{"from": 1980, "to": 1999})
    assert col(rows, "year") == {"1985", "1986", "1989", "1990", "1999"}
    by_year = {}
    for r in rows:
        by_year.setdefault(r["year"], set()).update(split(r["achievedBy"]))
    assert "ROSENBERG team" in by_year["1985"] and "STEINMETZ team" in by_year["1986"]
    assert "ESHHAR team" in by_year["1989"] and "CLAY team" in by_year["1999"]
    # 2021: first CAR-T approved in China (section 1, Fig.1), first BCMA CAR-T by FDA (Fig.1, Table 2),
    # first CD19 CAR-T in SLE (SCHETT, 2.1.3)
    assert col(run(store, "history-timeline", **{"from": 2021, "to": 2021}), "milestone") == {
        D("milestone-2021-first-car-t-approved-in-china"), D("milestone-2021-first-bcma-car-t-fda-approval"),
        D("milestone-2021-first-cd19-car-t-in-sle")}


@answers("milestones-by-agent")
def test_milestones_by_agent(store):
    # section 1: ROSENBERG's team – 1985 LAK, 1986 TIL superior to LAK, preconditioning
    assert col(run(store, "milestones-by-agent", agent="Steven ROSENBERG"), "milestone") == {
        D("milestone-1985-first-lak-therapy"), D("milestone-1986-til-superior-to-lak"),
        D("milestone-1986-preconditioning-enhances-act")}
    # section 1 and Fig.1: ESHHAR – chimeric TCR (1989) and the first-generation CAR
    assert col(run(store, "milestones-by-agent", agent="Zelig ESHHAR"), "milestone") == {
        D("milestone-1989-chimeric-tcr-concept"), D("milestone-first-generation-car")}
    # Fig.1: Carl JUNE – 4-1BB second-generation CAR; section 1: 2011 CD19 CAR-T clinical efficacy
    assert col(run(store, "milestones-by-agent", agent="Carl JUNE"), "milestone") == {
        D("milestone-second-generation-car-4-1bb"), D("milestone-2011-june-first-cd19-car-t-clinical-efficacy")}


@answers("car-generations")
def test_car_generations(store):
    # section 1 and Fig.2: 1st scFv + CD3ζ; 2nd adds CD28 or 4-1BB; 3rd several costimulatory domains
    # (CD28ζ and 4-1BBζ); 4th a cytokine (IL-12, IL-22) joined by 2A peptide or G4S; 5th dual targets,
    # logic gates, suicide genes or small-molecule switches
    rows = {int(r["number"]): r for r in run(store, "car-generations")}
    assert sorted(rows) == [1, 2, 3, 4, 5]
    parts = {n: set(r["prototypeComponentIris"].split()) for n, r in rows.items()}
    base = {D("scfv"), D("cd3-zeta-domain")}
    assert parts[1] == base
    assert parts[2] == base | {D("cd28-domain"), D("4-1bb-domain")}
    assert parts[3] == base | {D("cd28-domain"), D("4-1bb-domain")}
    assert parts[4] >= {D("il-12-payload"), D("il-22-payload"), D("2a-peptide"), D("g4s-linker")}
    assert parts[5] >= {D("logic-gate"), D("suicide-gene"), D("small-molecule-switch")}
    assert rows[2]["labelZh"] == "第二代CAR"


@answers("car-domains")
def test_car_domains(store):
    # 2.1.1: "Kymriah(采用4-1BB共刺激域)和Yescarta(采用CD28共刺激域)"
    assert col(run(store, "car-domains", therapy="Kymriah"), "componentNode") == {D("4-1bb-domain")}
    assert col(run(store, "car-domains", therapy="Yescarta"), "componentNode") == {D("cd28-domain")}
    # a caspase-9 gene: the third-generation GD2 CAR-T [46] (2.1.2) and cord blood CD19 CAR-NK [81] (2.4)
    rows = run(store, "car-domains", component="caspase-9 suicide gene")
    assert col(rows, "therapy") == {D("therapy-ref46-gd2-car-t"), D("therapy-ref81-cord-blood-cd19-car-nk")}
    # CXCR4 overexpressed in the CD33 CAR-CIK [85] (2.5)
    assert col(run(store, "car-domains", component="CXCR4 homing receptor"), "therapy") == {
        D("therapy-ref85-cd33-car-cik-cxcr4")}


@answers("therapies-by-cell-source")
def test_therapies_by_cell_source(store):
    # iPSC: FT596 (2.4), iPSC-derived CAR-M [9] (2.6.1), CAR-neutrophils [95] (2.6.4)
    assert col(run(store, "therapies-by-cell-source", source="iPSC"), "therapy") == {
        D("ft596"), D("therapy-ref9-ipsc-car-m"), D("therapy-ref95-ipsc-car-neutrophil")}
    # 2.6.1 [90]: M2 macrophages reprogrammed into FAP CAR-M
    assert col(run(store, "therapies-by-cell-source", source="M2 macrophage"), "therapy") == {
        D("therapy-ref90-fap-car-m")}
    # 2.6.4: the only neutrophil therapy
    assert col(run(store, "therapies-by-cell-source", cell="neutrophil"), "therapy") == {
        D("therapy-ref95-ipsc-car-neutrophil")}


@answers("therapies-by-method")
def test_therapies_by_method(store):
    # lentiviral vector: CD19/BCMA dual CAR-T [44] (2.1.1), HBsAg TCR-T [63] (2.2), Sonoma's CAR-Treg [10] (2.6.3)
    assert col(run(store, "therapies-by-method", method="lentiviral vector"), "therapy") == {
        D("therapy-ref44-cd19-bcma-car-t"), D("therapy-ref63-hbsag-tcr-t"), D("therapy-ref10-car-treg")}
    # retroviral vector: cord blood CD19 CAR-NK [81] (2.4); LNP: in vivo anti-fibrotic CAR-T [58] (2.1.4)
    assert col(run(store, "therapies-by-method", method="retroviral vector"), "therapy") == {
        D("therapy-ref81-cord-blood-cd19-car-nk")}
    assert col(run(store, "therapies-by-method", method="LNP"), "therapy") == {D("therapy-ref58-in-vivo-antifibrotic-car-t")}
    # CRISPR/Cas9-built CD19/CD22 CAR-T [42] (2.1.1)
    assert D("therapy-ref42-cd19-cd22-car-t") in col(run(store, "therapies-by-method", method="CRISPR/Cas9"), "therapy")


@answers("universal-therapies")
def test_universal_therapies(store):
    # 2.1.4: cema-cel (off-the-shelf, ALLO-501), UCART20x22 (Cellectis), BCMA/CD47 UCAR-T [57], CTD402
    ucar_t = {D("cema-cel"), D("ucart20x22"), D("therapy-ref57-bcma-cd47-ucar-t"), D("ctd402")}
    assert col(run(store, "universal-therapies", type="CAR-T"), "therapy") == ucar_t
    # 2.2 [70] calls the liposome-guided NY-ESO-1 TCR-T "通用型TCR-T", universal in that one product can
    # recognise any tumour shown the antigen – not donor cells made in advance – so no other therapy is
    # universal in the off-the-shelf sense (the fact file records this reading in an ambiguity note)
    assert col(run(store, "universal-therapies"), "therapy") == ucar_t


@answers("in-vivo-therapies")
def test_in_vivo_therapies(store):
    # 2.1.4: EPSTEIN's LNP-mRNA CAR-T in mice (2022) [58], Capstan (2025) [59], CPTX2309 (NCT06917742),
    # in vivo BCMA CAR-T in 4 MM patients (July 2025) [60]
    rows = run(store, "in-vivo-therapies", type="CAR-T")
    assert col(rows, "therapy") == {D("therapy-ref58-in-vivo-antifibrotic-car-t"), D("therapy-ref59-capstan-in-vivo-car-t"),
                                    D("cptx2309"), D("therapy-ref60-in-vivo-bcma-car-t")}
    assert {r["therapy"]: r["firstReported"] for r in rows}[D("therapy-ref58-in-vivo-antifibrotic-car-t")] == "2022"
    # 2.6.1 [90]: the in vivo FAP CAR-M
    assert D("therapy-ref90-fap-car-m") in col(run(store, "in-vivo-therapies"), "therapy")


@answers("autoimmune-applications")
def test_autoimmune_applications(store):
    # 2.1.3: SLE [50, 52, 53, 54], idiopathic inflammatory myositis and systemic sclerosis [53], juvenile SLE and
    # paediatric lupus nephritis [54], myasthenia gravis with BCMA CAR-T [51]; 2.6.3: MOG CAR-Treg in a
    # multiple sclerosis model [94]
    rows = run(store, "autoimmune-applications")
    assert col(rows, "disease") == {D("sle"), D("paediatric-sle"), D("lupus-nephritis"), D("idiopathic-inflammatory-myopathy"),
                                    D("systemic-sclerosis"), D("myasthenia-gravis"), D("multiple-sclerosis")}
    assert set().union(*(split(r["targets"]) for r in rows)) == {"CD19", "BCMA", "myelin oligodendrocyte glycoprotein"}
    assert {(r["disease"], r["study"]) for r in run(store, "autoimmune-applications", type="CAR-Treg")} == {
        (D("multiple-sclerosis"), D("study-ref94"))}
    mg = next(r for r in rows if r["disease"] == D("myasthenia-gravis"))
    assert (mg["targets"], mg["patients"]) == ("BCMA", "2")


@answers("challenges")
def test_challenges(store):
    # section 1: TIL is limited by tissue sampling, surgery timing and indications, TME suppression (exhaustion,
    # immune escape), individual variation and difficult scale-up
    rows = run(store, "challenges", type="TIL", section="1")
    assert col(rows, "challenge") == {D("challenge-til-" + x) for x in (
        "sampling-difficulty", "surgery-timing", "restricted-indications", "tme-exhaustion-and-immune-escape",
        "individual-variation", "scale-up")}
    # Abstract: target antigen loss, immunosuppressive microenvironment, treatment-related toxicity,
    # production cost and accessibility
    assert col(run(store, "challenges", section="Abstract"), "challenge") == {
        D("challenge-target-antigen-loss"), D("challenge-immunosuppressive-microenvironment"),
        D("challenge-treatment-related-toxicity"), D("challenge-production-cost-and-accessibility")}


@answers("strategies-for-challenge")
def test_strategies_for_challenge(store):
    # 2.1.1: against antigen loss – multi-target strategies: several CAR-T products together or in sequence,
    # multi-target CAR-T cells (co-expressed CARs or one tandem CAR), the tri-target CAR-T
    rows = run(store, "strategies-for-challenge", challenge="target antigen loss")
    assert col(rows, "strategy") == {D("strategy-" + x) for x in (
        "multi-target", "combined-or-sequential-car-t-products", "multi-target-car-t-cells",
        "co-expression-of-multiple-cars", "tandem-car", "tri-target-car-t")}
    # section 3: against the immunosuppressive microenvironment – armoured cells [101], repeated stimulation,
    # immunomodulatory drugs
    rows = run(store, "strategies-for-challenge", challenge="immunosuppressive microenvironment")
    assert col(rows, "strategy") >= {D("strategy-ref101-armoured-cytokine-secreting-cells"),
                                     D("strategy-repeated-stimulation-against-dysfunction"),
                                     D("strategy-immunomodulatory-drug-combination")}


@answers("strategies")
def test_strategies(store):
    # 2.3: costimulatory molecules for ex vivo expansion, enrichment of tumour-reactive cells, gene-edited
    # next-generation TIL, the CD28/CD40 chimeric costimulatory receptor [76], combination with checkpoint inhibitors
    assert col(run(store, "strategies", type="TIL"), "strategy") >= {D("strategy-" + x) for x in (
        "til-costimulatory-ex-vivo-expansion", "til-tumour-reactive-enrichment", "til-gene-edited-next-generation",
        "ref76-chimeric-costimulatory-receptor", "til-checkpoint-inhibitor-combination")}
    # section 3: iPSC off-the-shelf products, automated closed manufacturing, diversified payment, a unified
    # registry, armoured cells [101], metabolic regulation [102-103]
    assert col(run(store, "strategies", section="3"), "strategy") >= {D("strategy-" + x) for x in (
        "ipsc-off-the-shelf-products", "automated-closed-manufacturing", "multi-payer-payment-and-access-models",
        "real-world-data-and-unified-registry", "ref101-armoured-cytokine-secreting-cells",
        "ref102-103-metabolic-regulation")}


@answers("organisations-multiple-agencies")
def test_organisations_with_more_than_one_agency(store):
    # Table 2: only Legend Biotech has approvals from FDA (Carvykti 2022) and NMPA (2024)
    rows = run(store, "organisations-multiple-agencies")
    assert [(r["developer"], r["agencies"], r["approvals"]) for r in rows] == [(D("legend-biotech"), "2", "2")]
    assert split(rows[0]["agencyNames"]) == {"FDA", "NMPA"}
    # every developer with an approval: the 11 developers of Table 2 and Iovance (Lifileucel, 2.3)
    assert len(run(store, "organisations-multiple-agencies", minimum=1)) == 12
    assert run(store, "organisations-multiple-agencies", minimum=3) == []  # only two agencies exist: empty


@answers("antigens-approved-and-investigational")
def test_antigens_approved_and_investigational(store):
    # CD19 (Table 2; investigational: 2.1.1, 2.1.3, 2.1.4, 2.4, 2.6.2) and BCMA (Table 2; 2.1.1 [40, 43, 44, 45],
    # 2.1.3 [51], 2.1.4 [57, 60]); MAGE-A4 has only Tecelra
    assert col(run(store, "antigens-approved-and-investigational"), "antigen") == {CD19, BCMA}
    assert col(run(store, "antigens-approved-and-investigational", type="CAR-NK"), "antigen") == {CD19}  # 2.4


@answers("diseases-multiple-therapy-kinds")
def test_diseases_treated_by_more_than_one_kind(store):
    # AML: CAR-T [33], CAR-NK [78], TCR-T [7]; breast cancer: CAR-T (HER2, 2.1.2 early trials), CAR-M [89];
    # metastatic breast cancer ("转移性乳腺癌"): CAR-T (MUC1, NCT04020575), TIL [71]; cervical cancer: TCR-T (the HPV16
    # TCR [68]), TIL (2.3); colorectal cancer: CAR-T (EGFR, 2.1.2 early trials), CIK (2.5);
    # leukaemia: CAR-T [36, 98], CAR-NK [79, 81]; melanoma: TIL (Lifileucel), TCR-T (MART-1, gp100);
    # neuroblastoma: CAR-T [46, 77], CAR-NK [79]; NHL: CAR-T [44, 45], CAR-NK [8];
    # NSCLC: TIL [73, 75], TCR-T (NY-ESO-1, KK-LC-1); pancreatic cancer: CAR-T [48], TCR-T [64]
    rows = run(store, "diseases-multiple-therapy-kinds")
    assert {r["condition"].rsplit("/", 1)[1]: split(r["kinds"]) for r in rows} == {
        "aml": {"CAR-T", "CAR-NK", "TCR-T"}, "breast-cancer": {"CAR-T", "CAR-M"},
        "metastatic-breast-cancer": {"CAR-T", "TIL"}, "cervical-cancer": {"TCR-T", "TIL"}, "colorectal-cancer": {"CAR-T", "CIK"},
        "leukemia": {"CAR-T", "CAR-NK"}, "melanoma": {"TIL", "TCR-T"}, "neuroblastoma": {"CAR-T", "CAR-NK"},
        "nhl": {"CAR-T", "CAR-NK"}, "nsclc": {"TIL", "TCR-T"}, "pancreatic-cancer": {"CAR-T", "TCR-T"}}
    # only CAR-T in myeloma and SLE; only CAR-Treg (itself a CAR-T) in multiple sclerosis: absent
    assert not col(rows, "condition") & {D("multiple-myeloma"), D("sle"), D("multiple-sclerosis")}
    # within autoimmune diseases: empty answer
    assert run(store, "diseases-multiple-therapy-kinds", disease="autoimmune disease") == []


@answers("label-search")
def test_label_search_finds_entities_by_english_chinese_and_synonym(store):
    def found(text):
        return [r["entity"] for r in run(store, "label-search", text=text)]

    assert found("B细胞成熟抗原")[0] == BCMA  # 2.1.1
    assert found("bcma")[0] == BCMA
    assert found("Afami-cel")[0] == D("tecelra")  # 2.2: "Tecelra(也称Afami-cel)"
    assert C("CARTTherapy") in found("嵌合抗原受体T细胞")  # section 1: CAR-T's Chinese name
    assert found("SPEARHEAD-1")[0] == D("study-spearhead-1")  # 2.2
    assert found("NCT06917742")[0] == D("study-nct06917742")  # 2.1.4
    assert D("yescarta") in found("阿基仑赛注射液")  # section 1: China's first CAR-T product, axi-cel (Table 2 row 8)
    assert found("no such name in the review") == []
    # statements and definitions are searched too, in both languages: section 1 "肿瘤免疫监视假说" (before 1960)
    # and 2.4 "脐带血可作为重要来源 , 提供更幼稚、增殖能力更强的NK细胞 [80]"
    assert D("milestone-pre-1960-immune-surveillance-hypothesis") in found("免疫监视")
    assert D("finding-cord-blood-nk-source") in found("脐带血")
    assert D("milestone-pre-1960-immune-surveillance-hypothesis") in found("immune surveillance")
    # a name still ranks before a statement that mentions it
    assert found("SPEARHEAD-1")[0] == D("study-spearhead-1")


@answers("evidence")
def test_evidence(store):
    # Kymriah's 2017 FDA approval is stated four times: section 1 ("2017年 , 首款CAR-T产品Kymriah获FDA批准"),
    # 2.1.1, Fig.1 ("FDA approval of the first CD19 CAR-T") and Table 2 row 1, as printed
    rows = run(store, "evidence", entity="celltxd:approval-kymriah-fda-2017")
    assert col(rows, "locator") == {"1", "2.1.1", "Fig.1", "Table 2"}
    assert {r["quote"] for r in rows if r["locator"] == "Table 2"} == {"Kymriah Novartis B-ALL/B-cell lymphoma CD19 2017 FDA"}
    assert col(rows, "source") == {D("review")}
    # 2.2: Tecelra's approval sentence
    rows = run(store, "evidence", entity="Tecelra")
    assert any(r["locator"] == "2.2" and "Tecelra(也称Afami-cel)" in r["quote"] for r in rows)
    # every fact comes from the review: filtering by it keeps all four records; a node that is no source is refused
    rows = run(store, "evidence", entity="celltxd:approval-kymriah-fda-2017", source="celltxd:review")
    assert col(rows, "locator") == {"1", "2.1.1", "Fig.1", "Table 2"}
    from celltx_kg.errors import UsageError

    with pytest.raises(UsageError, match="no entity of class celltx:SourceDocument"):
        run(store, "evidence", entity="Kymriah", source="celltxd:cd19")


@answers("facts-citing-reference")
def test_facts_citing_reference(store):
    # [40] is cited once, in 2.1.1, for the phase II co-infusion study and its five results
    rows = run(store, "facts-citing-reference", reference=40)
    assert col(rows, "fact") >= {D("study-ref40"), D("outcome-ref40-mrd-negativity"), D("outcome-ref40-orr"),
                                 D("outcome-ref40-median-pfs"), D("outcome-ref40-crs-incidence"),
                                 D("outcome-ref40-neurotoxicity-incidence")}
    assert col(rows, "sections") == {"2.1.1"}
    # [72] is Lifileucel's approval (2.3)
    assert D("lifileucel") in col(run(store, "facts-citing-reference", reference=72), "fact")
    assert run(store, "facts-citing-reference", reference=999) == []  # the review cites 103 references


@answers("guidelines")
def test_guidelines(store):
    # 2.3: the TIL working group's 2024 expert consensus; 2.5: the International Society of CIK cells'
    # standardised production protocol
    rows = {r["guideline"]: r for r in run(store, "guidelines")}
    assert set(rows) == {D("guideline-til-2024"), D("guideline-cik-standardised-production-protocol")}
    assert (rows[D("guideline-til-2024")]["year"], rows[D("guideline-til-2024")]["issuedBy"]) == ("2024", "TIL working group")
    assert rows[D("guideline-cik-standardised-production-protocol")]["issuedBy"] == "International Society of CIK cells"
    assert col(run(store, "guidelines", type="TIL"), "guideline") == {D("guideline-til-2024")}


@answers("developers")
def test_developers(store):
    # Table 2: Gilead Sciences (Yescarta, Tecartus) and Bristol-Myers Squibb (Breyanzi, Abecma): 2 products,
    # 2 approvals each; Legend Biotech: 1 product (Carvykti), 2 approvals; CARsgen: Zevorcabtagene (approved)
    # and the Claudin18.2 CAR-T (2.1.2)
    rows = {r["developer"]: (int(r["products"]), int(r["approvedProducts"]), int(r["approvals"]))
            for r in run(store, "developers")}
    assert rows[D("gilead-sciences")] == (2, 2, 2)
    assert rows[D("bristol-myers-squibb")] == (2, 2, 2)
    assert rows[D("legend-biotech")] == (1, 1, 2)
    assert rows[D("carsgen-therapeutics")] == (2, 1, 1)
    assert rows[D("fate-therapeutics")] == (1, 0, 0)  # FT596 (2.4)
    # Table 2 row 8: Fosun Kite Biotechnology, axicabtagene ciloleucel (from Yescarta), NMPA 2021
    assert rows[D("fosun-kite-biotechnology")] == (1, 1, 1)
    # Table 2 rows 6 and 12: Legend Biotech's one product, printed under two names
    legend = next(r for r in run(store, "developers") if r["developer"] == D("legend-biotech"))
    assert split(legend["approvalNames"], "; ") == {"FDA 2022 (Carvykti Ciltacabtagene autoleucel)",
                                                     "NMPA 2024 (Ciltacabtagene Autoleucel)"}


@answers("describe")
def test_describe_shows_both_directions_literals_and_evidence(store):
    # 2.2: "美国FDA批准了首款用于实体瘤的TCR-T细胞疗法Tecelra(也称Afami-cel), 用于治疗表达HLA-A*02及MAGE-A4的
    # 晚期滑膜肉瘤或粘黏液样圆细胞脂肪肉瘤"; SPEARHEAD-1 is its phase II study
    rows = run(store, "describe", entity="Tecelra")
    out = {(r["property"], r["value"]) for r in rows if r["direction"] == "out"}
    assert {(C("indicatedFor"), D("synovial-sarcoma")), (C("indicatedFor"), D("myxoid-liposarcoma")),
            (C("targetsAntigen"), D("mage-a4"))} <= out
    assert ("http://www.w3.org/2004/02/skos/core#altLabel", "Afami-cel") in out  # a literal value
    incoming = {(r["property"], r["value"]) for r in rows if r["direction"] == "in"}
    assert {(C("approvedProduct"), D("approval-tecelra-fda-2024")), (C("studiesTherapy"), D("study-spearhead-1"))} <= incoming
    evidence = [r for r in rows if r["direction"] == "evidence"]
    assert any("Tecelra(也称Afami-cel)" in r["value"] and r["valueLabel"] == "2.2" for r in evidence)
    assert {r["valueLabel"] for r in rows if r["value"] == D("mage-a4")} == {"MAGE-A4"}  # labels of linked nodes
    # 2.2 lists the MAGE family and PRAME as the overexpressed antigens, not WT1: WT1's class is marked as the
    # curator's reading; the review's own statements carry no mark
    rows = run(store, "describe", entity="WT1")
    marked = {r["value"]: r["curatorInference"] for r in rows if r["direction"] == "out" and r["curatorInference"]}
    assert set(marked) == {C("OverexpressedAntigen")}


@answers("statements-about")
def test_statements_about_an_entity_or_a_class(store):
    def found(entity):
        return {r["statement"] for r in run(store, "statements-about", entity=entity)}

    # 2.3: "成为全球首款正式上市的TIL细胞疗法产品" (a milestone about Lifileucel) and section 1's 1986 finding
    # that IL-2-expanded TIL beat LAK cells; the 2024 TIL expert consensus (2.3)
    til = found("celltx:TILTherapy")
    assert {D("milestone-lifileucel-first-marketed-til"), D("milestone-1986-til-superior-to-lak"),
            D("guideline-til-2024")} <= til
    # a class also takes its subclasses: CAR-Treg therapy is a CAR-T therapy (section 1), so statements about
    # CAR-Treg (2.6.3) are statements about CAR-T
    assert found("celltx:CARTregTherapy") <= found("celltx:CARTTherapy")
    # 2.5 [86] "加速糖尿病相关伤口的愈合过程": the finding is about the diabetic wound, found by its Chinese name
    assert found("糖尿病相关伤口") == {D("finding-ref86-diabetic-wound-healing")}
    rows = run(store, "statements-about", entity="糖尿病相关伤口")
    assert rows[0]["kind"] == "finding" and "糖尿病相关伤口" in rows[0]["statementZh"] and rows[0]["sections"] == "2.5"


@answers("antigens-by-section")
def test_antigens_by_section(store):
    # 2.1.2: "近年针对肝细胞癌靶点…GPC3、…MSLN、…CLDN18.2、…GD2、…HER2、…IL-13Rα2、…EGFR和…PSMA" and MUC1
    rows = {r["antigen"]: r for r in run(store, "antigens-by-section", section="2.1.2")}
    assert set(rows) == {D(x) for x in ("gpc3", "msln", "cldn18-2", "gd2", "her2", "il-13ra2", "egfr", "psma", "muc1")}
    assert all("CAR-T" in split(r["targetedBy"]) for r in rows.values())
    # 2.2: the TCR-T antigens; the review's own classes (MART-1, gp100 differentiation antigens; MAGE family and
    # PRAME overexpressed) carry no curator's mark, the classes it does not state do
    rows = {r["antigen"].rsplit("/", 1)[1]: r for r in run(store, "antigens-by-section", section="2.2")}
    assert {"mart-1", "gp100", "mage-protein-family", "prame", "mage-a1", "mage-a4", "wt1", "hbsag", "kras",
            "ebv-lmp2", "hpv16", "ny-eso-1", "kk-lc-1", "mc2"} == set(rows)
    assert all(r["targetedBy"] == "TCR-T" for r in rows.values())
    assert rows["mart-1"]["classes"] == "tissue differentiation antigen" and rows["mart-1"]["curatorsClasses"] == ""
    assert rows["prame"]["curatorsClasses"] == "" and rows["wt1"]["curatorsClasses"] == "overexpressed antigen"
    assert rows["kras"]["curatorsClasses"] == "neoantigen"
    assert run(store, "antigens-by-section", section="9.9") == []  # no such section: empty answer


@answers("study-card")
def test_study_card(store):
    # 2.1.1 [40]: "一项Ⅱ期试验对62例MM患者联合输注BCMA CAR-T与CD19 CAR-T, 中位随访21.3个月时 , 77%患者维持…MRD
    # 阴性 , …ORR达 92%, 中位…PFS为18.3个月 ; …CRS发生率为95%, 神经毒性发生率11%"
    rows = run(store, "study-card", study="celltxd:study-ref40")
    fields = {}
    for r in rows:
        fields.setdefault(r["field"], []).append(r)
    assert [r["valueText"] for r in fields["has phase"]] == ["phase II"]
    assert [r["value"] for r in fields["number of patients"]] == ["62"]
    assert [r["value"] for r in fields["median follow-up"]] == ["21.3"]
    assert {r["value"] for r in fields["outcome"]} == {D("outcome-ref40-" + x) for x in (
        "mrd-negativity", "orr", "median-pfs", "crs-incidence", "neurotoxicity-incidence")}
    assert {r["valueText"] for r in fields["evidence"]} == {"section 2.1.1"}
    assert [r["field"] for r in rows].index("has phase") < [r["field"] for r in rows].index("outcome")
    # 2.1.2 [47] "采用脑室内输注CAR-T"; 2.1.3 [52] "在新英格兰杂志发表"
    route = [r for r in run(store, "study-card", study="celltxd:study-ref47") if r["field"] == "administration route"]
    assert [r["valueText"] for r in route] == ["intraventricular infusion"]
    journal = [r for r in run(store, "study-card", study="celltxd:study-ref52") if r["field"] == "published in"]
    assert [r["valueText"] for r in journal] == ["New England Journal of Medicine"]


def test_sparql_help_lists_the_predeclared_prefixes_and_own_prefixes_add_to_them(cli):
    from celltx_kg.namespaces import PREFIXES

    help_text = cli("sparql", "--help").stdout
    for prefix, namespace in PREFIXES.items():
        assert f"{prefix}:" in help_text and f"<{namespace}>" in help_text
    # a query that declares one prefix of its own still sees the predeclared ones (Table 2 + 2.2 + 2.3: 16 approvals)
    done = cli("sparql", "-f", "csv", "PREFIX ex: <https://example.org/> SELECT (COUNT(*) AS ?n) WHERE { ?a celltx:approvedProduct ?p }")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "16"


def test_docs_list_the_prefixes_and_their_worked_example_runs(store):
    from celltx_kg.namespaces import PREFIXES

    from conftest import select

    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    missing = [p for p in PREFIXES if f"`{p}:`" not in docs]
    assert not missing, f"docs/queries.md does not list the predeclared prefixes {missing}"
    example = re.search(r"```sparql\n(.*?)```", docs.split("A worked example", 1)[1], re.S).group(1)
    rows = select(store, example)
    # Table 2: the BCMA CAR-T approvals are rows 5, 6, 10, 12 and 13, all for MM, as printed
    assert sorted((r["name"], r["year"]) for r in rows) == sorted([
        ("Abecma", "2021"), ("Carvykti Ciltacabtagene autoleucel", "2022"), ("Equecabtagene Autoleucel", "2023"),
        ("Ciltacabtagene Autoleucel", "2024"), ("Zevorcabtagene Autoleucel", "2024")])
    assert {r["diseaseLabel"] for r in rows} == {"multiple myeloma"}
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for kind in ("CellTherapyProduct", "RegulatoryApproval", "ClinicalTrial", "OutcomeMeasurement", "celltx:Finding",
                 "celltx:Evidence", "celltx:curatorInference"):
        assert kind in model, f"docs/model.md shows no {kind}"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_results_are_written_as_pyoxigraph_writes_them(store, fmt):
    """The rows come out of the query thread as pyoxigraph's row objects: every W3C format is
    byte for byte what pyoxigraph writes for the same query (unbound values, a language tag and a
    typed literal included)."""
    import pyoxigraph as ox

    from celltx_kg.sparql.render import SELECT_FORMATS, render
    from celltx_kg.sparql.run import run_sparql

    text = """SELECT ?s ?label ?year ?none ?b WHERE {
      VALUES (?s ?label ?year ?b) { (celltxd:kymriah "Kymriah"@en 2017 UNDEF) (celltxd:bcma UNDEF UNDEF UNDEF) }
    } ORDER BY ?s"""
    expected = store.query(text, prefixes={"celltxd": "https://w3id.org/celltx/id/"})
    assert isinstance(expected, ox.QuerySolutions)
    result = run_sparql(store, text)
    assert render(result, fmt) == expected.serialize(format=SELECT_FORMATS[fmt])
    assert [[str(t) for t in row] for row in result] == [[str(t) for t in row] for row in result]  # read twice


def test_a_construct_and_an_ask_come_back_whole(store):
    from celltx_kg.sparql.run import run_sparql

    triples = run_sparql(store, "CONSTRUCT { ?s a ?c } WHERE { VALUES ?s { celltxd:kymriah } ?s a ?c }", max_rows=3,
                         truncate=True)
    assert 1 <= len(triples) <= 4 and all(str(t.subject) == "<https://w3id.org/celltx/id/kymriah>" for t in triples)
    assert bool(run_sparql(store, "ASK { celltxd:kymriah ?p ?o }")) is True
    assert bool(run_sparql(store, "ASK { celltxd:kymriah celltxd:nothing ?o }")) is False
