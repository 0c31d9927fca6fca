"""celltx-kg load: upload the graph into a SPARQL 1.1 store as a new version, verify it, switch to it."""

from __future__ import annotations


def register(subparsers) -> None:
    from ..namespaces import DEFAULT_GRAPH_IRI
    from ..paths import GRANTS

    p = subparsers.add_parser(
        "load",
        help="upload the graph into a SPARQL store (Graph Store Protocol), verified, switched in at once",
        description="Upload the built graph into a SPARQL 1.1 store as a new version graph (IRI/v/HASH), verify "
        "it with aggregates the store computes (count, distinct subjects and objects, characters of "
        "distinct text), then switch readers to it with one SPARQL Update of the control graph IRI/control. "
        "Readers never see a part of a graph; a failure or a kill at any point leaves the previous "
        "graph in use. `celltx-kg query --endpoint URL` reads the control graph and queries the "
        "current version; other clients use the URL printed at the end. Loads of the same graph run "
        "one at a time (a lock in the store). Credentials come from CELLTX_KG_USER/"
        "CELLTX_KG_PASSWORD, CELLTX_KG_TOKEN or ~/.netrc, never from the command line.",
        epilog="Oxigraph: --endpoint http://HOST:7878/query (update and GSP URLs derived). Virtuoso: --endpoint "
        ".../sparql --update-endpoint .../sparql --gsp-endpoint .../sparql-graph-crud, after the grants "
        "of --print-grants virtuoso. Fuseki: --endpoint .../DS/sparql --update-endpoint .../DS/update "
        "--gsp-endpoint .../DS/data. GraphDB: --endpoint .../repositories/ID --update-endpoint "
        ".../repositories/ID/statements --gsp-endpoint .../repositories/ID/rdf-graphs/service. "
        "See docs/triplestores.md. Exit codes: 0 loaded and verified; 2 failure or busy (one line saying "
        "what readers see); 130 interrupted.",
    )
    p.add_argument("--endpoint", metavar="URL", help="the store's SPARQL query URL")
    p.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="SPARQL Update URL (default: the query URL with /query replaced by /update)",
    )
    p.add_argument(
        "--gsp-endpoint",
        metavar="URL",
        help="Graph Store Protocol URL (default: the query URL with /query replaced by /store)",
    )
    p.add_argument(
        "--graph",
        default=DEFAULT_GRAPH_IRI,
        metavar="IRI",
        help=f"the graph to replace (default {DEFAULT_GRAPH_IRI}); versions go to IRI/v/HASH",
    )
    p.add_argument(
        "--graphs",
        choices=("single", "split"),
        default="single",
        help="single: everything in one version (default); split: ontology, facts, shapes and queries "
        "each under IRI/ontology, IRI/facts, IRI/shapes, IRI/queries (readers see ontology + facts)",
    )
    p.add_argument(
        "--timeout", type=float, default=300.0, metavar="SECONDS", help="timeout of each HTTP request (default 300)"
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="take over a load lock not renewed for this long: its load was killed (default 60)",
    )
    p.add_argument(
        "--print-grants",
        choices=GRANTS,
        metavar="STORE",
        help=f"print the SQL that lets the store's SPARQL account load ({', '.join(GRANTS)}) and exit",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import UsageError
    from ..net import check_url
    from ..stores.http import endpoints
    from ..stores.load import load, single_part, split_parts

    if args.print_grants:
        from ..paths import grants_file

        print(grants_file(args.print_grants).read_text(encoding="utf-8"), end="")
        return 0
    if not args.endpoint:
        raise UsageError("load needs --endpoint URL (or --print-grants STORE)")
    if args.timeout <= 0 or args.lock_timeout <= 0:
        raise UsageError("--timeout and --lock-timeout must be positive")
    if not _is_iri(args.graph):
        raise UsageError(f"--graph needs an absolute IRI, got {args.graph!r}")
    check_url(args.endpoint)
    urls = endpoints(args.endpoint, args.update_endpoint, args.gsp_endpoint)
    notes: list[str] = []
    parts = split_parts(args.graph, notes) if args.graphs == "split" else single_part(args.graph)
    report = load(parts, urls, timeout=args.timeout, graph=args.graph, lock_timeout=args.lock_timeout)
    report.notes += notes
    lines = report.lines()
    print("\n".join(lines[:-1]))
    print(lines[-1], flush=True)
    return 0


def _is_iri(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", text))
