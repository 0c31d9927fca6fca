"""Add a conforming fact file to the curated sources, atomically and never replacing a file.

Additions go to :func:`celltx_kg.paths.additions_dir` (the checkout's ontology/facts/added/, or
the user data directory of an installed copy, or ``--data DIR``): never into site-packages.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..errors import CelltxError
from ..fsutil import create_new
from ..namespaces import bind_all


def added_path(source) -> Path:
    """Where ``add`` puts a file: ``<additions>/<name>.ttl``, the name made safe."""
    import re

    from .. import paths

    stem = re.sub(r"[^a-z0-9_]+", "-", Path(source).stem.lower()).strip("-") or "facts"
    return paths.additions_dir() / f"{stem}.ttl"


def add_file(source, base: Graph | None = None, shapes: Graph | None = None):
    """Validate ``source`` with the curated graph; if it conforms, add it to the curated sources.

    The file may describe new nodes only and point at existing ones (see
    :func:`~celltx_kg.graph.screen.screen_against`): an InputError otherwise.

    Returns ``(report, written_path)``; ``written_path`` is None when the facts do not conform.
    :func:`add_checked` also returns what the file changes.
    """
    checked, written = add_checked(source, base, shapes)
    return checked.report, written


def add_checked(source, base: Graph | None = None, shapes: Graph | None = None):
    """As :func:`add_file`, returning ``(Checked, written_path)``.

    A Turtle file is copied byte for byte; a table (.tsv/.csv) and other RDF formats are written
    as Turtle with the project's prefixes. The file is staged beside its target, checked to parse
    back to the same triples and hard-linked into place, which fails rather than replace an
    existing file; any failure removes the staging file, so the sources are left byte-identical.
    One process at a time adds to a data root (a second one gets a "busy" error, exit 2).
    """
    from .. import paths
    from ..errors import InputError
    from ..graph.ingest import rdf_format
    from .check import check_files
    from .lock import writer_lock
    from .table import is_table

    source = Path(source)
    with writer_lock():
        target = added_path(source)
        for folder in {paths.facts_dir().resolve(), paths.additions_dir().resolve()}:
            if source.exists() and source.resolve().is_relative_to(folder):
                raise InputError(f"{source}: already one of the curated sources in {folder}")
        if target.exists():
            raise InputError(f"{target} already exists: rename {source.name} or remove the old file first")
        checked = check_files([source], base, shapes)
        if not checked.report.conforms:
            return checked, None
        graph = checked.graph
        if not is_table(source) and rdf_format(source) == "turtle":
            data = source.read_bytes().removeprefix(b"\xef\xbb\xbf")
        else:
            out = Graph()
            bind_all(out)
            out += graph
            data = out.serialize(format="turtle", encoding="utf-8")
            if is_table(source):
                data = f"# Added from {source.name} by celltx-kg add.\n".encode() + data

        def same_triples(staging: str) -> None:
            from rdflib.compare import isomorphic

            if not isomorphic(Graph().parse(staging, format="turtle"), graph):
                raise CelltxError(f"{target}: the written Turtle does not read back as the same triples; nothing added")

        create_new(target, data, check=same_triples)
    return checked, target
