"""sources → one graph: the only module that reads the curated Turtle files.

``build_graph()`` parses the ontology and every fact file, replaces blank nodes with stable
skolem IRIs (so every output is deterministic and every node addressable) and adds the types
the ontology's definitions imply; ``add_facts()`` merges new facts the same way.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from .. import paths
from ..errors import InputError
from ..namespaces import CELLTX, PREFIXES, SKOLEM, bind_all
from .derive import derive as derive_all
from .derive import derive_for
from .reference import confirmed_identifiers, review_trial_ids
from .registry import registry_graph


def parse_turtle(files, graph: Graph | None = None) -> Graph:
    """Parse Turtle files into ``graph``; a syntax error names the file and line."""
    graph = graph if graph is not None else Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise InputError(f"{path}: {str(exc).splitlines()[0]}") from exc
    return graph


def skolemize(graph: Graph, to_iri: bool = True) -> Graph:
    """Replace blank nodes by IRIs derived from their content and the node that holds them.

    The same source always gives the same IRIs, whatever the parse order or hash seed. With
    ``to_iri=False`` blank nodes stay blank but get the same stable labels: OWL class
    expressions and lists in the ontology must remain blank nodes. Axiom annotations
    (``[] a owl:Axiom ; owl:annotatedSource …``) stay blank nodes too, as the OWL 2 RDF mapping
    requires, with the same stable labels.
    """
    from rdflib import OWL, RDF

    axioms = set(graph.subjects(RDF.type, OWL.Axiom))
    parents = {}  # type: ignore[var-annotated]
    for s, p, o in graph:
        if isinstance(o, BNode) and not isinstance(s, BNode):
            parents.setdefault(o, (str(s), str(p)))
    memo: dict[BNode, str] = {}

    def content(node: BNode, trail=()) -> str:
        rows = []
        for p, o in graph.predicate_objects(node):
            if isinstance(o, BNode):
                o_key = "[" + (content(o, trail + (node,)) if o not in trail else "cycle") + "]"
            else:
                o_key = o.n3()
            rows.append(f"{p.n3()} {o_key}")
        return ";".join(sorted(rows))

    def iri(node: BNode) -> str:
        if node not in memo:
            parent = parents.get(node)
            if parent is None:  # nested: find the blank node that holds it
                holder = next((s for s in graph.subjects(None, node)), None)
                parent = (iri(holder) if isinstance(holder, BNode) else str(holder), "")
            digest = hashlib.sha256("|".join([*parent, content(node)]).encode()).hexdigest()
            memo[node] = SKOLEM + digest[:16]
        return memo[node]

    def term(node):
        if not isinstance(node, BNode):
            return node
        label = iri(node)
        return URIRef(label) if to_iri and node not in axioms else BNode("b" + label[len(SKOLEM) :])

    out = Graph()
    for s, p, o in graph:
        out.add((term(s), p, term(o)))
    return out


def build_graph(files=None, derive: bool = True, extra=()) -> Graph:
    """The whole knowledge graph: ontology + facts (skolemised) + registered sources, with derived types.

    ``files``: the fact files (default: the curated ones); ``extra``: more Turtle files merged in
    the same way (``reason --with``)."""
    files = [*(list(files) if files is not None else paths.fact_files()), *extra]
    try:
        graph = skolemize(parse_turtle([paths.ontology_file()]), to_iri=False)
        graph += skolemize(parse_turtle(f for f in files if Path(f) != paths.ontology_file()))
    except RecursionError:  # skolemize recurses on nested blank nodes (user files are capped earlier)
        raise InputError(
            "blank nodes nested too deep in the sources (a long rdf:List or chain of [ … ]); name the nodes"
        ) from None
    graph += registry_graph()  # sources registered beyond the review
    graph += registry_records(graph)
    if derive:
        graph += derive_all(graph)
    return _sorted_copy(graph)


def registry_records(graph: Graph) -> Graph:
    """``celltx:registryRecord clinicaltrials:NCT…`` beside each ``celltx:registryId "NCT…"`` whose number
    the reference table lists (named in the review, or confirmed): the IRI of the trial's record."""
    known = review_trial_ids() | {
        iri[len(PREFIXES["clinicaltrials"]) :]
        for iri in confirmed_identifiers()
        if iri.startswith(PREFIXES["clinicaltrials"])
    }
    out = Graph()
    for study, number in graph.subject_objects(URIRef(CELLTX + "registryId")):
        if str(number) in known:
            out.add((study, URIRef(CELLTX + "registryRecord"), URIRef(PREFIXES["clinicaltrials"] + str(number))))
    return out


def add_facts(graph: Graph, extra: Graph) -> Graph:
    """Add new facts ``extra`` to ``graph`` (a graph from :func:`build_graph`) as the build merges
    fact files: blank nodes skolemised, types re-derived. Returns the triples that were not
    already in ``graph``, so that a caller can take them out again. If it fails or is interrupted,
    ``graph`` is left as it was."""
    added = Graph()
    try:
        for triple in skolemize(extra):
            if triple not in graph:
                added.add(triple)
        graph += added
        derived = derive_for(graph, added)  # from the new triples: not a pass over the whole graph
        for triple in derived:
            if triple not in graph:
                added.add(triple)  # first: whatever goes into ``graph`` is in ``added`` already
                graph.add(triple)
    except BaseException:
        graph -= added  # none of them was in ``graph`` before
        raise
    return added


def read_ontology() -> Graph:
    """The ontology alone (ontology/celltx.ttl: classes, properties, their labels and definitions)."""
    graph = parse_turtle([paths.ontology_file()])
    bind_all(graph)
    return graph


def read_shapes() -> Graph:
    """The SHACL shapes: every ``shapes/*.ttl`` in one graph."""
    graph = parse_turtle(paths.shape_files())
    bind_all(graph)
    return graph


def _sorted_copy(graph: Graph) -> Graph:
    """Insert triples in sorted order: rdflib serialisers then write them deterministically."""
    out = Graph()
    bind_all(out)
    for triple in sorted(graph, key=lambda t: tuple(x.n3() for x in t)):
        out.add(triple)
    return out


__all__ = ["add_facts", "build_graph", "read_shapes", "parse_turtle", "read_ontology", "registry_records", "skolemize"]
