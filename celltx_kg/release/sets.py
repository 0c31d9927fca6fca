"""The two graphs of a release, as the ODK's release artefacts: ``base`` (the ontology and the facts as
curated) and ``full`` (plus what the build derives: inferred types, the class hierarchy and inverse
links that derive.py materialises). Each gets its own ontology IRI and a versionIRI, and every
individual is declared ``owl:NamedIndividual`` (owlready2 lists no individual that is not).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import OWL, RDF, Graph, Literal, URIRef

from .. import __version__
from ..namespaces import CELLTX, ONTOLOGY_IRI, RELEASES, bind_all

#: Release set → the file stem of its files (``celltx.owl``, ``celltx-base.ttl`` …).
STEMS = {"full": "celltx", "base": "celltx-base"}


@dataclass(frozen=True)
class ReleaseSet:
    name: str  # "base" or "full"
    graph: Graph

    @property
    def stem(self) -> str:
        return STEMS[self.name]

    @property
    def ontology_iri(self) -> str:
        return ONTOLOGY_IRI if self.name == "full" else CELLTX + f"{self.stem}.owl"


def version_iri(stem: str, version: str = __version__) -> str:
    """``https://w3id.org/celltx/releases/0.1.0/celltx.owl``: the IRI of one release's file."""
    return f"{RELEASES}{version}/{stem}.owl"


def individuals(graph: Graph) -> list[str]:
    """The graph's individuals, by the reasoner's definition (one definition: reason/prepare.py)."""
    from ..reason.prepare import prepare

    return prepare(graph).individuals


def release_graph(graph: Graph, name: str, version: str = __version__) -> Graph:
    """``graph`` as the release set ``name``: its ontology header renamed and versioned, and every
    individual declared. The input is left unchanged."""
    target = ReleaseSet(name, graph)
    out = Graph()
    bind_all(out)
    old = URIRef(ONTOLOGY_IRI)
    new = URIRef(target.ontology_iri)
    for s, p, o in graph:
        if s == old and p in (OWL.versionIRI, OWL.versionInfo):
            continue
        out.add((new if s == old else s, p, new if o == old else o))
    out.add((new, RDF.type, OWL.Ontology))
    out.add((new, OWL.versionIRI, URIRef(version_iri(target.stem, version))))
    out.add((new, OWL.versionInfo, Literal(version)))
    for iri in individuals(graph):
        out.add((URIRef(iri), RDF.type, OWL.NamedIndividual))
    return out


def release_sets(version: str = __version__) -> list[ReleaseSet]:
    """Both sets, built from the sources: base first, then full."""
    from ..graph.build import build_graph

    return [
        ReleaseSet("base", release_graph(build_graph(derive=False), "base", version)),
        ReleaseSet("full", release_graph(build_graph(), "full", version)),
    ]
