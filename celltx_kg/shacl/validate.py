"""Validate the graph, or new facts together with it, against the SHACL shapes (shapes/*.ttl).

- :func:`validate_graph` checks the whole curated graph (ontology + facts + derived types).
- :func:`validate_new` checks new facts merged into the curated graph and reports only the
  problems they bring: results about the nodes the new facts mention (or whose derived types
  they change) that the curated graph alone does not already have.
- :func:`validate_files` does the same for files on disk, read safely by :mod:`celltx_kg.curate.ingest`.

``Report.conforms`` is true when no result has severity ``sh:Violation``: warnings and notes are
advice and do not block ``celltx-kg add``.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal

from ..namespaces import SKOLEM, bind_all
from .engine import FocusableShapes, mentioned_nodes, report_results, run_shacl
from .oxbridge import OxigraphQueries
from .report import Report

# ---------------------------------------------------------------- validation entry points


def validate_graph(graph: Graph | None = None, shapes: Graph | None = None) -> Report:
    """Validate the whole graph (default: the curated graph from the sources)."""
    from ..graph.build import build_graph, read_shapes

    graph = graph if graph is not None else build_graph()
    shapes = shapes if shapes is not None else read_shapes()
    report_graph = run_shacl(graph, shapes)
    return Report(report_results(report_graph), graph, report_graph)


def validate_new(new: Graph, base: Graph | None = None, shapes: Graph | None = None, files=()) -> Report:
    """Validate new facts merged into ``base`` (default: the curated graph); report what they bring.

    Only the nodes the new facts mention, and the nodes whose derived types they change, are
    validated; results the curated graph already has for those nodes are set aside
    (``Report.preexisting``).
    """
    return FactsValidator(base, shapes).validate(new, files)


def validate_files(files, base: Graph | None = None, shapes: Graph | None = None, stdin_format: str = "ttl") -> Report:
    """Read user files safely (any InputError propagates; ``-`` is standard input) and validate them
    with the graph. New facts may not add triples about nodes the graph already holds
    (:func:`~celltx_kg.graph.screen.screen_against`)."""
    from ..graph.build import build_graph
    from ..graph.ingest import read_rdf_file
    from ..graph.screen import screen_against

    base = base if base is not None else build_graph()
    new = Graph()
    for path in files:
        graph = read_rdf_file(path, stdin_format)
        screen_against("standard input" if str(path) == "-" else path, graph, base)
        new += graph
    return validate_new(new, base, shapes, files=files)


class FactsValidator:
    """Validates sets of new facts, one after another, against the same base graph.

    It reads the base graph in place (no copy of it in rdflib; one copy in pyoxigraph, made at the
    first check): each :meth:`validate` adds the new facts to it, validates, and takes them out
    again, also when validation fails, so the base graph is as it was between checks. Neither the
    validator nor the base graph may be used by another thread meanwhile.
    """

    def __init__(self, base: Graph | None = None, shapes: Graph | None = None):
        from ..graph.build import build_graph, read_shapes

        base = base if base is not None else build_graph()
        self.shapes = FocusableShapes(shapes if shapes is not None else read_shapes())
        self._data = OxigraphQueries(base)

    def validate(self, new: Graph, files=()) -> Report:
        from ..graph.build import add_facts

        data = self._data
        added = add_facts(data, new)  # the rdflib graph only, to learn what changes
        data.remove_all(added)
        focus = mentioned_nodes(new) | mentioned_nodes(added) | {s for s, p, _ in added if p == RDF.type}
        existing = {n for n in focus if (n, None, None) in data or (None, None, n) in data}
        before = {r.key() for r in report_results(run_shacl(data, self.shapes, existing))} if existing else set()
        try:
            data += added
            data.mirror(added, add=True)
            report_graph = run_shacl(data, self.shapes, focus)
            results = report_results(report_graph)
            snapshot = _neighbourhood(data, focus | {r.value for r in results if r.value is not None})
        finally:
            data.remove_all(added)
            data.mirror(added, add=False)
        fresh = [r for r in results if r.key() not in before]
        old = [r for r in results if r.key() in before]
        return Report(fresh, snapshot, report_graph, files=list(files), preexisting=old, focus=focus)


def _neighbourhood(graph: Graph, nodes) -> Graph:
    """The triples about ``nodes`` and about the nodes that hold them: enough to label a report."""
    out = Graph()
    bind_all(out)
    for node in nodes:
        if isinstance(node, Literal):
            continue
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
        if str(node).startswith(SKOLEM):
            for s, p in graph.subject_predicates(node):
                out.add((s, p, node))
                out += ((s, RDFS.label, label) for label in graph.objects(s, RDFS.label))
    return out
