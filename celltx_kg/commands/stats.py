"""celltx-kg stats: completeness figures for curators."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "stats",
        help="counts per class, provenance and identifier coverage, missing labels",
        description="Counts per class, fact nodes with and without provenance, entities with "
        "and without a standard identifier, and labels missing per language.",
    )
    p.add_argument("-f", "--format", choices=("table", "json"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..output import write_output
    from ..sparql.stats import as_text, collect
    from ..sparql.store import open_store

    stats = collect(open_store())
    data = json.dumps(stats, indent=2) + "\n" if args.format == "json" else as_text(stats)
    write_output(data.encode(), args.output)
    return 0
