"""Run the web application with uvicorn on a socket bound here (so a taken port is a one-line
error, and port 0 picks a free one whose number is printed)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

from ..errors import CelltxError, UsageError
from .engine import Limits


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            f"{' (another server uses the port; pick one with --port)' if port else ''}"
        ) from None
    sock.listen(128)
    return sock


def serve(host: str = "127.0.0.1", port: int = 7878, limits: Limits | None = None, out=None) -> int:
    import uvicorn

    from .app import create_app

    out = out or sys.stdout
    sock = bind(host, port)
    try:
        app = create_app(limits=limits)
    except ValueError as exc:
        sock.close()
        raise CelltxError(str(exc)) from None
    bound = sock.getsockname()[1]
    netloc = f"[{host}]:{bound}" if ":" in host else f"{host}:{bound}"
    base = f"http://{netloc}"
    print(f"workbench:       {base}/", file=out)
    print(f"SPARQL endpoint: {base}/sparql", file=out)
    print(f"REST API:        {base}/api/queries  (OpenAPI: {base}/openapi.json)", file=out)
    print("read-only; Ctrl-C stops it", file=out, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=5)
    import signal

    def stop(signum, frame):  # uvicorn shuts down, then raises the signal again: end quietly
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        app.state.engine.close()
        sock.close()
    return 0


class Workbench:
    """``celltx-kg serve`` in a child process on 127.0.0.1 at a free port (tests and the benchmark).

    Importing this class loads no web library: the child process does."""

    def __init__(self, *args: str, env: dict | None = None, cwd=None):
        self.args = ("--port", "0", *args)
        self.env, self.cwd = env, cwd
        self.process: subprocess.Popen | None = None
        self.base_url = ""
        self.lines: list[str] = []
        self.errors: list[str] = []  # what the server wrote on stderr
        self.reader: threading.Thread | None = None

    def start(self, wait: float = 120.0) -> Workbench:
        import os
        import time

        self.process = process = subprocess.Popen(
            [sys.executable, "-m", "celltx_kg", "serve", *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(self.env or {})},
            cwd=self.cwd,
        )

        def drain():  # keep the pipe from filling while the server runs
            for line in process.stderr or ():
                self.errors.append(line)

        self.reader = reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
            if line.startswith("workbench:"):
                self.base_url = line.split()[1].rstrip("/")
            if "Ctrl-C" in line:
                return self
        process.kill()
        reader.join(5)
        err = "".join(self.errors)[-500:]
        raise CelltxError(f"the workbench did not start: {' '.join(self.lines)} {err}")

    def stop(self, timeout: float = 15.0) -> tuple[int, str]:
        """Ctrl-C, then wait; returns the exit code and what it wrote on stderr."""
        import signal

        if self.process is None:
            return 0, ""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.reader is not None:
            self.reader.join(5)  # the last lines
        return self.process.returncode, "".join(self.errors)

    def __enter__(self) -> Workbench:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


__all__ = ["Workbench", "bind", "serve"]
