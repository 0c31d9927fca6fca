"""celltx-kg add: validate a fact file and, only if it conforms, add it to the curated sources."""

from __future__ import annotations


def register(subparsers) -> None:
    from .validate import add_report_options

    p = subparsers.add_parser(
        "add",
        help="validate a fact file and, if it conforms, add it to the curated facts",
        description="Validate FILE together with the curated graph (as `celltx-kg validate FILE`). If no "
        "sh:Violation is found, write it to the additions folder as <name>.ttl (a Turtle file is "
        "copied as it is; a filled-in template .tsv/.csv and other formats are written as Turtle with "
        "the project's prefixes), so the next build includes it. The additions folder is "
        "ontology/facts/added/ in a checkout, the user data directory for an installed copy, or "
        "DIR/ontology/facts/added with --data DIR (CELLTX_KG_DATA). The write is atomic and never "
        "replaces an existing file: on any failure the sources stay byte-identical. One process at a "
        "time adds to a data root.",
        epilog="Exit codes: 0 added; 1 violations found, nothing written; 2 unusable input, the target "
        "exists or another process is adding (busy), nothing written.",
    )
    p.add_argument("file", metavar="FILE", help="the fact file to add")
    add_report_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..curate.add import add_checked
    from ..errors import EXIT_FINDINGS, EXIT_OK
    from ..output import write_output
    from .validate import render

    checked, written = add_checked(args.file)
    write_output(render(checked.report, args.format, args.severity, checked.changes), None)
    if written is None:
        print(f"celltx-kg: {args.file} does not conform; nothing was written", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"celltx-kg: added {args.file} as {written}; the next build includes it", file=sys.stderr)
    return EXIT_OK
