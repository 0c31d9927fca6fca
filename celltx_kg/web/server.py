"""Run the web application with uvicorn on a socket bound here (so a taken port is a one-line
error, and port 0 picks a free one whose number is printed)."""

from __future__ import annotations

import socket
import sys

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
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                         f"{' (another server uses the port; pick one with --port)' if port else ''}") from None
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
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=5)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        app.state.engine.close()
        sock.close()
    return 0


__all__ = ["bind", "serve"]
