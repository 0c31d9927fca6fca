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
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from engines import virtuoso  # noqa: F401  (a fixture)

from celltx_kg import paths
from celltx_kg.errors import EndpointError
from celltx_kg.namespaces import DEFAULT_GRAPH_IRI
from celltx_kg.sparql.catalogue import parse_query_file
from celltx_kg.stores.http import Http, endpoints
from celltx_kg.stores.load import PARALLEL_FROM, Part, catalogue_ntriples, load
from celltx_kg.stores.parts import upload_pieces
from celltx_kg.stores.lock import Lock
from celltx_kg.stores.server import OxigraphServer, free_port
from celltx_kg.stores.verify import content
from celltx_kg.stores.versions import STORE, control_graph, reader_query

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
NEXT = b'<https://w3id.org/celltx/id/next> <http://www.w3.org/2000/01/rdf-schema#label> "next graph"@en .\n'


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


def readers(server_or_url, graph: str = GRAPH) -> list[str]:
    """The graphs the control graph tells readers to query."""
    url = server_or_url if isinstance(server_or_url, str) else server_or_url.query_url
    return sorted(r["g"] for r in sparql(url, reader_query(graph)))


def load_api(server, data: bytes, graph: str = GRAPH, parallel_from: int = PARALLEL_FROM) -> str:
    """Load ``data`` as the current version through the library; its version graph.
    ``parallel_from=0``: uploaded in pieces at once, as large graphs are."""
    report = load([Part("graph", graph, data)], endpoints(server.query_url), parallel_from=parallel_from)
    return report.readers[0]


def test_load_uploads_verifies_and_reports(cli, server, graph_nt, triples):
    from celltx_kg.graph.build import build_graph
    from celltx_kg.graph.serialize import content_hash

    done = cli("load", "--endpoint", server.query_url)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    sha = content_hash(build_graph())
    version = f"{GRAPH}/v/{sha[:16]}"  # named by the build manifest's content hash
    assert f"loaded {triples} triples for <{GRAPH}> into <{version}>" in out
    assert f"sha256 {sha[:16]}" in out
    assert "verified: the store holds exactly the triples sent" in out
    assert out.splitlines()[-1].endswith("triples/s")  # one summary line at the end
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    # The store really holds the graph: count, then content compared by value.
    assert count(server, version) == triples
    assert content(gsp_get(server, version)).keys == content(graph_nt).keys
    assert readers(server) == [version]
    assert urllib.parse.quote(version, safe="") in out  # the URL for other clients
    assert set(graphs(server)) == {version, control_graph(GRAPH)}


def test_reload_of_the_same_content_uploads_nothing(cli, server, triples):
    for _ in range(2):
        done = cli("load", "--endpoint", server.query_url)
        assert done.returncode == 0, done.stderr
    assert "nothing uploaded" in done.stdout
    held = graphs(server)
    assert held[readers(server)[0]] == triples
    assert len(held) == 2, held  # the version and the control graph


def test_reloads_keep_the_previous_version_and_drop_older_ones():
    with OxigraphServer(union_default_graph=False).start() as srv:
        first = load_api(srv, PREVIOUS)
        second = load_api(srv, PREVIOUS + NEXT)
        assert count(srv, first) == 2 and count(srv, second) == 3
        third = load_api(srv, NEXT)
        assert readers(srv) == [third]
        held = graphs(srv)
        assert first not in held  # two loads ago: dropped
        assert held[second] == 3  # kept for readers that read the pointer before the switch
        assert held[third] == 1


def test_load_replaces_a_graph_an_unversioned_load_left(cli, triples):
    with OxigraphServer().start() as srv:
        gsp_put(srv, PREVIOUS)
        gsp_put(srv, NEXT, GRAPH + "-staging-0123456789ab")  # left by an interrupted load of that design
        assert count(srv) == 2
        done = cli("load", "--endpoint", srv.query_url)
        assert done.returncode == 0, done.stderr
        assert f"removed the graph an unversioned load had put in <{GRAPH}>" in done.stdout
        assert f"removed <{GRAPH}-staging-0123456789ab>" in done.stdout
        assert set(graphs(srv)) == {control_graph(GRAPH), readers(srv)[0]}
        assert count(srv, readers(srv)[0]) == triples
        assert not sparql(srv.query_url, "SELECT * WHERE { GRAPH ?g { <https://w3id.org/celltx/id/previous> ?p ?o } }")


