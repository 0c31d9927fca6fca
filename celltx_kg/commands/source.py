"""celltx-kg source: register sources beyond the review, list them."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "source",
        help="register a source beyond the review, or list the sources",
        description="Facts may come from sources other than the review. `source add ID …` registers one "
        "(its row in sources/sources.tsv of the data root, its text copied to sources/texts/ID.txt); "
        "evidence records then cite it with prov:wasDerivedFrom celltxd:ID and their quotes are "
        "checked against its text. `source list` shows the review and the registered sources.",
        epilog="Exit codes: 0 done; 2 bad input, an id already registered, or another process is adding (busy).",
    )
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    add = sub.add_parser("add", help="register a source")
    add.add_argument("id", metavar="ID", help="its local name: the node is celltxd:ID (lower case, hyphens)")
    add.add_argument("--title", required=True, help="its title")
    add.add_argument("--title-zh", default="", help="its title in Chinese (required unless --title is Chinese)")
    add.add_argument(
        "--identifier", required=True, metavar="ID", help="DOI:10.…/…, PMID:…, PMCID:PMC…, ISBN:… or a URL"
    )
    add.add_argument("--language", required=True, help="language of its text (en, zh …)")
    add.add_argument("--licence", required=True, help="its licence, an SPDX name (CC-BY-4.0)")
    add.add_argument("--text", required=True, metavar="FILE", help="its text (UTF-8), for checking quotes")
    sub.add_parser("list", help="list the sources")
    p.set_defaults(func=run, parser=p)


def run(args) -> int:
    import sys

    from ..errors import UsageError

    if args.action == "add":
        from ..curate.sources import register_source

        source = register_source(
            args.id, args.title, args.text, args.identifier, args.language, args.licence, args.title_zh
        )
        print(
            f"celltx-kg: registered celltxd:{source.id} ({source.identifier}); cite it with "
            f"prov:wasDerivedFrom celltxd:{source.id} or the column source={source.id}",
            file=sys.stderr,
        )
        return 0
    if args.action == "list":
        from .. import paths
        from ..graph.registry import read_registry

        print(f"review\t{paths.review_file()}")
        for source in read_registry():
            print(f"{source.id}\t{source.identifier}\t{source.language}\t{source.licence}\t{source.title}")
        return 0
    raise UsageError("give an action: celltx-kg source add … or celltx-kg source list")
