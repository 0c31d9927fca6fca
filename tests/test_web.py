"""`celltx-kg serve`: the web workbench as a real server on 127.0.0.1 at a free port, spoken to over
HTTP (urllib, SPARQLWrapper). Expected values come from the review's Table 2 and section text."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from celltx_kg.web.server import Workbench

pytestmark = pytest.mark.server

#: Table 2 of the review: the approvals of BCMA-targeted products (product as the row prints it, year, agency).
BCMA_APPROVALS = {("Abecma", "2021", "FDA"), ("Carvykti Ciltacabtagene autoleucel", "2022", "FDA"),
                  ("Equecabtagene Autoleucel", "2023", "NMPA"), ("Ciltacabtagene Autoleucel", "2024", "NMPA"),
                  ("Zevorcabtagene Autoleucel", "2024", "NMPA")}
AGENCY = {"Food and Drug Administration": "FDA", "National Medical Products Administration": "NMPA"}


@pytest.fixture(scope="module")
def web():
    server = Workbench().start()
    yield server
    code, err = server.stop()
    assert code == 0, err
    assert "Traceback" not in err, err


def get(url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None):
    """(status, headers, body) of a request; HTTP errors are answers too."""
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def api(web, name: str, **params) -> str:
    return f"{web.base_url}/api/queries/{name}?{urllib.parse.urlencode(params)}"


def test_rest_api_answers_a_saved_query_as_the_review_prints_it(web):
    status, headers, body = get(api(web, "approved-products", target="BCMA", format="csv"))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert {(r["productName"], r["approvalYear"], AGENCY[r["agencyLabel"]]) for r in rows} == BCMA_APPROVALS
    assert len(rows) == len(BCMA_APPROVALS)


@pytest.mark.parametrize("target", ["BCMA", "B细胞成熟抗原", "HGNC:11913"], ids=["label", "chinese", "hgnc"])
def test_rest_api_resolves_parameters_as_the_cli_does(web, cli, target):
    status, _, body = get(api(web, "approved-products", target=target, format="csv"))
    local = cli("query", "approved-products", "--param", f"target={target}", "-f", "csv")
    assert local.returncode == 0, local.stderr
    assert status == 200
    assert body.decode().replace("\r\n", "\n") == local.stdout.replace("\r\n", "\n")


@pytest.mark.parametrize("params, status", [
    ({"target": "no such antigen"}, 400),
    ({"tagret": "BCMA"}, 400),
    ({"year": "twenty"}, 400),
])
def test_rest_api_errors_carry_the_cli_message(web, cli, params, status):
    got, headers, body = get(api(web, "approved-products", **params))
    argv = [w for k, v in params.items() for w in ("--param", f"{k}={v}")]
    local = cli("query", "approved-products", *argv)
    assert local.returncode == 2
    assert got == status and headers["Content-Type"] == "application/json"
    assert "celltx-kg: error: " + json.loads(body)["error"] == local.stderr.strip()


def test_unknown_query_is_a_404_with_a_suggestion(web):
    status, _, body = get(f"{web.base_url}/api/queries/aproved-products")
    assert status == 404
    assert "approved-products" in json.loads(body)["error"]


def test_openapi_describes_every_saved_query_from_its_header(web):
    from celltx_kg.sparql.catalogue import read_catalogue

    status, _, body = get(f"{web.base_url}/openapi.json")
    spec = json.loads(body)
    assert status == 200 and spec["openapi"].startswith("3.")
    for query in read_catalogue().values():
        operation = spec["paths"][f"/api/queries/{query.name}"]["get"]
        assert operation["summary"] == query.title
        assert query.meta["description"] in operation["description"]
        params = {p["name"]: p for p in operation["parameters"]}
        assert set(params) == {p.name for p in query.params} | {"format"}
        for prm in query.params:
            assert params[prm.name]["required"] == prm.required
            assert params[prm.name].get("example") == prm.example


def test_sparql_endpoint_speaks_the_protocol_to_sparqlwrapper(web):
    from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper

    text = ("PREFIX celltx: <https://w3id.org/celltx/> SELECT ?year WHERE { ?a celltx:approvedProduct "
            "<https://w3id.org/celltx/id/kymriah> ; celltx:year ?year }")
    client = SPARQLWrapper(f"{web.base_url}/sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    years = {b["year"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert "2017" in years  # Kymriah: FDA approval in 2017 (section 1, Table 2)
    client.setMethod(POST)
    client.setReturnFormat(XML)
    assert "2017" in client.query().convert().toxml()
    client.setReturnFormat(CSV)
    assert "2017" in client.query().convert().decode().split()


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_sparql_results_format_follows_accept(web, accept, media):
    query = urllib.parse.urlencode({"query": "ASK { <https://w3id.org/celltx/id/kymriah> ?p ?o }"
                                    if "csv" not in accept and "tab" not in accept else
                                    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"})
    status, headers, body = get(f"{web.base_url}/sparql?{query}", accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    if "json" in accept:
        assert json.loads(body)["boolean"] is True
    if "csv" in accept or "tab" in accept:
        assert len(body.decode().strip().splitlines()) == 4  # header + LIMIT 3


@pytest.mark.parametrize("text, status, words", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 400, "SERVICE"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
    ("SELECT * WHERE { ?s ?p }", 400, "syntax"),
])
def test_sparql_endpoint_refuses_service_updates_and_bad_syntax(web, text, status, words):
    got, _, body = get(f"{web.base_url}/sparql", data=urllib.parse.urlencode({"query": text}).encode(),
                       content_type="application/x-www-form-urlencoded")
    assert got == status and words in json.loads(body)["error"]


def test_sparql_endpoint_refuses_update_requests(web):
    got, _, body = get(f"{web.base_url}/sparql", data=b"CLEAR ALL", content_type="application/sparql-update")
    assert got == 403 and "read-only" in json.loads(body)["error"]
    got, _, _ = get(f"{web.base_url}/sparql", data=urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                    content_type="application/x-www-form-urlencoded")
    assert got == 403


@pytest.mark.parametrize("text, entity", [
    ("B细胞成熟抗原", "bcma"),  # the review's Chinese name of BCMA
    ("HGNC:11913", "bcma"),  # TNFRSF17, the gene of BCMA
    ("MONDO:0009693", "multiple-myeloma"),
    ("tisagen", "kymriah"),  # part of Kymriah's INN, tisagenlecleucel
    ("celltxd:kymriah", "kymriah"),
])
def test_search_finds_names_synonyms_curies_and_identifiers(web, text, entity):
    status, _, body = get(f"{web.base_url}/api/suggest?" + urllib.parse.urlencode({"q": text}))
    assert status == 200
    assert json.loads(body)[0]["href"] == f"/id/{entity}"
    status, _, body = get(f"{web.base_url}/search?" + urllib.parse.urlencode({"q": text}))
    assert status == 200 and f'href="/id/{entity}"' in body.decode()


def test_entity_page_shows_facts_both_ways_identifiers_and_evidence(web):
    status, _, body = get(f"{web.base_url}/id/kymriah", accept="text/html")
    page = body.decode()
    assert status == 200
    assert "Novartis" in page  # developer (Table 2)
    assert "tisagenlecleucel" in page  # a literal value: its INN
    assert 'href="/id/cd19"' in page  # targets CD19
    assert "http://purl.obolibrary.org/obo/NCIT_C102758" in page  # a standard identifier, as a link
    assert "Facts that point here" in page  # incoming links: Kymriah's approvals point at it
    assert "approval-kymriah-fda-2017" in page or "2017" in page
    # the evidence: where in the review, with its quote
    assert "Table 2" in page
    status, _, body = get(f"{web.base_url}/id/cd19", accept="text/html")
    assert 'href="/id/kymriah"' in body.decode()  # CD19's page lists what targets it


def test_entity_iri_answers_turtle_and_json_ld_by_content_negotiation(web):
    import pyoxigraph as ox

    kymriah, cd19 = ox.NamedNode("https://w3id.org/celltx/id/kymriah"), ox.NamedNode("https://w3id.org/celltx/id/cd19")
    targets = ox.NamedNode("https://w3id.org/celltx/targetsAntigen")
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD)):
        status, headers, body = get(f"{web.base_url}/id/kymriah", accept=accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        triples = {(t.subject, t.predicate, t.object) for t in ox.parse(body, format=fmt)}
        assert (kymriah, targets, cd19) in triples
    status, _, _ = get(f"{web.base_url}/id/no-such-thing", accept="text/turtle")
    assert status == 404


def test_query_form_shows_values_not_rdf_syntax(web):
    url = f"{web.base_url}/queries/approved-products?run=1&target=BCMA"
    status, _, body = get(url)
    page = body.decode()
    assert status == 200
    assert ">2021<" in page and "XMLSchema#integer" not in page and "^^" not in page
    assert "celltx-kg query approved-products --param target=BCMA" in page
    assert "/api/queries/approved-products?target=BCMA&amp;format=csv" in page


def test_row_and_time_limits_answer_with_clear_messages():
    with Workbench("--max-rows", "10") as small:
        status, headers, body = get(f"{small.base_url}/sparql?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE { ?s ?p ?o }"}), accept="text/csv")
        assert status == 200 and len(body.decode().strip().splitlines()) == 11
        assert "row limit" in headers["X-Row-Limit"]
    with Workbench("--timeout", "1", "--max-rows", "100000000", "--workers", "1") as quick:
        status, _, body = get(f"{quick.base_url}/sparql?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"}))  # 10^8 rows, streamed
        assert status == 503 and "time limit (1 s)" in json.loads(body)["error"]
        # the one worker stopped at the deadline: the next query is served
        status, _, _ = get(f"{quick.base_url}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        assert status == 200


def test_fifty_concurrent_clients_get_no_failed_request(web):
    urls = [api(web, "approved-products", target="BCMA"), f"{web.base_url}/id/kymriah",
            f"{web.base_url}/api/suggest?q=CD1", f"{web.base_url}/sparql?" + urllib.parse.urlencode(
                {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"})]

    def client(i: int) -> int:
        failures = 0
        for url in urls:
            status, _, body = get(url)
            failures += status != 200 or not body
        return failures

    with ThreadPoolExecutor(50) as pool:
        failures = list(pool.map(client, range(50)))
    assert sum(failures) == 0, failures


def test_query_command_and_package_import_no_web_library(cli):
    code = ("import sys; from celltx_kg.cli import main; main(['query', 'therapy-types', '-f', 'csv', '-o', '/dev/null']);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'starlette', 'uvicorn', 'jinja2')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_serve_on_a_taken_port_is_one_line(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        done = cli("serve", "--port", str(taken.getsockname()[1]))
    assert done.returncode == 2
    assert done.stderr.startswith("celltx-kg: error: cannot listen on 127.0.0.1:")
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_serve_stops_cleanly_on_ctrl_c_and_sigterm(sig):
    import signal

    server = Workbench().start()
    status, _, _ = get(f"{server.base_url}/")
    assert status == 200
    server.process.send_signal(getattr(signal, sig))
    assert server.process.wait(15) == 0
    assert "Traceback" not in server.stop()[1]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(server.base_url.rsplit(":", 1)[1])), timeout=2).close()