def test_load_into_another_named_graph(cli, server, triples):
    other = "https://example.org/graphs/celltx"
    done = cli("load", "--endpoint", server.query_url, "--graph", other)
    assert done.returncode == 0, done.stderr
    [version] = readers(server, other)
    assert version.startswith(other + "/v/") and count(server, version) == triples
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
        part = {name: next(g for g in held if g.startswith(f"{GRAPH}/{name}/v/"))
                for name in ("ontology", "facts", "shapes")}
        assert held[part["ontology"]] + held[part["facts"]] == triples
        assert held[part["ontology"]] > 0 and held[part["facts"]] > 0
        assert held[part["shapes"]] == len(shapes)
        catalogue = catalogue_ntriples()
        if catalogue is None:
            assert "no /queries graph" in done.stdout
        else:
            queries = next(g for g in held if g.startswith(f"{GRAPH}/queries/v/"))
            assert held[queries] == sum(1 for line in catalogue.splitlines() if line.strip())
        # Readers see ontology and facts: together the whole graph, by content.
        assert readers(srv) == sorted([part["ontology"], part["facts"]])
        both = gsp_get(srv, part["ontology"]) + b"\n" + gsp_get(srv, part["facts"])
        assert content(both).keys == content(graph_nt).keys
        # Loading split again leaves one copy of each.
        assert cli("load", "--endpoint", srv.query_url, "--graphs", "split").returncode == 0
        assert graphs(srv) == held


# --------------------------------------------------------------------------- readers


def test_query_endpoint_answers_like_the_embedded_store_on_a_plain_server(cli):
    """A plain `oxigraph serve` (no union default graph): `query --endpoint` needs no flag."""
    with OxigraphServer(union_default_graph=False).start() as srv:
        before = cli("query", "approved-products", "-f", "csv", "--endpoint", srv.query_url)
        assert before.returncode == 0
        warning = before.stderr.strip().splitlines()
        assert len(warning) == 1 and warning[0].startswith("celltx-kg: warning:"), before.stderr
        assert "shows none of the graph" in warning[0] and "default-graph-uri" in warning[0]
        assert cli("load", "--endpoint", srv.query_url).returncode == 0
        local = cli("query", "approved-products", "-f", "csv")
        remote = cli("query", "approved-products", "-f", "csv", "--endpoint", srv.query_url)
        assert remote.returncode == 0 and remote.stderr == ""
        assert remote.stdout == local.stdout and "(0 rows)" not in remote.stdout
        assert len(local.stdout.splitlines()) > 10  # the review names more than ten approved products


def test_query_endpoint_on_a_served_graph_needs_no_pointer(cli, tmp_path, graph_nt):
    """A store loaded another way (as `celltx-kg serve` does): its default graph is queried, no warning."""
    from celltx_kg.sparql.store import graph_ntriples
    from celltx_kg.stores.server import load_location

    load_location(tmp_path / "s", graph_ntriples())
    with OxigraphServer(location=tmp_path / "s").start() as srv:
        local = cli("query", "approved-products", "-f", "csv")
        remote = cli("query", "approved-products", "-f", "csv", "--endpoint", srv.query_url)
        assert remote.stderr == "" and remote.stdout == local.stdout


