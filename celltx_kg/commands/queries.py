"""celltx-kg queries: list the saved queries."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("queries", help="list the saved queries",
                              description="List the saved queries with a one-line description; "
                                          "KEYWORD filters by keyword, title or name.")
    p.add_argument("keyword", nargs="?", help="show only queries whose name, title or keywords contain this")
    p.add_argument("-f", "--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..catalogue import load_catalogue
    from ..cli import write_output
    from ..render import table

    queries = list(load_catalogue().values())
    if args.keyword:
        k = args.keyword.lower()
        queries = [q for q in queries if k in q.name.lower() or k in q.title.lower()
                   or any(k in w.lower() for w in q.keywords) or k in q.meta.get("title@zh", "")]
    if args.format == "json":
        doc = [{"name": q.name, "title": q.title, "title_zh": q.meta.get("title@zh"), "section": q.meta.get("section"),
                "keywords": q.keywords, "parameters": [p.name for p in q.params]} for q in queries]
        write_output((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode(), None)
    else:
        rows = [[q.name, q.title, ", ".join(p.name for p in q.params)] for q in queries]
        write_output(table(["query", "title", "parameters"], rows).encode(), None)
    return 0
