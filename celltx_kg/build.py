"""sources → one graph: the only module that reads the curated Turtle files.

``load_graph()`` parses the ontology and every fact file, replaces blank nodes with stable
skolem IRIs (so every output is deterministic and every node addressable) and adds the types
the ontology's definitions imply. ``build()`` writes the graph in the W3C formats.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from . import __version__, paths
from .derive import derive as derive_all
from .errors import InputError
from .namespaces import DEFAULT_GRAPH_IRI, PREFIXES, SKOLEM, bind_all

FORMATS = {  # file name → rdflib serialiser
    "celltx.ttl": "turtle",
    "celltx.nt": "nt",
    "celltx.jsonld": "json-ld",
    "celltx.owl": "xml",
}


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
    expressions and lists in the ontology must remain blank nodes.
    """
    parents = {}
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
        return URIRef(label) if to_iri else BNode("b" + label[len(SKOLEM):])

    out = Graph()
    for s, p, o in graph:
        out.add((term(s), p, term(o)))
    return out


def load_graph(files=None, derive: bool = True) -> Graph:
    """The whole knowledge graph: ontology + facts (skolemised), with derived types."""
    files = list(files) if files is not None else paths.fact_files()
    graph = skolemize(parse_turtle([paths.ontology_file()]), to_iri=False)
    graph += skolemize(parse_turtle(f for f in files if Path(f) != paths.ontology_file()))
    if derive:
        graph += derive_all(graph)
    return _sorted_copy(graph)


def add_facts(graph: Graph, extra: Graph) -> Graph:
    """Add new facts ``extra`` to ``graph`` (a graph from :func:`load_graph`) as the build merges
    fact files: blank nodes skolemised, types re-derived. Returns the triples that were not
    already in ``graph``, so that a caller can take them out again."""
    added = Graph()
    for triple in skolemize(extra):
        if triple not in graph:
            added.add(triple)
    graph += added
    derived = derive_all(graph)
    graph += derived
    added += derived
    return added


def load_shapes() -> Graph:
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


def jsonld_context() -> dict:
    return {"@context": {name: ns for name, ns in sorted(PREFIXES.items())}}


@dataclass(frozen=True)
class Manifest:
    version: str
    triples: int
    content_sha256: str
    files: dict

    def as_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n"


def content_hash(graph: Graph) -> str:
    """SHA-256 of the sorted N-Triples: equal graphs (no blank nodes) have equal hashes."""
    lines = sorted(graph.serialize(format="nt").splitlines())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def serialize(graph: Graph, fmt: str) -> bytes:
    if fmt == "nt":  # sorted lines: diffable and byte-stable
        return ("\n".join(sorted(graph.serialize(format="nt").splitlines())) + "\n").encode()
    if fmt == "json-ld":
        context = jsonld_context()["@context"]
        doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        doc["@context"] = "context.jsonld"  # a local context file beside the document
        doc = _sorted_json(doc)
        return (json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
    if fmt == "xml":  # pyoxigraph writes triples in the given (sorted) order; rdflib's order follows hashes
        import pyoxigraph as ox

        triples = ox.parse(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
        used = {k: v for k, v in PREFIXES.items() if k not in ("CL", "MONDO", "NCIT", "DOID", "CHEBI", "EFO")}
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=used)
    return graph.serialize(format=fmt, encoding="utf-8")


def _sorted_json(value, key=None):
    """Sort JSON-LD arrays (never ``@list`` contents) so the output does not depend on hash order."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def build(out_dir: Path, graph: Graph | None = None) -> Manifest:
    """Write the graph as Turtle, N-Triples, JSON-LD (+ context), RDF/XML, the saved-query catalogue
    (queries.ttl) and a manifest."""
    graph = graph if graph is not None else load_graph()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    hashes = {}
    outputs = {name: serialize(graph, fmt) for name, fmt in FORMATS.items()}
    outputs["context.jsonld"] = (json.dumps(jsonld_context(), indent=1, sort_keys=True) + "\n").encode()
    outputs["queries.ttl"] = _queries_catalogue()
    for name, data in sorted(outputs.items()):
        _write_atomic(out_dir / name, data)
        hashes[name] = hashlib.sha256(data).hexdigest()
    manifest = Manifest(__version__, len(graph), content_hash(graph), hashes)
    _write_atomic(out_dir / "manifest.json", manifest.as_json().encode())
    return manifest


def _queries_catalogue() -> bytes:
    """The saved-query catalogue as RDF (sh:SPARQLExecutable nodes), see catalogue_rdf."""
    from .catalogue_rdf import catalogue_rdf

    return catalogue_rdf("turtle")


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


__all__ = ["DEFAULT_GRAPH_IRI", "build", "load_graph", "load_shapes", "add_facts", "parse_turtle", "skolemize",
           "serialize"]
