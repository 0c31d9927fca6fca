"""celltx-kg serve: the web workbench (search, entity pages, query forms, a SPARQL editor, a REST
API and a SPARQL endpoint) over the embedded store, read-only; ``--oxigraph`` starts Oxigraph's
own server instead."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve",
        help="start the web workbench and SPARQL endpoint (read-only, this machine only)",
        description="Serve the graph on the web: search, entity pages (Turtle and JSON-LD by content negotiation), "
        "a form per saved query, a SPARQL editor, a REST API (/api/queries/NAME, OpenAPI at "
        "/openapi.json) and a SPARQL 1.1 Protocol endpoint (/sparql). Read-only. Ctrl-C stops it.",
    )
    p.add_argument("--port", type=int, default=7878, metavar="N", help="TCP port (default 7878; 0 picks a free one)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)",
    )
    p.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="time limit of one query (default 20)"
    )
    p.add_argument("--max-rows", type=int, default=5000, metavar="N", help="rows one query may return (default 5000)")
    p.add_argument("--workers", type=int, default=4, metavar="N", help="queries that run at once (default 4)")
    p.add_argument(
        "--oxigraph",
        action="store_true",
        help="start Oxigraph's own server instead (its query page; writable unless --read-only)",
    )
    p.add_argument(
        "--read-only", action="store_true", help="with --oxigraph: refuse SPARQL Update and Graph Store writes"
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import UsageError

    if args.oxigraph:
        from ..stores.server import serve as serve_oxigraph

        return serve_oxigraph(host=args.host, port=args.port, read_only=args.read_only)
    if args.timeout <= 0 or args.max_rows < 1 or args.workers < 1:
        raise UsageError("--timeout, --max-rows and --workers must be positive")
    from ..web.engine import Limits
    from ..web.server import serve

    return serve(
        host=args.host,
        port=args.port,
        limits=Limits(timeout=args.timeout, max_rows=args.max_rows, workers=args.workers),
    )
