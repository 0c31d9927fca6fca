"""celltx-kg sparql: run an ad-hoc SPARQL query given on the command line (or - for stdin)."""

from __future__ import annotations


def register(subparsers) -> None:
    from .query import add_output_options

    p = subparsers.add_parser("sparql", help="run an ad-hoc SPARQL query",
                              description="Run an ad-hoc SPARQL query. The embedded store refuses SERVICE and LOAD. "
                                          "Common prefixes (celltx:, celltxd:, rdfs:, skos: …) are predeclared.")
    p.add_argument("text", help="the query text, or - to read it from stdin")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..catalogue import SavedQuery
    from ..cli import write_output
    from ..query import _PREFIX_BLOCK
    from .query import execute

    text = sys.stdin.read() if args.text == "-" else args.text
    if "PREFIX" not in text.upper():
        text = _PREFIX_BLOCK + text
    query = SavedQuery("sparql", None, text)
    write_output(execute(query, {}, args), args.output)
    return 0
