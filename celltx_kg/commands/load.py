"""celltx-kg load: upload the graph into a SPARQL 1.1 store, verify it, swap it in."""

from __future__ import annotations


def register(subparsers) -> None:
    from ..namespaces import DEFAULT_GRAPH_IRI

    p = subparsers.add_parser(
        "load", help="upload the graph into a SPARQL store (Graph Store Protocol), verified",
        description="Upload the built graph into a SPARQL 1.1 store with the Graph Store HTTP Protocol, into a "
                    "named graph, replacing what it held. The upload goes to a staging graph, is read back and "
                    "compared with what was sent (count and content), then swapped in with one SPARQL Update "
                    "(MOVE GRAPH): a failure leaves the named graph as it was. Credentials come from "
                    "CELLTX_KG_USER/CELLTX_KG_PASSWORD, CELLTX_KG_TOKEN or ~/.netrc, never from the command line.",
        epilog="Oxigraph: --endpoint http://HOST:7878/query (update and GSP URLs derived). Fuseki: --endpoint "
               ".../DS/sparql --update-endpoint .../DS/update --gsp-endpoint .../DS/data. Virtuoso: --endpoint "
               ".../sparql --update-endpoint .../sparql --gsp-endpoint .../sparql-graph-crud. GraphDB: --endpoint "
               ".../repositories/ID --update-endpoint .../repositories/ID/statements --gsp-endpoint "
               ".../repositories/ID/rdf-graphs/service. Exit codes: 0 loaded and verified; 2 failure (one line "
               "saying what the store holds).")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query URL")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="SPARQL Update URL (default: the query URL with /query replaced by /update)")
    p.add_argument("--gsp-endpoint", metavar="URL",
                   help="Graph Store Protocol URL (default: the query URL with /query replaced by /store)")
    p.add_argument("--graph", default=DEFAULT_GRAPH_IRI, metavar="IRI",
                   help=f"the named graph to replace (default {DEFAULT_GRAPH_IRI})")
    p.add_argument("--graphs", choices=("single", "split"), default="single",
                   help="single: everything into --graph (default); split: ontology, facts, shapes and queries "
                        "into IRI/ontology, IRI/facts, IRI/shapes, IRI/queries")
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                   help="timeout of each HTTP request (default 300)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import UsageError
    from ..net import check_url
    from ..stores.http import endpoints
    from ..stores.load import load, single_part, split_parts

    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    if not _is_iri(args.graph):
        raise UsageError(f"--graph needs an absolute IRI, got {args.graph!r}")
    check_url(args.endpoint)
    urls = endpoints(args.endpoint, args.update_endpoint, args.gsp_endpoint)
    notes: list[str] = []
    parts = split_parts(args.graph, notes) if args.graphs == "split" else single_part(args.graph)
    report = load(parts, urls, timeout=args.timeout)
    report.notes += notes
    print("\n".join(report.lines()))
    return 0


def _is_iri(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", text))
