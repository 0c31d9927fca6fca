"""Write a graph deterministically: sorted N-Triples, Turtle, JSON-LD (compacted, arrays sorted) and RDF/XML,
and the content hash of a graph."""

from __future__ import annotations

import hashlib
import json

from rdflib import Graph

from ..namespaces import IDENTIFIER_PREFIXES, PREFIXES


def jsonld_context() -> dict:
    """The JSON-LD context of the one prefix map, written by ``curies`` (imported here only: the query
    path never needs it). Every prefix is an expanded term definition with ``"@prefix": true``, so
    that ``MONDO:0009693`` expands although ``…/MONDO_`` does not end in ``/`` or ``#``."""
    import tempfile
    from pathlib import Path

    import curies

    converter = curies.Converter.from_prefix_map(PREFIXES)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "context.jsonld"
        curies.write_jsonld_context(converter, path, expand=True)
        return json.loads(path.read_text(encoding="utf-8"))


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
        doc["@context"] = context  # embedded: any JSON-LD processor reads it without a document loader
        doc = _sorted_json(doc)
        return (json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
    if fmt == "xml":  # pyoxigraph writes triples in the given (sorted) order; rdflib's order follows hashes
        import pyoxigraph as ox

        triples = ox.parse(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
        used = {k: v for k, v in PREFIXES.items() if k not in IDENTIFIER_PREFIXES}
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=used)  # type: ignore[return-value]
    return graph.serialize(format=fmt, encoding="utf-8")


def _sorted_json(value, key=None):
    """Sort JSON-LD arrays (never ``@list`` contents) so the output does not depend on hash order."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value
