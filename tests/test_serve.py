"""`celltx-kg serve`: a real Oxigraph server on 127.0.0.1, stopped by Ctrl-C or SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]


class Served:
    """A running `celltx-kg serve`, with the URLs it printed."""

    def __init__(self, tmp_path: Path, *args: str):
        self.tmp = tmp_path / "tmp"
        self.tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(self.tmp)}  # its temporary store lands here
        # Ctrl-C as at a terminal: a background job's shell may have started the tests with SIGINT
        # ignored, and a process keeps an ignored SIGINT ignored.
        self.process = subprocess.Popen([sys.executable, "-m", "celltx_kg", "serve", "--oxigraph", *args], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
            if "Ctrl-C" in line:
                return
        self.process.kill()
        pytest.fail(f"serve did not start: {self.lines} {self.process.stderr.read()}")

    def url(self, label: str) -> str:
        return next(ln.split(label, 1)[1].split()[0] for ln in self.lines if label in ln)

    def stop(self, sig=signal.SIGINT) -> tuple[int, str]:
        self.process.send_signal(sig)
        try:
            code = self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return code, self.process.stderr.read()


@pytest.fixture
def served(tmp_path):
    runs = []

    def start(*args):
        runs.append(Served(tmp_path, *args))
        return runs[-1]

    yield start
    for run in runs:  # stop whatever a failed test left running
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


def _refused(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()
    except OSError:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_queries_and_stops_cleanly(cli, served, sig):
    run = served("--port", "0")
    query_url, page_url = run.url("SPARQL endpoint:"), run.url("query page:")
    assert query_url.startswith("http://127.0.0.1:") and query_url.endswith("/query")
    assert page_url == query_url[: -len("query")]
    with urllib.request.urlopen(page_url, timeout=10) as resp:  # the browser query page
        assert resp.status == 200 and b"<html" in resp.read().lower()
    local = cli("query", "table2-approvals", "-f", "csv")
    remote = cli("query", "table2-approvals", "-f", "csv", "--endpoint", query_url)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    code, err = run.stop(sig)
    assert code == 0, err
    assert "Traceback" not in err
    assert _refused(query_url)
    assert list(run.tmp.iterdir()) == []  # the temporary store is gone


def test_serve_holds_the_whole_graph_in_its_named_graph(served):
    from celltx_kg.sparql.store import graph_ntriples

    triples = sum(1 for line in graph_ntriples().read_bytes().splitlines() if line.strip())
    run = served("--port", "0")
    assert f"serving {triples} triples" in run.lines[0]
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/celltx/graph> { ?s ?p ?o } }"
    url = run.url("SPARQL endpoint:") + "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.read().decode().split() == ["n", str(triples)]
    assert run.stop()[0] == 0


def test_serve_read_only_refuses_updates(served):
    run = served("--port", "0", "--read-only")
    base = run.url("SPARQL endpoint:")[: -len("query")]
    body = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(urllib.request.Request(base + "update", data=body), timeout=10)
    assert run.stop()[0] == 0


def test_serve_on_a_taken_port_says_so(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        done = cli("serve", "--port", str(taken.getsockname()[1]))
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--port" in lines[0], done.stderr


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port`` (Linux /proc/net/tcp, hex little-endian IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, hexport = local.split(":")
        if state == "0A" and int(hexport, 16) == port:
            found.add(".".join(str(int(addr[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").is_file(), reason="needs Linux /proc/net/tcp")
def test_serve_binds_loopback_only_by_default(served):
    run = served("--port", "0")
    port = urllib.parse.urlsplit(run.url("SPARQL endpoint:")).port
    assert _listening_addresses(port) == {"127.0.0.1"}
    assert run.stop()[0] == 0
