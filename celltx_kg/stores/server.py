"""A local SPARQL endpoint holding the graph: the Oxigraph server from PyPI (package ``oxigraph``).

The graph is bulk-loaded (``oxigraph load``) into a temporary store, into the named graph
``https://w3id.org/celltx/graph`` as ``celltx-kg load`` would put it, and the server runs with
``--union-default-graph`` so saved queries (which use no ``GRAPH``) see it too. The server is
bound to 127.0.0.1 unless told otherwise; Ctrl-C or SIGTERM stops it and removes the store.

:class:`OxigraphServer` is also what the tests and the load benchmark start.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import CelltxError, UsageError
from ..namespaces import DEFAULT_GRAPH_IRI


class ServerError(CelltxError):
    """The Oxigraph server is missing, could not start, or stopped unexpectedly."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable of the installed ``oxigraph`` package (beside this Python first)."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("the Oxigraph server is not installed: python3 -m pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def load_location(location: Path, data: Path, graph: str | None = DEFAULT_GRAPH_IRI) -> None:
    """Bulk-load an RDF file into an Oxigraph store folder (``None``: the default graph)."""
    cmd = [oxigraph_binary(), "load", "--location", str(location), "--file", str(data)]
    if graph:
        cmd += ["--graph", graph]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerError(f"oxigraph load failed: {_last_line(done.stderr)}")


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: the server gets SIGTERM if the process that started it dies (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class OxigraphServer:
    """An ``oxigraph serve`` process on ``host:port``; in memory unless ``location`` is given."""

    def __init__(
        self,
        location: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        read_only: bool = False,
        union_default_graph: bool = True,
    ):
        self.location = Path(location) if location else None
        self.host = host
        self.port = port or free_port(host)
        self.read_only = read_only
        self.union_default_graph = union_default_graph
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else ("::1" if self.host == "::" else self.host)
        return f"http://{_netloc(host, self.port)}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        return self.base_url + "/store"

    @property
    def page_url(self) -> str:
        return self.base_url + "/"

    def start(self, wait: float = 30.0) -> OxigraphServer:
        cmd = [
            oxigraph_binary(),
            "serve-read-only" if self.read_only else "serve",
            "--bind",
            _netloc(self.host, self.port),
        ]
        if self.location:
            cmd += ["--location", str(self.location)]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        self._log = tempfile.TemporaryFile()  # type: ignore[assignment]
        kwargs = {"preexec_fn": _die_with_parent} if sys.platform.startswith("linux") else {}
        # Own session: a Ctrl-C in the terminal reaches us, and we stop the server in order.
        self.process = subprocess.Popen(  # type: ignore[call-overload]
            cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"the Oxigraph server did not start on {_netloc(self.host, self.port)}: {_last_line(self.log())}"
                )
            if self.ready():
                return self
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"the Oxigraph server did not answer within {wait:.0f} s")

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=2) as resp:
                return resp.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def log(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not exited within ``timeout``."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """Die at once, as a crashed server would (for failure tests)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(
    host: str = "127.0.0.1", port: int = 7878, read_only: bool = False, graph: str = DEFAULT_GRAPH_IRI, out=None
) -> int:
    """Serve the graph until Ctrl-C or SIGTERM; returns the exit code (0 after a clean stop)."""
    from ..sparql.store import graph_ntriples

    out = out or sys.stdout
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, got {port}")
    oxigraph_binary()  # fail before any work when it is missing
    workdir = Path(tempfile.mkdtemp(prefix="celltx-kg-serve-"))
    server = None
    stops = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {sig: signal.getsignal(sig) for sig in stops}

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        for sig in previous:
            signal.signal(sig, interrupt)
        data = graph_ntriples()
        triples = sum(1 for line in data.open("rb") if line.strip())
        load_location(workdir / "store", data, graph)
        server = OxigraphServer(workdir / "store", host, port or free_port(host), read_only=read_only)
        _check_port_free(server.host, server.port)
        server.start()
        mode = "read-only" if read_only else "read-write"
        print(f"serving {triples} triples in <{graph}> (also the default graph), {mode}", file=out)
        print(f"SPARQL endpoint: {server.query_url}", file=out)
        print(f"query page:      {server.page_url}", file=out)
        if not read_only:
            print(f"update: {server.update_url}  graph store: {server.store_url}", file=out)
        print("press Ctrl-C to stop", file=out, flush=True)
        code = server.process.wait()  # type: ignore[union-attr]
        raise ServerError(f"the Oxigraph server stopped by itself (exit {code}): {_last_line(server.log())}")
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 0
    finally:
        try:
            if server is not None:
                server.stop()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _check_port_free(host: str, port: int) -> None:
    """A clear message when the port is taken (the server's own message is less direct)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {_netloc(host, port)}: {exc.strerror}; choose another --port") from None


__all__ = ["OxigraphServer", "ServerError", "free_port", "load_location", "oxigraph_binary", "serve"]
