"""celltx-kg build: write the release (base and full graphs in every format, mappings, dataset
description, manifest); with --docs also the ontology's HTML page and the pictures in docs/images."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="write the release: graphs in every format, mappings, description",
        description="Merge the ontology and curated facts and write the release: the base "
        "graph (as curated) and the full graph (with derived facts), each as "
        "Turtle, N-Triples, RDF/XML and JSON-LD; context.jsonld; the SSSOM "
        "mappings; the VoID/DCAT description; queries.ttl and manifest.json. "
        "Deterministic. See docs/release.md.",
    )
    p.add_argument("--out", default="build", metavar="DIR", help="output folder (default: ./build)")
    p.add_argument(
        "--docs",
        action="store_true",
        help="also write celltx.html (pyLODE) and regenerate the pictures in docs/images "
        "(needs the docs extra: pip install 'celltx-kg[docs]')",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..progress import step
    from ..release.files import build

    step(f"building the graph from the sources and writing {args.out}/")
    manifest = build(args.out)
    print(
        f"wrote {len(manifest.files)} files to {args.out}: {manifest.triples} triples, "
        f"{manifest.mappings} mappings, sha256 {manifest.content_sha256[:16]}…",
        file=sys.stderr,
    )
    if args.docs:
        from ..errors import InputError

        try:
            from ..release.docs import write_docs

            written = write_docs(args.out)
        except ImportError as exc:
            raise InputError(
                f"--docs needs the docs extra ({exc.name} is missing): pip install 'celltx-kg[docs]'"
            ) from None
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
    return 0
