"""celltx-kg sparql: run an ad-hoc SPARQL query given on the command line (or - for stdin)."""

from __future__ import annotations


def register(subparsers) -> None:
    import argparse

    from ..namespaces import PREFIXES
    from .query import add_output_options

    prefixes = "\n".join(f"  {k + ':':<16}<{v}>" for k, v in PREFIXES.items())
    p = subparsers.add_parser(
        "sparql",
        help="run an ad-hoc SPARQL query",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run an ad-hoc SPARQL query. The embedded store refuses SERVICE and LOAD.\n"
        "The prefixes below are predeclared; a PREFIX line of your own overrides one.\n"
        "--catalogue runs it on the saved-query catalogue instead of the graph.\n"
        "Writing your own SPARQL (the model, pitfalls): docs/queries.md.",
        epilog="predeclared prefixes:\n" + prefixes,
    )
    p.add_argument("text", help="the query text, or - to read it from stdin")
    p.add_argument(
        "--catalogue",
        action="store_true",
        help="query the saved-query catalogue (sh:SPARQLExecutable nodes; prefixes celltxq:, celltxqp:)",
    )
    add_output_options(p)
    p.set_defaults(func=run)


def read_query_text(stream) -> str:
    """Query text from a byte stream: at most the checker's size limit, UTF-8, no NUL."""
    from ..errors import InputError
    from ..sparql.check import MAX_QUERY_CHARS

    data = stream.read(4 * MAX_QUERY_CHARS + 1)  # UTF-8 spends at most 4 bytes a character
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"stdin: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"stdin: the query is longer than {MAX_QUERY_CHARS:,} characters")
    if "\x00" in text:
        raise InputError("stdin: NUL character in the query text (binary input?)")
    return text


def run(args) -> int:
    import sys

    from ..namespaces import PREFIX_BLOCK
    from ..output import write_output
    from ..sparql.catalogue import SavedQuery
    from .query import execute

    text = read_query_text(sys.stdin.buffer) if args.text == "-" else args.text
    if args.catalogue:
        from ..errors import UsageError
        from ..sparql.catalogue_rdf import CATALOGUE_PREFIXES, catalogue_store
        from ..sparql.render import render
        from ..sparql.run import run_sparql

        if args.endpoint:
            raise UsageError("--catalogue queries the local catalogue; it cannot be combined with --endpoint")
        result = run_sparql(
            catalogue_store(), text, prefixes=CATALOGUE_PREFIXES, timeout=args.timeout, max_rows=args.max_rows
        )
        write_output(render(result, args.format), args.output)
        return 0
    if args.endpoint:  # the embedded store predeclares them; a query's own PREFIX lines, read later, override
        text = PREFIX_BLOCK + text
    query = SavedQuery("sparql", None, text)
    write_output(execute(query, {}, args), args.output)
    return 0