def test_readers_never_see_a_partial_or_empty_graph_during_reloads(cli, triples):
    """Readers count the current graph again and again while loads replace it."""
    big = b"".join(f"<https://w3id.org/celltx/id/x{i}> <https://w3id.org/celltx/n> \"{i}\" .\n".encode()
                   for i in range(20000))
    with OxigraphServer(union_default_graph=False).start() as srv:
        load_api(srv, PREVIOUS)
        seen, stop = [], threading.Event()

        def reader():
            while not stop.is_set():
                rows = sparql(srv.query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                             f"{{ SELECT ?g WHERE {{ GRAPH <{control_graph(GRAPH)}> "
                                             f"{{ <{GRAPH}> <{STORE}defaultGraph> ?g }} }} }} }}")
                seen.append(int(rows[0]["n"]))

        thread = threading.Thread(target=reader)
        thread.start()
        try:  # the large versions uploaded in pieces at once, the small ones whole
            for data, parallel_from in ((big, 0), (PREVIOUS, PARALLEL_FROM), (big + NEXT, 0), (PREVIOUS, PARALLEL_FROM)):
                load_api(srv, data, parallel_from=parallel_from)
        finally:
            stop.set()
            thread.join()
        assert seen and set(seen) <= {2, 20000, 20001}, sorted(set(seen))


def test_two_loads_at_once_one_is_busy(cli):
    """The lock: a second load while one holds it ends with a clear busy message, exit 2."""
    with OxigraphServer(union_default_graph=False).start() as srv:
        version = load_api(srv, PREVIOUS)
        taken = Lock(Http(10), endpoints(srv.query_url), GRAPH)
        taken.acquire()
        try:
            done = cli("load", "--endpoint", srv.query_url)
            line = one_line_error(done, "busy", "another load is under way", f"still see <{version}>")
            assert "--lock-timeout" in line
        finally:
            assert taken.release()
        assert readers(srv) == [version]
        # Loads racing for the lock: never both go on; every one either loads or says busy.
        results = []
        threads = [threading.Thread(target=lambda: results.append(cli("load", "--endpoint", srv.query_url)))
                   for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.returncode for r in results)
        assert set(codes) <= {0, 2} and 0 in codes or all("busy" in r.stderr for r in results), \
            [r.stderr for r in results]
        for r in results:
            if r.returncode == 2:
                assert "busy" in r.stderr
        assert len(readers(srv)) == 1
        assert len(graphs(srv)) <= 3  # control, the new version and the previous one


