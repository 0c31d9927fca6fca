"""celltx-kg sparql: run an ad-hoc SPARQL query given on the command line (or - for stdin)."""

from __future__ import annotations


def register(subparsers) -> None:
    from .query import add_output_options

    p = subparsers.add_parser("sparql", help="run an ad-hoc SPARQL query",
                              description="Run an ad-hoc SPARQL query. The embedded store refuses SERVICE and LOAD. "
                                          "Common prefixes (celltx:, celltxd:, rdfs:, skos: …) are predeclared. "
                                          "--catalogue runs it on the saved-query catalogue instead of the graph.")
    p.add_argument("text", help="the query text, or - to read it from stdin")
    p.add_argument("--catalogue", action="store_true",
                   help="query the saved-query catalogue (sh:SPARQLExecutable nodes; prefixes celltxq:, celltxqp:)")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..catalogue import SavedQuery
    from ..cli import write_output
    from ..query import _PREFIX_BLOCK
    from .query import execute

    text = sys.stdin.read() if args.text == "-" else args.text
    if args.catalogue:
        from ..catalogue_rdf import CATALOGUE_PREFIXES, catalogue_store
        from ..errors import UsageError
        from ..query import run_sparql
        from ..render import render

        if args.endpoint:
            raise UsageError("--catalogue queries the local catalogue; it cannot be combined with --endpoint")
        if "PREFIX" not in text.upper():
            text = "".join(f"PREFIX {k}: <{v}>\n" for k, v in CATALOGUE_PREFIXES.items()) + text
        write_output(render(run_sparql(catalogue_store(), text), args.format), args.output)
        return 0
    if "PREFIX" not in text.upper():
        text = _PREFIX_BLOCK + text
    query = SavedQuery("sparql", None, text)
    write_output(execute(query, {}, args), args.output)
    return 0
