"""The release's dataset description in VoID and DCAT: what the graph holds (triples, entities per class,
properties), its licence, source and version, and every file of the release (size, media type, SHA-256).

Every node is named (no blank nodes), so the description is as deterministic as the files it lists.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from rdflib import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD, Graph, Literal, URIRef

from .. import __version__
from ..namespaces import CELLTXD, DEFAULT_GRAPH_IRI, ONTOLOGY_IRI, RELEASES, bind_all, shorten

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SPDX = "http://spdx.org/rdf/terms#"
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".tsv": "text/tab-separated-values",
    ".json": "application/json",
    ".html": "text/html",
}


def _count(graph: Graph) -> dict:
    classes: Counter = Counter()
    for _s, c in graph.subject_objects(RDF.type):
        if isinstance(c, URIRef) and c not in (OWL.NamedIndividual,):
            classes[c] += 1
    properties = Counter(p for _, p, _ in graph)
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    entities = {s for s in subjects if str(s).startswith(CELLTXD)}
    return {"classes": classes, "properties": properties, "subjects": len(subjects), "entities": len(entities)}


def describe(sets, files: dict[str, bytes], version: str = __version__) -> Graph:
    """VoID + DCAT for release ``sets`` (from sets.release_sets) and the release ``files`` (name → bytes)."""
    g = Graph()
    bind_all(g)
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("spdx", SPDX)
    base = f"{RELEASES}{version}/"
    dataset = URIRef(DEFAULT_GRAPH_IRI)
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("celltx: a knowledge graph of immune cell therapy", lang="en")))
    g.add((dataset, DCTERMS.title, Literal("celltx：免疫细胞治疗知识图谱", lang="zh")))
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "The celltx ontology and the facts curated from one review of immune cell therapy, each fact with its "
                "evidence (locator, reference numbers, quote).",
                lang="en",
            ),
        )
    )
    g.add((dataset, DCTERMS.license, LICENSE))
    g.add((dataset, DCTERMS.source, URIRef(CELLTXD + "review")))
    g.add((dataset, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3
    g.add((dataset, OWL.versionInfo, Literal(version)))
    g.add((dataset, VOID.uriSpace, Literal(CELLTXD)))
    g.add((dataset, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    g.add((dataset, VOID.exampleResource, URIRef(CELLTXD + "cd19")))
    for release_set in sets:
        subset = URIRef(base + release_set.stem)
        g.add((dataset, VOID.subset, subset))
        _describe_graph(g, subset, release_set, base)
    for name, data in sorted(files.items()):
        dist = URIRef(base + name)
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(name)))
        g.add((dist, DCAT.downloadURL, dist))
        suffix = "." + name.rsplit(".", 1)[-1]
        if suffix in MEDIA_TYPES:
            g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[suffix])))
        g.add((dist, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{base}{name}#sha256")
        g.add((dist, URIRef(SPDX + "checksum"), checksum))
        g.add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
        g.add(
            (
                checksum,
                URIRef(SPDX + "checksumValue"),
                Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary),
            )
        )
        g.add((dist, DCTERMS.license, LICENSE))
        stem = name.split(".", 1)[0]
        if any(stem == s.stem for s in sets) and suffix in (".ttl", ".nt", ".owl", ".jsonld"):
            g.add((URIRef(base + stem), VOID.dataDump, dist))
    return g


def _describe_graph(g: Graph, subset: URIRef, release_set, base: str) -> None:
    counts = _count(release_set.graph)
    g.add((subset, RDF.type, VOID.Dataset))
    g.add((subset, RDFS.label, Literal(f"celltx {release_set.name} graph", lang="en")))
    g.add((subset, DCTERMS.isVersionOf, URIRef(release_set.ontology_iri)))
    g.add((subset, VOID.triples, Literal(len(release_set.graph), datatype=XSD.integer)))
    g.add((subset, VOID.entities, Literal(counts["entities"], datatype=XSD.integer)))
    g.add((subset, VOID.distinctSubjects, Literal(counts["subjects"], datatype=XSD.integer)))
    g.add((subset, VOID.classes, Literal(len(counts["classes"]), datatype=XSD.integer)))
    g.add((subset, VOID.properties, Literal(len(counts["properties"]), datatype=XSD.integer)))
    for cls, n in sorted(counts["classes"].items()):
        part = URIRef(f"{subset}#class-{_slug(cls)}")
        g.add((subset, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in sorted(counts["properties"].items()):
        part = URIRef(f"{subset}#property-{_slug(prop)}")
        g.add((subset, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))


def _slug(iri) -> str:
    return "".join(c if c.isalnum() else "-" for c in shorten(str(iri)))
