"""celltx-kg validate: check the graph, or new fact files together with it, against the SHACL shapes."""

from __future__ import annotations

SEVERITY_CHOICES = ("violation", "warning", "info")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "validate",
        help="check the graph, or new fact files with it, against the SHACL shapes",
        description="Without FILE, validate the whole curated graph (ontology + facts + derived types) against "
        "shapes/*.ttl. With FILEs (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, or a filled-in "
        "template .tsv/.csv from `celltx-kg template`), validate those new facts merged into the curated "
        "graph, so they may point at existing nodes (celltxd:cd19), check each quote against its "
        "source's text, and report only the problems they bring. One line per result (for a table: "
        "file, row and column first): focus node, path, offending value, message (English / Chinese); "
        "then what the files change (new entities and triples, links to existing entities, likely "
        "duplicates) and a summary.",
        epilog="Exit codes: 0 conforms (no sh:Violation; warnings and notes are advice); 1 violations found; "
        "2 unusable input (missing, malformed, unsafe, empty, binary or too large file).",
    )
    add_report_options(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="new fact files to check with the graph (- reads stdin)")
    add_stdin_format(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.set_defaults(func=run)


def add_stdin_format(p) -> None:
    from ..graph.ingest import FORMATS

    p.add_argument(
        "--stdin-format",
        default="ttl",
        choices=sorted(f.lstrip(".") for f in FORMATS),
        metavar="EXT",
        help="the RDF format of standard input (FILE -), as a file extension: ttl (default), nt, jsonld …",
    )


def add_report_options(p) -> None:
    p.add_argument(
        "-f",
        "--format",
        choices=("text", "json", "turtle"),
        default="text",
        help="text (default); json; turtle: the W3C SHACL validation report",
    )
    p.add_argument(
        "--severity",
        choices=SEVERITY_CHOICES,
        default="warning",
        help="lowest severity to show: violation, warning (default) or info (adds notes such as "
        "missing Chinese labels)",
    )


def render(report, fmt: str, severity: str, changes=None) -> bytes:
    """The report; with ``changes`` (new files), what they change: in text before the summary line,
    in JSON as ``changes``."""
    if fmt == "json":
        if changes is None:
            return report.json(severity).encode("utf-8")
        import json

        doc = json.loads(report.json(severity))
        doc["changes"] = changes.json()
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "turtle":
        return report.turtle(severity)
    lines = report.text(severity).splitlines()
    if changes is not None:
        lines[-1:-1] = changes.text().splitlines()
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(args) -> int:
    import sys

    from ..errors import EXIT_FINDINGS, EXIT_OK
    from ..output import write_output
    from ..progress import step
    from ..shacl import validate_graph

    step("reading the graph and the shapes, then validating (seconds)")
    changes = None
    if args.files:
        from ..curate.check import check_files

        checked = check_files(args.files, stdin_format=args.stdin_format)
        report, changes = checked.report, checked.changes
    else:
        report = validate_graph()
    write_output(render(report, args.format, args.severity, changes), args.output)
    if args.format != "text" or args.output:
        print(report.summary(args.severity), file=sys.stderr)
    return EXIT_OK if report.conforms else EXIT_FINDINGS
