"""Add a conforming fact file to the curated sources, atomically and never replacing a file."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..errors import CelltxError
from ..fsutil import create_new
from ..namespaces import bind_all
from ..shacl.validate import validate_new


def added_path(source) -> Path:
    """Where ``add`` puts a file: ``ontology/facts/added/<name>.ttl``, the name made safe."""
    import re

    from .. import paths

    stem = re.sub(r"[^a-z0-9_]+", "-", Path(source).stem.lower()).strip("-") or "facts"
    return paths.facts_dir() / "added" / f"{stem}.ttl"


def add_file(source, base: Graph | None = None, shapes: Graph | None = None):
    """Validate ``source`` with the curated graph; if it conforms, add it to the curated sources.

    The file may describe new nodes only and point at existing ones (see
    :func:`~celltx_kg.graph.screen.screen_against`): an InputError otherwise.

    Returns ``(report, written_path)``; ``written_path`` is None when the facts do not conform.
    A Turtle file is copied byte for byte, other formats are written as Turtle with the project's
    prefixes. The file is staged beside its target, checked to parse back to the same triples and
    then hard-linked into place, which fails rather than replace an existing file; any failure
    removes the staging file, so the sources are left byte-identical.
    """
    from .. import paths
    from ..errors import InputError
    from ..graph.ingest import rdf_format, read_rdf_file

    source = Path(source)
    target = added_path(source)
    facts = paths.facts_dir().resolve()
    if source.resolve().is_relative_to(facts) and source.exists():
        raise InputError(f"{source}: already one of the curated sources in {paths.facts_dir()}")
    if target.exists():
        raise InputError(f"{target} already exists: rename {source.name} or remove the old file first")
    from ..graph.build import build_graph
    from ..graph.screen import screen_against

    graph = read_rdf_file(source)
    base = base if base is not None else build_graph()
    screen_against(source, graph, base)
    report = validate_new(graph, base, shapes, files=[source])
    if not report.conforms:
        return report, None
    if rdf_format(source) == "turtle":
        data = source.read_bytes().removeprefix(b"\xef\xbb\xbf")
    else:
        out = Graph()
        bind_all(out)
        out += graph
        data = out.serialize(format="turtle", encoding="utf-8")
    def same_triples(staging: str) -> None:
        from rdflib.compare import isomorphic

        if not isomorphic(Graph().parse(staging, format="turtle"), graph):
            raise CelltxError(f"{target}: the written Turtle does not read back as the same triples; nothing added")

    create_new(target, data, check=same_triples)
    return report, target