def test_a_killed_load_leaves_the_previous_graph_and_the_next_load_cleans_up(cli, tmp_path, triples):
    """The load process itself is killed during its upload: readers keep the previous graph; the next
    load takes over the stale lock and removes the half-written version."""
    import os
    import signal
    import sys

    with OxigraphServer(union_default_graph=False).start() as srv:
        version = load_api(srv, PREVIOUS)

        def slow(handler, method, body):  # hold the upload so the kill lands during it
            if method == "PUT":
                time.sleep(30)
            return None

        with proxy(srv, slow) as p:
            proc = subprocess.Popen([sys.executable, "-m", "celltx_kg", "load", "--endpoint", p.url + "/query"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not [g for g in graphs_or_control(srv) if "/v/" in g
                                                        and g != version]:
                time.sleep(0.1)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert readers(srv) == [version]
        time.sleep(1.5)
        done = cli("load", "--endpoint", srv.query_url, "--lock-timeout", "1")
        assert done.returncode == 0, done.stderr
        new = readers(srv)[0]
        assert count(srv, new) == triples
        assert set(graphs(srv)) == {control_graph(GRAPH), version, new}


def graphs_or_control(server) -> list[str]:
    """Versions recorded in the control graph (a version is recorded before its upload starts)."""
    rows = sparql(server.query_url, f"SELECT ?v WHERE {{ GRAPH <{control_graph(GRAPH)}> {{ ?t <{STORE}version> ?v }} }}")
    return [r["v"] for r in rows]


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


@pytest.mark.parametrize("hook,hint", [(_drop_last_triple, "triple(s) sent are missing"),
                                       (_alter_a_literal, "differs from what was sent")],
                         ids=["a-triple-lost", "a-literal-altered"])
def test_verification_refuses_a_graph_that_differs(cli, graph_nt, hook, hint):
    assert b'"Kymriah"' in graph_nt
    with OxigraphServer().start() as srv, proxy(srv, hook) as p:
        version = load_api(srv, PREVIOUS)
        done = cli("load", *proxy_urls(p))
        line = one_line_error(done, "verification failed", hint, f"still see <{version}>, as before")
        assert "Kymriah (altered)" in line or hint != "differs from what was sent"
        assert readers(srv) == [version]
        assert content(gsp_get(srv, version)).keys == content(PREVIOUS).keys


def _upload_piece(method, handler) -> bool:
    return method in ("PUT", "POST") and handler.path.startswith("/store")


def test_upload_in_pieces_keeps_blank_nodes_and_verifies(graph_nt, triples):
    """The review graph (with blank nodes: OWL restrictions) uploaded in two pieces at once: the
    version holds exactly the graph; a triple lost from one piece is caught before the switch."""
    pieces = upload_pieces(graph_nt, 2)
    assert len(pieces) == 2 and b"_:" in graph_nt and b"_:" not in pieces[1]
    assert sorted(b"".join(pieces).splitlines()) == sorted(graph_nt.splitlines())
    lost = []

    def drop_from_second_piece(handler, method, body):
        if _upload_piece(method, handler) and b"_:" not in body and not lost:
            lost.append(body.rstrip(b"\n").split(b"\n")[-1])
            return body.rstrip(b"\n").rsplit(b"\n", 1)[0] + b"\n"
        return None

    with OxigraphServer(union_default_graph=False).start() as srv:
        version = load_api(srv, graph_nt, parallel_from=0)
        assert count(srv, version) == triples
        assert content(gsp_get(srv, version)).keys == content(graph_nt).keys
        with proxy(srv, drop_from_second_piece) as p:
            with pytest.raises(EndpointError, match="verification failed.*1 triple.s. sent are missing"):
                load([Part("graph", GRAPH, graph_nt + NEXT)], endpoints(p.url + "/query"), parallel_from=0)
        assert lost and readers(srv) == [version]


@pytest.mark.parametrize(
    "data, count, expected",
    [
        # worked out by hand: the blank-node line first, the rest cut at the line end nearest half
        (
            b"<a> <b> <c> .\n_:x <p> <o> .\n<d> <e> <f> .\n",
            2,
            [b"_:x <p> <o> .\n<a> <b> <c> .\n", b"<d> <e> <f> .\n"],
        ),
        # a last line without its line end, holding a blank node: given one, and first; half of the
        # 28 bytes is then the end of the other line, so one piece
        (b"<a> <b> <c> .\n<d> <e> _:y .", 2, [b"<d> <e> _:y .\n<a> <b> <c> .\n"]),
        # no blank node, 42 bytes in three: the first cut at the line end after byte 14 (the end of
        # the second line), the next after byte 28 (the end of the third): two pieces
        (b"<a> <b> <c> .\n" * 3, 3, [b"<a> <b> <c> .\n" * 2, b"<a> <b> <c> .\n"]),
        # only blank nodes: one piece
        (b"_:a <p> _:b .\n_:b <p> <o> .\n", 2, [b"_:a <p> _:b .\n_:b <p> <o> .\n"]),
    ],
)
def test_upload_pieces_by_hand(data, count, expected):
    assert upload_pieces(data, count) == expected


def test_the_sent_aggregate_by_hand():
    """Counted by hand: a line written twice is one triple only when lines are made distinct; a
    number counts by value ("01" is 1); the characters are those of the distinct texts ("x", "hé")."""
    from celltx_kg.stores.verify import Aggregate, aggregate_of

    data = (b'<a> <p> "x" .\n<a> <p> "x" .\n<a> <q> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
            b'# a comment\n\n<b> <p> "h\\u00E9"@en .\n<b> <q> <a> .\n')
    assert aggregate_of(data) == Aggregate(triples=5, subjects=2, objects=4, chars=3)
    assert aggregate_of(data, distinct_lines=True) == Aggregate(triples=4, subjects=2, objects=4, chars=3)


def test_a_store_killed_during_an_upload_in_pieces_keeps_the_previous_graph(graph_nt):
    """The server dies while the second of two pieces travels: the load fails with one message,
    readers keep the previous graph after a restart, and the next load removes the half-written version."""

    def kill_on_second_piece(handler, method, body):
        if _upload_piece(method, handler) and b"_:" not in body:
            _kill_during_upload(srv)(handler, "PUT", body)
            return True
        return None

    location = Path(tempfile.mkdtemp(prefix="celltx-pieces-"))
    try:
        srv = OxigraphServer(location, union_default_graph=False).start()
        version = load_api(srv, PREVIOUS)
        with proxy(srv, kill_on_second_piece) as p:
            with pytest.raises(EndpointError, match="still see <" + version):
                load([Part("graph", GRAPH, graph_nt)], endpoints(p.url + "/query"), parallel_from=0)
        srv.stop()
        with OxigraphServer(location, union_default_graph=False).start() as srv:
            assert readers(srv) == [version]
            assert count(srv, version) == 2
            time.sleep(1.5)  # the killed load's lock goes stale
            new = load([Part("graph", GRAPH, NEXT)], endpoints(srv.query_url), lock_timeout=1, parallel_from=0).readers[0]
            assert set(graphs(srv)) == {control_graph(GRAPH), version, new}
    finally:
        shutil.rmtree(location, ignore_errors=True)


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


def _kill_before_switch(upstream):
    def hook(handler, method, body):
        if method == "POST" and b"currentVersion" in urllib.parse.unquote_to_bytes(body.replace(b"+", b" ")) \
                and b"update" in body[:7]:
            upstream.kill()
            handler.hang_up()
            return True
        return None

    return hook


@pytest.mark.parametrize("make_hook,hints", [
    (_kill_during_upload, ["closed the connection during the upload", "still see", "as before"]),
    (_kill_before_switch, ["the switch", "either the previous graph or the new one"]),
], ids=["killed-during-upload", "killed-at-the-switch"])
def test_a_store_dying_midway_keeps_the_previous_graph(cli, tmp_path, graph_nt, triples, make_hook, hints):
    location = tmp_path / "store"
    srv = start_server(location=location, union_default_graph=False)
    try:
        version = load_api(srv, PREVIOUS)
        with proxy(srv, make_hook(srv)) as p:
            done = cli("load", *proxy_urls(p), "--timeout", "20")
        one_line_error(done, *hints)
        assert not srv.alive
    finally:
        srv.stop()
    # The store comes back from disk with the previous graph in use, whole.
    with OxigraphServer(location=location, union_default_graph=False).start() as again:
        assert readers(again) == [version]
        assert content(gsp_get(again, version)).keys == content(PREVIOUS).keys
        # The next load takes over the lock the dead load left, succeeds and removes what it left.
        time.sleep(1.5)
        done = cli("load", "--endpoint", again.query_url, "--lock-timeout", "1")
        assert done.returncode == 0, done.stderr
        new = readers(again)[0]
        assert count(again, new) == triples
        assert set(graphs(again)) == {control_graph(GRAPH), version, new}
        assert graphs_or_control(again) and set(graphs_or_control(again)) == {version, new}


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
            one_line_error(done, "401", "CELLTX_KG_USER", "nothing was changed")
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
    assert count(server, readers(server)[0]) == triples


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
        one_line_error(done, STATUS_HINTS[status], "during taking the load lock", "nothing was changed")
        _no_secret(done)
        done = cli("query", "table2-approvals", "--endpoint", fake.url + "/query", env=env)
        one_line_error(done, STATUS_HINTS[status])
        _no_secret(done)


def test_unreachable_endpoint(cli):
    url = f"http://127.0.0.1:{free_port()}/query"
    one_line_error(cli("load", "--endpoint", url), "connection refused", "nothing was changed")
    one_line_error(cli("query", "table2-approvals", "--endpoint", url), "connection refused")


def test_a_silent_endpoint_times_out(cli):
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        one_line_error(cli("load", "--endpoint", url, "--timeout", "1"), "timed out", "nothing was changed")
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

def _virtuoso_graphs(store) -> dict[str, int]:
    rows = sparql(store.query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def _virtuoso_urls(store, base: str | None = None):
    base = base or f"http://127.0.0.1:{store.http}"
    return endpoints(base + "/sparql", base + "/sparql", base + "/sparql-graph-crud")


def test_virtuoso_load_verify_and_reload(cli, virtuoso, triples, graph_nt):
    for _ in range(2):  # the second load finds the same content and uploads nothing
        done = cli("load", *virtuoso.load_args())
        assert done.returncode == 0, done.stderr
        assert "verified: the store holds exactly the triples sent" in done.stdout
    assert "nothing uploaded" in done.stdout
    [version] = readers(virtuoso.query_url)
    held = _virtuoso_graphs(virtuoso)
    assert held[version] == triples
    assert not [g for g in held if g.startswith(GRAPH + "/v/") and g != version], held
    url = f"http://127.0.0.1:{virtuoso.http}/sparql-graph-crud?{urllib.parse.urlencode({'graph': version})}"
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        assert content(resp.read(), resp.headers.get("Content-Type")).keys == content(graph_nt).keys


def test_virtuoso_query_endpoint_needs_no_flag(cli, virtuoso):
    """Virtuoso's default graph is every graph it holds; the pointer narrows it to the loaded version."""
    assert cli("load", *virtuoso.load_args()).returncode == 0
    for fmt in ("table", "csv"):
        local = cli("query", "table2-approvals", "-f", fmt)
        remote = cli("query", "table2-approvals", "-f", fmt, "--endpoint", virtuoso.query_url)
        assert remote.returncode == 0 and remote.stderr == "", remote.stderr
        assert remote.stdout == local.stdout


def test_virtuoso_dying_at_the_switch_keeps_the_previous_graph(cli, virtuoso, triples):
    graph = "https://w3id.org/celltx/graph/previous-test"
    report = load([Part("graph", graph, PREVIOUS)], _virtuoso_urls(virtuoso), graph=graph)
    [previous] = report.readers
    with proxy(virtuoso, _kill_before_switch(virtuoso)) as p:
        args = ["--endpoint", p.url + "/sparql", "--update-endpoint", p.url + "/sparql",
                "--gsp-endpoint", p.url + "/sparql-graph-crud", "--graph", graph, "--timeout", "30"]
        done = cli("load", *args)
    one_line_error(done, "the switch", "either the previous graph or the new one")
    assert not virtuoso.alive
    virtuoso.start()  # recovers from its transaction log
    assert readers(virtuoso.query_url, graph) == [previous]
    time.sleep(1.5)
    again = cli("load", *virtuoso.load_args(), "--graph", graph, "--lock-timeout", "1")
    assert again.returncode == 0, again.stderr
    [new] = readers(virtuoso.query_url, graph)
    held = _virtuoso_graphs(virtuoso)
    assert held[new] == triples and held[previous] == 2
    assert {g for g in held if g.startswith(graph + "/v/")} == {new, previous}  # the half-done one removed


# --------------------------------------------------------------------------- the command's other faces


def test_print_grants_and_a_missing_endpoint(cli):
    done = cli("load", "--print-grants", "virtuoso")
    assert done.returncode == 0 and done.stderr == ""
    statements = [ln for ln in done.stdout.splitlines() if ln.strip() and not ln.startswith("--")]
    assert statements and all(ln.endswith(";") for ln in statements)
    assert 'GRANT SPARQL_UPDATE TO "SPARQL";' in statements  # SPARQL Update, which every load uses
    one_line_error(cli("load"), "--endpoint")


def test_progress_on_a_terminal_and_not_elsewhere(server):
    """On a terminal (a pseudo-terminal here) stderr shows the phase, the triples, the rate and the
    time left; piped, it shows nothing (test_load_uploads_verifies_and_reports)."""
    import fcntl
    import os
    import pty
    import struct
    import sys
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 150, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "celltx_kg", "load", "--endpoint", server.query_url,
                             "--graph", "https://example.org/graphs/tty"], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out = proc.communicate()[0].decode()
    os.close(master)
    assert proc.returncode == 0, seen.decode(errors="replace")
    text = seen.decode(errors="replace")
    import re

    assert "uploading graph" in text and "triples/s" in text  # the phase and the rate
    assert re.search(r"\d\d:\d\d<\d\d:\d\d", text)  # time spent < time left
    assert out.splitlines()[-1].endswith("triples/s")  # the summary stays on stdout
