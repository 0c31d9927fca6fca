"""celltx-kg query: run a saved query (or a query file) on the embedded store or an endpoint."""

from __future__ import annotations

from ..sparql.render import ALL_FORMATS
from ..sparql.run import DEFAULT_MAX_ROWS


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "query",
        add_help=False,
        help="run a saved query (see: celltx-kg queries)",
        description="Run a saved query by NAME, or a SPARQL file with --file. "
        "`celltx-kg query NAME --help` describes the query and its parameters.",
    )
    p.add_argument("name", nargs="?", help="saved query name")
    p.add_argument("-h", "--help", action="store_true", help="show help (for NAME: the query's description)")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter; a label in English or Chinese, a synonym or a CURIE",
    )
    p.add_argument("--file", metavar="FILE.rq", help="run the SPARQL query in this file instead (- reads stdin)")
    add_output_options(p)
    p.set_defaults(func=run, parser=p)


def add_output_options(p) -> None:
    p.add_argument(
        "-f",
        "--format",
        choices=ALL_FORMATS,
        default="table",
        help="table (default), csv, tsv, json, xml (W3C results formats); turtle, ntriples for CONSTRUCT",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--endpoint", metavar="URL", help="query this SPARQL endpoint instead of the embedded store")
    p.add_argument(
        "--timeout",
        type=_positive,
        default=60.0,
        metavar="SECONDS",
        help="deadline for the whole query, on the embedded store or an endpoint (default 60)",
    )
    p.add_argument(
        "--max-rows",
        type=_count,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help="refuse results longer than N rows or triples (default 100000)",
    )


def _count(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got {value!r}")
    return int(value)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 < number < 1e6:
        import argparse

        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {value!r}")
    return number


def parse_params(items: list[str]) -> dict[str, str]:
    from ..errors import UsageError

    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param needs NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params


def describe(query) -> str:
    lines = [
        f"{query.name}: {query.title}",
        f"  {query.meta.get('title@zh', '')}",
        "",
        query.meta.get("description", ""),
        query.meta.get("description@zh", ""),
        "",
        f"Review section: {query.meta.get('section', '')}",
        f"Keywords: {', '.join(query.keywords)}",
        "",
    ]
    if query.params:
        lines.append("Parameters:")
        for prm in query.params:
            kind = getattr(prm, "kind", prm.type)
            flags = [
                "required" if prm.required else "optional",
                kind if kind == prm.type or kind != "literal" else f"literal ({prm.type})",
            ]
            if prm.cls:
                flags.append(f"class {prm.cls}")
            if getattr(prm, "subclass", None):
                flags.append(f"a class under {prm.subclass}")
            if prm.default is not None:
                flags.append(f"default {prm.default}")
            if prm.example is not None:
                flags.append(f"example {prm.example}")
            lines.append(f"  {prm.name} ({', '.join(flags)}): {prm.description}")
    else:
        lines.append("Parameters: none")
    lines += ["", f"Example: {query.meta.get('example', '')}", ""]
    return "\n".join(lines)


def run(args) -> int:
    from ..errors import InputError, UsageError
    from ..output import write_output
    from ..sparql.catalogue import get_query, parse_query_file

    if args.help and not args.name:
        args.parser.print_help()
        return 0
    if args.file:
        from pathlib import Path

        path = Path(args.file)
        if args.name:
            raise UsageError("give a saved query NAME or --file, not both")
        if args.file == "-":
            import sys

            from ..sparql.catalogue import parse_query_text

            text = sys.stdin.read(1_000_001)
            if len(text) > 1_000_000:
                raise InputError("standard input: a query longer than 1,000,000 characters is refused")
            query = parse_query_text(text, "stdin")
        elif not path.is_file():
            raise InputError(f"{args.file}: no such file")
        else:
            query = parse_query_file(path)
    elif args.name:
        query = get_query(args.name)
    else:
        raise UsageError("give a saved query NAME (see: celltx-kg queries) or --file FILE.rq")
    if args.help:
        write_output(describe(query).encode(), None)
        return 0
    params = parse_params(args.param)
    write_output(execute(query, params, args), args.output)
    return 0


def execute(query, params: dict, args) -> bytes:
    from ..sparql.render import render
    from ..sparql.run import bind_params, run_saved

    max_rows = getattr(args, "max_rows", DEFAULT_MAX_ROWS)
    if args.endpoint:
        import sys

        from ..sparql.remote import remote_query, resolve_dataset
        from ..sparql.store import open_store

        needs_store = any(p.type == "label" and p.name in params for p in query.params)
        bindings = bind_params(query, params, open_store() if needs_store else None)
        dataset, warning = resolve_dataset(args.endpoint, timeout=args.timeout)
        if warning:
            print(f"celltx-kg: warning: {warning}", file=sys.stderr)
        result = remote_query(
            args.endpoint, query.text, bindings, timeout=args.timeout, dataset=dataset, max_rows=max_rows
        )
    else:
        from ..sparql.store import open_store

        result = run_saved(open_store(), query, params, timeout=args.timeout, max_rows=max_rows)
    return render(result, args.format)


__all__ = ["register", "add_output_options", "parse_params", "describe", "execute"]
