"""celltx-kg queries: list the saved queries (or write the catalogue as RDF)."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "queries",
        help="list the saved queries",
        description="List the saved queries with their title and parameters; KEYWORD "
        "filters by name, title (English or Chinese), keyword or review section. "
        "--format turtle or ntriples writes the catalogue as RDF "
        "(sh:SPARQLExecutable nodes, as the SIB sparql-examples do); "
        "`celltx-kg sparql --catalogue 'SELECT …'` queries it.",
    )
    p.add_argument("keyword", nargs="?", help="show only queries whose name, title, keywords or section match this")
    p.add_argument("-f", "--format", choices=("table", "json", "turtle", "ntriples"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..output import write_output
    from ..sparql.catalogue import read_catalogue, search_catalogue
    from ..sparql.render import table

    queries = list(read_catalogue().values())
    if args.keyword:
        queries = search_catalogue(queries, args.keyword)
    if args.format in ("turtle", "ntriples"):
        from ..sparql.catalogue_rdf import catalogue_rdf

        write_output(catalogue_rdf(args.format, queries), args.output)
    elif args.format == "json":
        doc = [
            {
                "name": q.name,
                "title": q.title,
                "title_zh": q.meta.get("title@zh"),
                "section": q.meta.get("section"),
                "keywords": q.keywords,
                "parameters": [p.name for p in q.params],
                "example": q.meta.get("example"),
            }
            for q in queries
        ]
        write_output((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode(), args.output)
    else:
        rows = [[q.name, q.title, ", ".join(p.name + ("*" if p.required else "") for p in q.params)] for q in queries]
        text = table(["query", "title", "parameters (* required)"], rows)
        write_output(text.encode(), args.output)
    return 0
