"""celltx-kg template: an empty spreadsheet (TSV or CSV) for one kind of fact."""

from __future__ import annotations


def register(subparsers) -> None:
    from ..curate.columns import KINDS

    p = subparsers.add_parser(
        "template",
        help="write an empty TSV/CSV template for a kind of fact",
        description="Write the header row of a curation template for KIND (" + ", ".join(KINDS) + "). Fill in "
        "one row per fact (evidence included: source, locator, references, quote), then run "
        "`celltx-kg validate FILE` and `celltx-kg add FILE`. --describe lists the columns; "
        "docs/curation.md documents them.",
        epilog="Exit codes: 0 written; 2 unknown kind or unwritable output.",
    )
    p.add_argument("kind", metavar="KIND", help="one of: " + ", ".join(KINDS))
    p.add_argument("-f", "--format", choices=("tsv", "csv"), default="tsv", help="tsv (default) or csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--describe", action="store_true", help="list the columns and what they take instead")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..curate.table import kind_named, template
    from ..output import write_output

    kind = kind_named(args.kind)
    if args.describe:
        lines = [f"{kind.name}: {kind.description} ({kind.cls}); columns:"]
        for col in kind.all_columns:
            flags = ", ".join(
                f
                for f in ("required" if col.required else "", col.value, "several separated by ;" if col.many else "")
                if f
            )
            lines.append(f"  {col.name} ({flags}): {col.description}")
        write_output(("\n".join(lines) + "\n").encode("utf-8"), args.output)
        return 0
    write_output(template(kind.name, args.format), args.output)
    return 0
