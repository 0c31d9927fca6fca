"""celltx-kg serve: a local SPARQL endpoint holding the graph (the Oxigraph server)."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="start a local SPARQL endpoint holding the graph (Oxigraph server)",
        description="Start the Oxigraph server (from the oxigraph package) with the graph loaded into the named "
                    "graph https://w3id.org/celltx/graph, also visible as the default graph. Prints the SPARQL "
                    "query URL and the browser query page; Ctrl-C stops it and removes its temporary store.")
    p.add_argument("--port", type=int, default=7878, metavar="N", help="TCP port (default 7878; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                   help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)")
    p.add_argument("--read-only", action="store_true", help="refuse SPARQL Update and Graph Store writes")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..stores.server import serve

    return serve(host=args.host, port=args.port, read_only=args.read_only)
