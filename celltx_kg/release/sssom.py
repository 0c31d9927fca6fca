"""The graph's mappings to standard identifiers as an SSSOM TSV (mapping-commons/sssom).

One row per ``skos:exactMatch``, ``skos:closeMatch`` and ``celltx:encodedBy`` triple whose object a
confirmed row of a reference table gives; that row is the mapping's justification (``comment`` names
the file, line and the table's source; SSSOM's ``see_also`` takes URIs only). A mapping no confirmed row gives is left
out of the file and returned in :attr:`Mappings.unconfirmed`, so that the build can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDFS, SKOS, Graph, Literal, URIRef

from .. import __version__
from ..graph.reference import confirmed_identifiers
from ..namespaces import CELLTX, IDENTIFIER_PREFIXES, PREFIXES, shorten

PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, URIRef(CELLTX + "encodedBy"))
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "comment",
)
JUSTIFICATION = "semapv:ManualMappingCuration"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_SEMAPV = "https://w3id.org/semapv/vocab/"


@dataclass
class Mappings:
    rows: list[dict[str, str]] = field(default_factory=list)
    unconfirmed: list[tuple[str, str, str]] = field(default_factory=list)  # (subject, predicate, object) CURIEs

    def curie_map(self) -> dict[str, str]:
        used = {"celltx", "celltxd", "skos", *IDENTIFIER_PREFIXES}
        prefixes = {name: PREFIXES[name] for name in sorted(used)}
        prefixes["semapv"] = _SEMAPV
        return prefixes


def mappings(graph: Graph) -> Mappings:
    """The mapping rows of ``graph``, sorted by subject, predicate and object."""
    confirmed = confirmed_identifiers()
    out = Mappings()
    for predicate in PREDICATES:
        for subject, obj in graph.subject_objects(predicate):
            if not isinstance(obj, URIRef) or not isinstance(subject, URIRef):
                continue
            row = confirmed.get(str(obj))
            triple = (shorten(str(subject)), shorten(str(predicate)), shorten(str(obj)))
            if row is None:
                out.unconfirmed.append(triple)
                continue
            out.rows.append(
                {
                    "subject_id": triple[0],
                    "subject_label": _label(graph, subject),
                    "predicate_id": triple[1],
                    "object_id": triple[2],
                    "object_label": row.label,
                    "mapping_justification": JUSTIFICATION,
                    "comment": f"{row.locator} ({row.get('confidence')}); source: {row.get('source')}",
                }
            )
    out.rows.sort(key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    out.unconfirmed.sort()
    return out


def sssom_tsv(graph: Graph, version: str = __version__) -> tuple[bytes, Mappings]:
    """The SSSOM TSV (metadata block as ``#`` YAML lines, then the table) and the mappings it holds."""
    found = mappings(graph)
    lines = [
        f"#mapping_set_id: {CELLTX}releases/{version}/celltx.sssom.tsv",
        f"#mapping_set_version: {version}",
        "#mapping_set_title: celltx mappings to standard identifiers",
        f"#license: {LICENSE}",
        "#mapping_set_description: Exact and close matches and encoding genes of the celltx knowledge graph's "
        "entities; each justified by a confirmed row of the reference tables (comment).",
        "#curie_map:",
        *[f'#  {name}: "{ns}"' for name, ns in found.curie_map().items()],
        "\t".join(COLUMNS),
    ]
    for row in found.rows:
        lines.append("\t".join(_cell(row[c]) for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode("utf-8"), found


def _label(graph: Graph, node) -> str:
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    for label in sorted(labels):
        if label.language == "en":
            return str(label)
    return str(sorted(labels)[0]) if labels else ""


def _cell(value: str) -> str:
    return " ".join(value.replace("\t", " ").split())
