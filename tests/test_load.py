"""`celltx-kg load` and `query --endpoint` against real Oxigraph servers started here.

Every server, proxy and fake listens on 127.0.0.1 at a free port and is stopped by its fixture.
Proxies in front of a real server make real partial failures: a server killed in the middle
of an upload or just before the swap, a body altered on its way, a store that demands a
password. Small fake servers answer with one HTTP error status each.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from celltx_kg import paths
from celltx_kg.namespaces import DEFAULT_GRAPH_IRI
from celltx_kg.sparql.catalogue import parse_query_file
from celltx_kg.stores.http import endpoints
from celltx_kg.stores.load import catalogue_ntriples
from celltx_kg.stores.server import OxigraphServer, free_port
from celltx_kg.stores.verify import content

pytestmark = pytest.mark.server

GRAPH = DEFAULT_GRAPH_IRI
QUERY_FILES = sorted(paths.queries_dir().glob("*.rq"))
PASSWORD = "s3cret-Pa55word-xyzzy"  # must never show in any output
USER = "curator"


# --------------------------------------------------------------------------- helpers


def sparql(url: str, text: str) -> list[dict]:
    body = urllib.parse.urlencode({"query": text}).encode()
    req = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        result = ox.parse_query_results(resp.read(), format=ox.QueryResultsFormat.JSON)
    return [{v.value: (s[v].value if s[v] is not None else None) for v in result.variables} for s in result]


def count(server_or_url, graph: str = GRAPH) -> int:
    url = server_or_url if isinstance(server_or_url, str) else server_or_url.query_url
    return int(sparql(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"])


def graphs(server) -> dict[str, int]:
    rows = sparql(server.query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def gsp_get(server, graph: str = GRAPH) -> bytes:
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.read()


def gsp_put(server, data: bytes, graph: str = GRAPH) -> None:
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    req = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=30).read()


PREVIOUS = (b'<https://w3id.org/celltx/id/previous> <http://www.w3.org/2000/01/rdf-schema#label> "previous graph"@en .\n'
            b'<https://w3id.org/celltx/id/previous> <https://w3id.org/celltx/year> "2020"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')


@pytest.fixture(scope="module")
def graph_nt() -> bytes:
    from celltx_kg.sparql.store import graph_ntriples

    return graph_ntriples().read_bytes()


@pytest.fixture(scope="module")
def triples(graph_nt) -> int:
    return sum(1 for line in graph_nt.splitlines() if line.strip())


def start_server(**kwargs) -> OxigraphServer:
    return OxigraphServer(host="127.0.0.1", **kwargs).start()


@pytest.fixture(scope="module")
def server():
    """An in-memory Oxigraph server for load tests."""
    srv = start_server()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def query_server(cli, tmp_path_factory):
    """A server holding only the graph, loaded by `celltx-kg load` (union default graph on).

    On disk like the embedded store: the same engine on the same storage iterates in the same
    order, so even what SPARQL leaves unordered (GROUP_CONCAT) prints the same."""
    srv = start_server(location=tmp_path_factory.mktemp("query-store"))
    done = cli("load", "--endpoint", srv.query_url)
    assert done.returncode == 0, done.stderr
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def cli():  # module-scoped twin of conftest's fixture
    from conftest import run_cli

    return run_cli


def one_line_error(done, *hints: str) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for hint in hints:
        assert hint.lower() in lines[0].lower(), lines[0]
    assert done.stdout == ""
    return lines[0]


# --------------------------------------------------------------------------- HTTP fakes


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes every request to ``self.server.handle(handler, method, body)``."""

    protocol_version = "HTTP/1.1"

    def _any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.handle(self, self.command, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

    def log_message(self, *args):  # keep test output clean
        pass

    def reply(self, status: int, body: bytes = b"", ctype: str = "text/plain", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def hang_up(self):
        """Close the connection without an answer, as a dying server does."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class FakeServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handle):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.handle = handle
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def forward(upstream: OxigraphServer, handler: _Handler, method: str, body: bytes) -> None:
    """Relay one request to the real server; a dead upstream answers 502 as a gateway would."""
    conn = http.client.HTTPConnection("127.0.0.1", upstream.port, timeout=60)
    headers = {k: v for k, v in handler.headers.items() if k.lower() in ("content-type", "accept")}
    try:
        conn.request(method, handler.path, body=body or None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
    except OSError:
        handler.reply(502, b"bad gateway: the store is down")
        return
    finally:
        conn.close()
    handler.reply(resp.status, data, resp.getheader("Content-Type") or "text/plain")


def proxy(upstream: OxigraphServer, hook=None) -> FakeServer:
    """A proxy to ``upstream``; ``hook(handler, method, body)`` may answer itself (returns True)
    or return replacement bytes for the body."""

    def handle(handler, method, body):
        if hook is not None:
            out = hook(handler, method, body)
            if out is True:
                return
            if isinstance(out, bytes):
                body = out
        forward(upstream, handler, method, body)

    return FakeServer(handle)


def proxy_urls(p: FakeServer) -> list[str]:
    return ["--endpoint", p.url + "/query"]


# --------------------------------------------------------------------------- load


def test_load_uploads_verifies_and_reports(cli, server, graph_nt, triples):
    from celltx_kg.graph.build import build_graph
    from celltx_kg.graph.serialize import content_hash

    done = cli("load", "--endpoint", server.query_url)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"loaded {triples} triples into <{GRAPH}>" in out
    assert f"sha256 {content_hash(build_graph())[:16]}" in out  # the build manifest's content hash
    assert "verified: the store holds exactly the triples sent" in out
    assert "triples/s" in out
    # The store really holds the graph: count, then content compared by value.
    assert count(server) == triples
    assert content(gsp_get(server)).keys == content(graph_nt).keys
    assert not [g for g in graphs(server) if "-staging-" in g]


def test_reload_leaves_one_copy(cli, server, triples):
    for _ in range(2):
        done = cli("load", "--endpoint", server.query_url)
        assert done.returncode == 0, done.stderr
    assert count(server) == triples
    held = graphs(server)
    assert held.get(GRAPH) == triples
    assert not [g for g in held if "-staging-" in g], held


def test_load_replaces_what_the_graph_held(cli, triples):
    with OxigraphServer().start() as srv:
        gsp_put(srv, PREVIOUS)
        assert count(srv) == 2
        done = cli("load", "--endpoint", srv.query_url)
        assert done.returncode == 0, done.stderr
        assert count(srv) == triples
        assert not sparql(srv.query_url, "SELECT * WHERE { GRAPH ?g { <https://w3id.org/celltx/id/previous> ?p ?o } }")


def test_load_into_another_named_graph(cli, server, triples):
    other = "https://example.org/graphs/celltx"
    done = cli("load", "--endpoint", server.query_url, "--graph", other)
    assert done.returncode == 0, done.stderr
    assert count(server, other) == triples
    done = cli("load", "--endpoint", server.query_url, "--graph", "not an iri")
    one_line_error(done, "--graph")


def test_split_loads_each_source_into_its_graph(cli, graph_nt, triples):
    from rdflib import Graph

    from celltx_kg.graph.build import parse_turtle

    shapes = parse_turtle(paths.shape_files(), Graph())
    with OxigraphServer().start() as srv:
        done = cli("load", "--endpoint", srv.query_url, "--graphs", "split")
        assert done.returncode == 0, done.stderr
        held = graphs(srv)
        assert held[f"{GRAPH}/ontology"] + held[f"{GRAPH}/facts"] == triples
        assert held[f"{GRAPH}/ontology"] > 0 and held[f"{GRAPH}/facts"] > 0
        assert held[f"{GRAPH}/shapes"] == len(shapes)
        catalogue = catalogue_ntriples()
        if catalogue is None:
            assert "no /queries graph" in done.stdout
        else:
            assert held[f"{GRAPH}/queries"] == sum(1 for line in catalogue.splitlines() if line.strip())
        assert not [g for g in held if "-staging-" in g]
        # Ontology and facts together are the whole graph, by content.
        both = gsp_get(srv, f"{GRAPH}/ontology") + b"\n" + gsp_get(srv, f"{GRAPH}/facts")
        assert content(both).keys == content(graph_nt).keys
        # Loading split again leaves one copy of each.
        assert cli("load", "--endpoint", srv.query_url, "--graphs", "split").returncode == 0
        assert graphs(srv) == held


# --------------------------------------------------------------------------- verification catches changes


def _drop_last_triple(handler, method, body):
    if method == "PUT":
        lines = body.rstrip(b"\n").split(b"\n")
        return b"\n".join(lines[:-1]) + b"\n"
    return None


def _alter_a_literal(handler, method, body):
    if method == "PUT":  # same number of triples, one value changed
        return body.replace(b'"Kymriah"', b'"Kymriah (altered)"', 1)
    return None


@pytest.mark.parametrize("hook,hint", [(_drop_last_triple, "holds"), (_alter_a_literal, "differs from what was sent")],
                         ids=["a-triple-lost", "a-literal-altered"])
def test_verification_refuses_a_graph_that_differs(cli, graph_nt, hook, hint):
    assert b'"Kymriah"' in graph_nt
    with OxigraphServer().start() as srv, proxy(srv, hook) as p:
        gsp_put(srv, PREVIOUS)
        done = cli("load", *proxy_urls(p))
        line = one_line_error(done, "verification failed", hint, "was not changed", "staging graph was removed")
        assert "Kymriah (altered)" in line or hint == "holds"
        assert content(gsp_get(srv)).keys == content(PREVIOUS).keys
        assert list(graphs(srv)) == [GRAPH]


# --------------------------------------------------------------------------- a store that dies midway


def _kill_during_upload(upstream):
    def hook(handler, method, body):
        if method != "PUT":
            return None
        # Send the request and half the body to the real server, then kill it: a real partial upload.
        sock = socket.create_connection(("127.0.0.1", upstream.port))
        head = (f"PUT {handler.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/n-triples\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        sock.sendall(head + body[: len(body) // 2])
        upstream.kill()
        sock.close()
        handler.hang_up()
        return True

    return hook


def _kill_before_swap(upstream):
    def hook(handler, method, body):
        if method == "POST" and b"MOVE" in urllib.parse.unquote_to_bytes(body.replace(b"+", b" ")):
            upstream.kill()
            handler.hang_up()
            return True
        return None

    return hook


@pytest.mark.parametrize("make_hook,hints,staging_left", [
    (_kill_during_upload, ["closed the connection during the upload", "was not changed", "may remain"], False),
    (_kill_before_swap, ["the swap", "either the previous or the new graph", "may remain"], True),
], ids=["killed-during-upload", "killed-at-the-swap"])
def test_a_store_dying_midway_keeps_the_previous_graph(cli, tmp_path, graph_nt, triples, make_hook, hints,
                                                       staging_left):
    location = tmp_path / "store"
    srv = start_server(location=location)
    try:
        gsp_put(srv, PREVIOUS)
        with proxy(srv, make_hook(srv)) as p:
            done = cli("load", *proxy_urls(p), "--timeout", "20")
        one_line_error(done, *hints)
        assert not srv.alive
    finally:
        srv.stop()
    # The store comes back from disk with the previous graph whole.
    with OxigraphServer(location=location).start() as again:
        assert content(gsp_get(again)).keys == content(PREVIOUS).keys
        left = [g for g in graphs(again) if g.startswith(GRAPH + "-staging-")]
        if staging_left:  # uploaded and verified before the kill: the message names it
            assert len(left) == 1 and graphs(again)[left[0]] == triples
            assert left[0] in done.stderr
        else:  # a half-sent body: nothing, or (bulk upload) part of it, in the staging graph the message names
            assert left == [] or (len(left) == 1 and left[0] in done.stderr and graphs(again)[left[0]] < triples)
        # The next load succeeds and replaces it.
        done = cli("load", "--endpoint", again.query_url)
        assert done.returncode == 0, done.stderr
        assert count(again) == triples


# --------------------------------------------------------------------------- credentials


def _auth_proxy(upstream):
    good = {"Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(), f"Bearer {PASSWORD}"}

    def hook(handler, method, body):
        if handler.headers.get("Authorization") not in good:
            handler.reply(401, b"unauthorized", headers={"WWW-Authenticate": 'Basic realm="celltx"'})
            return True
        return None

    return proxy(upstream, hook)


def _no_secret(done):
    assert PASSWORD not in done.stdout and PASSWORD not in done.stderr
    assert base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode() not in done.stdout + done.stderr


def test_wrong_or_missing_credentials_give_401_and_never_show(cli, server, tmp_path):
    with _auth_proxy(server) as p:
        for env in ({"CELLTX_KG_USER": USER, "CELLTX_KG_PASSWORD": PASSWORD + "-wrong"},
                    {"CELLTX_KG_USER": "", "CELLTX_KG_PASSWORD": "", "NETRC": str(tmp_path / "none")}):
            done = cli("load", *proxy_urls(p), env=env)
            one_line_error(done, "401", "CELLTX_KG_USER", "was not changed")
            _no_secret(done)
            done = cli("query", "table2-approvals", "--endpoint", p.url + "/query", env=env)
            one_line_error(done, "401")
            _no_secret(done)


def test_credentials_from_environment_token_or_netrc(cli, server, tmp_path, triples):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    envs = {"basic": {"CELLTX_KG_USER": USER, "CELLTX_KG_PASSWORD": PASSWORD},
            "token": {"CELLTX_KG_TOKEN": PASSWORD},
            "netrc": {"CELLTX_KG_USER": "", "CELLTX_KG_TOKEN": "", "NETRC": str(netrc)}}
    with _auth_proxy(server) as p:
        for name, env in envs.items():
            done = cli("load", *proxy_urls(p), env=env)
            assert done.returncode == 0, (name, done.stderr)
            _no_secret(done)
            remote = cli("query", "table2-approvals", "-f", "csv", "--endpoint", p.url + "/query", env=env)
            assert remote.returncode == 0, (name, remote.stderr)
            _no_secret(remote)
    assert count(server) == triples


def test_credentials_in_the_url_are_refused(cli):
    for args in (["load", "--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:9/query"],
                 ["query", "table2-approvals", "--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:9/query"]):
        done = cli(*args)
        one_line_error(done, "credentials do not belong in the URL")
        _no_secret(done)


# --------------------------------------------------------------------------- HTTP errors

STATUS_HINTS = {
    401: "credentials",
    403: "forbidden (403)",
    404: "not found (404)",
    413: "too large (413)",
    500: "server error 500",
    502: "server error 502",
    503: "server error 503",
}


@pytest.mark.parametrize("status", sorted(STATUS_HINTS))
def test_http_errors_give_one_line_and_exit_2(cli, status):
    def handle(handler, method, body):
        handler.reply(status, f"the store says no ({status})".encode())

    env = {"CELLTX_KG_USER": USER, "CELLTX_KG_PASSWORD": PASSWORD}
    with FakeServer(handle) as fake:
        done = cli("load", "--endpoint", fake.url + "/query", env=env)
        one_line_error(done, STATUS_HINTS[status], "during the upload", "was not changed")
        _no_secret(done)
        done = cli("query", "table2-approvals", "--endpoint", fake.url + "/query", env=env)
        one_line_error(done, STATUS_HINTS[status])
        _no_secret(done)


def test_unreachable_endpoint(cli):
    url = f"http://127.0.0.1:{free_port()}/query"
    one_line_error(cli("load", "--endpoint", url), "connection refused", "was not changed")
    one_line_error(cli("query", "table2-approvals", "--endpoint", url), "connection refused")


def test_a_silent_endpoint_times_out(cli):
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        one_line_error(cli("load", "--endpoint", url, "--timeout", "1"), "timed out", "was not changed")
        one_line_error(cli("query", "table2-approvals", "--endpoint", url, "--timeout", "1"), "timed out")


def test_store_urls_are_derived_or_required():
    urls = endpoints("http://127.0.0.1:7878/query")
    assert (urls.update, urls.gsp) == ("http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    urls = endpoints("http://h/sparql", "http://h/sparql", "http://h/sparql-graph-crud")
    assert urls.gsp == "http://h/sparql-graph-crud"
    from celltx_kg.errors import UsageError

    with pytest.raises(UsageError, match="--gsp-endpoint"):
        endpoints("http://h/sparql")


def test_content_comparison_is_by_value_and_up_to_blank_node_labels():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    sent = (f'<urn:a> <urn:p> "0.50"^^<{xsd}decimal> .\n<urn:a> <urn:q> "1"^^<{xsd}nonNegativeInteger> .\n'
            f'<urn:a> <urn:r> _:x .\n_:x <urn:s> "Car"@EN .\n').encode()
    stored = (f'<urn:a> <urn:p> "0.5"^^<{xsd}decimal> .\n<urn:a> <urn:q> "1"^^<{xsd}integer> .\n'
              f'<urn:a> <urn:r> _:b0 .\n_:b0 <urn:s> "Car"@en .\n').encode()
    assert content(sent).keys == content(stored).keys
    assert content(sent).keys != content(stored.replace(b'"0.5"', b'"0.6"')).keys
    assert content(sent).keys != content(stored.replace(b'"Car"', b'"Cat"')).keys


# --------------------------------------------------------------------------- remote queries


def test_saved_queries_are_collected():
    assert QUERY_FILES, f"no saved queries found in {paths.queries_dir()}"


def _variants(path: Path) -> list[list[str]]:
    """Parameter sets to run: none (when nothing is required) and the query's own example."""
    query = parse_query_file(path)
    variants = [] if any(p.required for p in query.params) else [[]]
    example = [arg for name, value in query.example_params.items() for arg in ("--param", f"{name}={value}")]
    if example and example not in variants:
        variants.append(example)
    return variants


def _formats(path: Path) -> tuple[list[str], list[str]]:
    """(formats run through the CLI, formats run in-process) for the query's form."""
    from celltx_kg.sparql.remote import query_form

    if query_form(path.read_text(encoding="utf-8")) in ("CONSTRUCT", "DESCRIBE"):
        return ["turtle"], ["ntriples"]
    return ["table", "csv"], ["tsv", "json", "xml"]


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_remote_query_prints_exactly_what_the_embedded_store_prints(cli, query_server, path):
    from celltx_kg.commands.query import execute, parse_params

    query = parse_query_file(path)
    cli_formats, lib_formats = _formats(path)
    variants = _variants(path)
    assert variants, f"{path.name}: needs an example with its required parameters"
    for params in variants:
        for fmt in cli_formats:
            local = cli("query", path.stem, *params, "-f", fmt)
            remote = cli("query", path.stem, *params, "-f", fmt, "--endpoint", query_server.query_url)
            assert local.returncode == 0, local.stderr
            assert remote.returncode == 0, remote.stderr
            assert remote.stdout == local.stdout, f"{path.stem} {params} {fmt}"
        given = parse_params([p for p in params if p != "--param"])
        for fmt in lib_formats:
            local = execute(query, given, argparse.Namespace(endpoint=None, format=fmt, timeout=60))
            remote = execute(query, given, argparse.Namespace(endpoint=query_server.query_url, format=fmt,
                                                              timeout=60))
            assert remote == local, f"{path.stem} {params} {fmt}"


# --------------------------------------------------------------------------- a second store: Virtuoso

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
#: What the anonymous SPARQL account needs for Graph Store writes and MOVE/DROP (test setup only).
VIRTUOSO_GRANTS = ['GRANT SPARQL_UPDATE TO "SPARQL"', 'GRANT DELETE ON DB.DBA.RDF_QUAD TO "SPARQL"',
                   'GRANT INSERT ON DB.DBA.RDF_QUAD TO "SPARQL"', "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7)"]
VIRTUOSO_GRANTS += [f'GRANT EXECUTE ON DB.DBA.{proc} TO "SPARQL"' for proc in (
    "L_O_LOOK", "RL_FLUSH", "TTLP_EV_COMMIT", "TTLP_EV_GET_IID", "TTLP_EV_NEW_BLANK", "TTLP_EV_NEW_GRAPH",
    "TTLP_EV_REPORT_DEFAULT", "TTLP_EV_TRIPLE", "TTLP_EV_TRIPLE_L", "TTLP_RL_COMMIT", "TTLP_RL_NEW_GRAPH",
    "TTLP_RL_TRIPLE", "TTLP_RL_TRIPLE_L", "SPARUL_ADD", "SPARUL_CLEAR", "SPARUL_COPY", "SPARUL_CREATE",
    "SPARUL_DROP", "SPARUL_MOVE", "SPARUL_RUN")]

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
"""


class Virtuoso:
    """Virtuoso Open Source (Debian's virtuoso-opensource-7-bin) in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder, self.sql, self.http = folder, free_port(), free_port()
        (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=self.sql, http=self.http))
        self.process = None
        self.start()
        self.isql(VIRTUOSO_GRANTS)

    def start(self) -> None:
        self.process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(self.folder / "virtuoso.ini")], cwd=self.folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.folder / "virtuoso.log").read_text()[-2000:]
            try:
                sparql(self.query_url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                return
            except OSError:
                time.sleep(0.25)
        self.stop()
        pytest.fail("Virtuoso did not start within 120 s")

    @property
    def port(self) -> int:  # for the proxy
        return self.http

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def isql(self, statements: list[str]) -> None:
        script = self.folder / "setup.sql"
        script.write_text("".join(f"{s};\n" for s in statements))
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql}", "dba", "dba", str(script)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql"

    def load_args(self) -> list[str]:
        return ["--endpoint", self.query_url, "--update-endpoint", self.query_url,
                "--gsp-endpoint", f"http://127.0.0.1:{self.http}/sparql-graph-crud"]

    def graph_url(self, graph: str = GRAPH) -> str:
        """Its query URL restricted to one graph (its own default graph holds system graphs too)."""
        return f"{self.query_url}?{urllib.parse.urlencode({'default-graph-uri': graph})}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if not (VIRTUOSO and ISQL):
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource-7-bin)")
    store = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield store
    store.stop()


