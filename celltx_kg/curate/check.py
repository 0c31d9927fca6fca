"""Check new fact files — RDF or filled-in templates (.tsv/.csv) — with the curated graph.

:func:`check_files` is what ``celltx-kg validate FILE…`` and ``celltx-kg add FILE`` run: the
shapes (:func:`celltx_kg.shacl.validate_new`), the quotes against their sources' texts
(:mod:`celltx_kg.curate.quotes`), and what the files change (:mod:`celltx_kg.curate.changes`).
Results about rows of a table name the file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .changes import Changes, compute_changes

if TYPE_CHECKING:
    from rdflib import Graph

    from ..shacl.report import Report


@dataclass
class Checked:
    report: Report
    changes: Changes
    graph: Graph  # the new facts as read (blank nodes kept)
    origins: list = field(default_factory=list)  # one table.Origins per table file


def read_facts(path, stdin_format: str = "ttl") -> tuple[Graph, object]:
    """One user file (``-``: standard input, RDF) as a graph, with the table's origins (None for RDF)."""
    from ..graph.ingest import STDIN, read_rdf_file
    from .table import is_table, read_table

    if str(path) != STDIN and is_table(path):
        return read_table(path)
    return read_rdf_file(path, stdin_format), None


def check_files(files, base: Graph | None = None, shapes: Graph | None = None, stdin_format: str = "ttl") -> Checked:
    from rdflib import Graph

    from ..graph.build import build_graph, skolemize
    from ..graph.screen import screen_against
    from ..shacl.validate import validate_new
    from .quotes import add_quote_results

    files = [Path(f) for f in files]
    read = [(path, *read_facts(path, stdin_format)) for path in files]  # a bad file fails before the build
    base = base if base is not None else build_graph()
    new = Graph()
    origins = []
    for path, graph, origin in read:
        screen_against("standard input" if str(path) == "-" else path, graph, base)  # new nodes only
        new += graph
        if origin is not None:
            origins.append(origin)
    named = skolemize(new)  # the IRIs the build gives the blank nodes
    report = validate_new(named, base, shapes, files=files)
    add_quote_results(report, named)
    if origins:

        def locate(result, data=report.data):
            return next((w for w in (o.locate(result, data) for o in origins) if w), None)

        report.locate = locate
    return Checked(report, compute_changes(named, base), new, origins)


__all__ = ["Checked", "check_files", "read_facts"]
