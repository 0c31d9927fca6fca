"""The release folder that ``celltx-kg build`` writes (see docs/release.md):

- ``celltx.{ttl,nt,owl,jsonld}``: the full graph (ontology IRI ``…/celltx.owl``, so owlready2 finds
  ``celltx.owl`` in ``onto_path``); ``celltx-base.{ttl,nt,owl,jsonld}``: the base graph (as curated);
  JSON-LD files carry their context, ``context.jsonld`` is the same context on its own;
- ``celltx.sssom.tsv``: the mappings; ``celltx.void.ttl``: the dataset description (VoID, DCAT);
- ``queries.ttl``: the saved-query catalogue; ``manifest.json``: counts and file hashes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .. import __version__
from ..fsutil import replace_dir
from ..graph.serialize import content_hash, jsonld_context, serialize
from .sets import ReleaseSet, release_graph, release_sets
from .sssom import sssom_tsv
from .void import describe

FORMATS = {"ttl": "turtle", "nt": "nt", "owl": "xml", "jsonld": "json-ld"}  # suffix → serialiser


@dataclass(frozen=True)
class Manifest:
    version: str
    triples: int
    content_sha256: str
    files: dict
    sets: dict = field(default_factory=dict)  # set name → triple count
    mappings: int = 0

    def as_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n"


def build(out_dir: Path, graph: Graph | None = None, version: str = __version__) -> Manifest:
    """Write the release into ``out_dir``. With ``graph`` (a graph from ``build_graph()``), both sets
    are made from it; otherwise the base set is built without and the full set with derived facts."""
    if graph is None:
        sets = release_sets(version)
    else:
        sets = [ReleaseSet(name, release_graph(graph, name, version)) for name in ("base", "full")]
    full = sets[-1].graph
    out_dir = Path(out_dir)
    outputs: dict[str, bytes] = {}
    for release_set in sets:
        for suffix, fmt in FORMATS.items():
            outputs[f"{release_set.stem}.{suffix}"] = serialize(release_set.graph, fmt)
    outputs["context.jsonld"] = (json.dumps(jsonld_context(), indent=1, sort_keys=True) + "\n").encode()
    outputs["queries.ttl"] = _queries_catalogue()
    outputs["celltx.sssom.tsv"], found = sssom_tsv(full, version)
    if found.unconfirmed:
        print(
            f"celltx-kg: warning: {len(found.unconfirmed)} mappings left out of celltx.sssom.tsv: no confirmed "
            f"reference row gives {', '.join(t[2] for t in found.unconfirmed[:5])}",
            file=sys.stderr,
        )
    outputs["celltx.void.ttl"] = serialize(describe(sets, outputs, version), "turtle")
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs.items())}
    manifest = Manifest(
        version, len(full), content_hash(full), hashes, {s.name: len(s.graph) for s in sets}, len(found.rows)
    )
    outputs["manifest.json"] = manifest.as_json().encode()

    def fill(staging: Path) -> None:
        for name, data in sorted(outputs.items()):
            (staging / name).write_bytes(data)

    # The folder is written whole beside ``out_dir`` and swapped in: a reader sees the old release
    # or the new one, never a mix, also after a full disk or a signal. An existing folder is
    # replaced only if it is empty or holds an earlier release (a manifest.json).
    replace_dir(out_dir, fill, is_ours=lambda p: (p / "manifest.json").is_file())
    return manifest


def _queries_catalogue() -> bytes:
    """The saved-query catalogue as RDF (sh:SPARQLExecutable nodes), see catalogue_rdf."""
    from ..sparql.catalogue_rdf import catalogue_rdf

    return catalogue_rdf("turtle")