def _virtuoso_graphs(store) -> dict[str, int]:
    rows = sparql(store.query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def test_virtuoso_load_verify_and_reload(cli, virtuoso, triples, graph_nt):
    for _ in range(2):  # the second load replaces the first
        done = cli("load", *virtuoso.load_args())
        assert done.returncode == 0, done.stderr
        assert "verified: the store holds exactly the triples sent" in done.stdout
    held = _virtuoso_graphs(virtuoso)
    assert held[GRAPH] == triples
    assert not [g for g in held if "-staging-" in g], held
    url = f"http://127.0.0.1:{virtuoso.http}/sparql-graph-crud?{urllib.parse.urlencode({'graph': GRAPH})}"
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        assert content(resp.read(), resp.headers.get("Content-Type")).keys == content(graph_nt).keys


def test_virtuoso_remote_query_prints_what_the_embedded_store_prints(cli, virtuoso):
    assert cli("load", *virtuoso.load_args()).returncode == 0
    for fmt in ("table", "csv"):
        local = cli("query", "table2-approvals", "-f", fmt)
        remote = cli("query", "table2-approvals", "-f", fmt, "--endpoint", virtuoso.graph_url())
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout


def test_virtuoso_dying_at_the_swap_keeps_the_previous_graph(cli, virtuoso, triples):
    previous_graph = "https://w3id.org/celltx/graph/previous-test"
    gsp = f"http://127.0.0.1:{virtuoso.http}/sparql-graph-crud?{urllib.parse.urlencode({'graph': previous_graph})}"
    urllib.request.urlopen(urllib.request.Request(gsp, data=PREVIOUS, method="PUT",
                                                  headers={"Content-Type": "application/n-triples"}), timeout=60).read()
    with proxy(virtuoso, _kill_before_swap(virtuoso)) as p:
        args = ["--endpoint", p.url + "/sparql", "--update-endpoint", p.url + "/sparql",
                "--gsp-endpoint", p.url + "/sparql-graph-crud", "--graph", previous_graph, "--timeout", "30"]
        done = cli("load", *args)
    one_line_error(done, "the swap", "either the previous or the new graph", "may remain")
    assert not virtuoso.alive
    virtuoso.start()  # recovers from its transaction log
    held = _virtuoso_graphs(virtuoso)
    assert held[previous_graph] == 2
    left = [g for g in held if g.startswith(previous_graph + "-staging-")]
    assert len(left) == 1 and held[left[0]] == triples and left[0] in done.stderr
    virtuoso.isql([f"SPARQL DROP SILENT GRAPH <{left[0]}>", f"SPARQL DROP SILENT GRAPH <{previous_graph}>"])
