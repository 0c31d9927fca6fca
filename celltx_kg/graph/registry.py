"""Sources beyond the review: the registry ``<user root>/sources/sources.tsv`` and its RDF.

One row per source: ``id`` (its node is ``celltxd:<id>``), ``title``, ``title_zh``,
``identifier`` (``DOI:10.…``, ``PMID:…``), ``language`` (``en``, ``zh`` …), ``licence``
(an SPDX name such as ``CC-BY-4.0``) and ``text`` (the file name of its text under
``sources/texts/``). The build adds each source as a ``celltx:SourceDocument`` node, so evidence
records point at it with ``prov:wasDerivedFrom`` as they point at ``celltxd:review``. The review
itself is ``celltxd:review`` (ontology/facts/vocabulary.ttl) with its text in sources/review.txt.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

#: The registry's columns, in order.
FIELDS = ("id", "title", "title_zh", "identifier", "language", "licence", "text")
#: The review's node (its text is :func:`celltx_kg.paths.review_file`).
REVIEW_ID = "review"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    title_zh: str
    identifier: str
    language: str
    licence: str
    text: str
    #: the folder of the registry that lists it (its text is in ``texts/`` there)
    folder: Path | None = field(default=None, compare=False)

    @property
    def iri(self) -> str:
        from ..namespaces import CELLTXD

        return CELLTXD + self.id

    def text_file(self) -> Path:
        return (self.folder / "texts" if self.folder else paths.source_texts_dir()) / self.text


def read_registry(path: Path | None = None) -> list[Source]:
    """The registered sources of ``path`` (default: every registry, see
    :func:`celltx_kg.paths.registry_files`); none when there is no registry file."""
    if path is None:
        return [s for p in paths.registry_files() for s in read_registry(p)]
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    if not rows or tuple(rows[0]) != FIELDS:
        raise InputError(f"{path}: the first row must be the columns {' '.join(FIELDS)}")
    sources = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(FIELDS):
            raise InputError(f"{path}, row {number}: {len(row)} cells, expected {len(FIELDS)}")
        sources.append(Source(*row, folder=path.parent))  # type: ignore[arg-type, misc]
    return sources


def registry_bytes(sources: list[Source]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(FIELDS)
    for source in sources:
        writer.writerow([getattr(source, f) for f in FIELDS])
    return out.getvalue().encode("utf-8")


def source_texts() -> dict[str, Path]:
    """Source node IRI → its text file: the review and every registered source."""
    from ..namespaces import CELLTXD

    texts = {CELLTXD + REVIEW_ID: paths.review_file()}
    texts.update({s.iri: s.text_file() for s in read_registry()})
    return texts


def registry_graph(sources: list[Source] | None = None) -> Graph:
    """The registered sources as ``celltx:SourceDocument`` nodes."""
    from rdflib import RDF, RDFS, Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS

    from ..namespaces import CELLTX

    graph = Graph()
    for source in sources if sources is not None else read_registry():
        node = URIRef(source.iri)
        graph.add((node, RDF.type, URIRef(CELLTX + "SourceDocument")))
        graph.add((node, RDFS.label, Literal(source.title, lang=source.language or None)))
        if source.title_zh:
            graph.add((node, RDFS.label, Literal(source.title_zh, lang="zh")))
        if source.identifier:
            graph.add((node, DCTERMS.identifier, Literal(source.identifier)))
        if source.language:
            graph.add((node, DCTERMS.language, Literal(source.language)))
        if source.licence:
            graph.add((node, DCTERMS.license, Literal(source.licence)))
    return graph


__all__ = [
    "FIELDS",
    "ID_PATTERN",
    "REVIEW_ID",
    "Source",
    "read_registry",
    "registry_bytes",
    "registry_graph",
    "source_texts",
]
