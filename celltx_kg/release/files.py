"""The release folder that ``celltx-kg build`` writes: the graph in every W3C format, the JSON-LD
context, the saved-query catalogue and a manifest (triple count, content hash, file hashes)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import __version__
from ..fsutil import replace_dir
from ..graph.build import build_graph
from ..graph.serialize import content_hash, jsonld_context, serialize

FORMATS = {  # file name → rdflib serialiser
    "celltx.ttl": "turtle",
    "celltx.nt": "nt",
    "celltx.jsonld": "json-ld",
    "celltx.owl": "xml",
}


@dataclass(frozen=True)
class Manifest:
    version: str
    triples: int
    content_sha256: str
    files: dict

    def as_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n"


def build(out_dir: Path, graph: Graph | None = None) -> Manifest:
    """Write the graph as Turtle, N-Triples, JSON-LD (+ context), RDF/XML, the saved-query catalogue
    (queries.ttl) and a manifest.

    The folder is written whole beside ``out_dir`` and swapped in (:func:`~celltx_kg.fsutil.replace_dir`):
    a reader sees the old release or the new one, never a mix, also after a full disk or a signal.
    An existing folder is replaced only if it is empty or holds an earlier release (a manifest.json).
    """
    graph = graph if graph is not None else build_graph()
    out_dir = Path(out_dir)
    outputs = {name: serialize(graph, fmt) for name, fmt in FORMATS.items()}
    outputs["context.jsonld"] = (json.dumps(jsonld_context(), indent=1, sort_keys=True) + "\n").encode()
    outputs["queries.ttl"] = _queries_catalogue()
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs.items())}
    manifest = Manifest(__version__, len(graph), content_hash(graph), hashes)
    outputs["manifest.json"] = manifest.as_json().encode()

    def fill(staging: Path) -> None:
        for name, data in sorted(outputs.items()):
            (staging / name).write_bytes(data)

    replace_dir(out_dir, fill, is_ours=lambda p: (p / "manifest.json").is_file())
    return manifest


def _queries_catalogue() -> bytes:
    """The saved-query catalogue as RDF (sh:SPARQLExecutable nodes), see catalogue_rdf."""
    from ..sparql.catalogue_rdf import catalogue_rdf

    return catalogue_rdf("turtle")


