"""The one place that names namespaces and prefixes (bound explicitly when serialising)."""

from __future__ import annotations

CELLTX = "https://w3id.org/celltx/"
CELLTXD = "https://w3id.org/celltx/id/"
#: The ontology IRI ends in the release file's name (as OBO's ``…/obo/cl.owl``): owlready2's
#: ``get_ontology(ONTOLOGY_IRI)`` finds ``celltx.owl`` in ``onto_path``.
ONTOLOGY_IRI = CELLTX + "celltx.owl"
#: Where a release's files live: ``RELEASES + "0.1.0/celltx.owl"`` is the versionIRI.
RELEASES = CELLTX + "releases/"
DEFAULT_GRAPH_IRI = "https://w3id.org/celltx/graph"
#: Blank nodes of the facts (evidence, studies' arms …) become named IRIs here, derived from their
#: content: stable, addressable, and never read as anonymous (as ``/.well-known/genid/`` IRIs are).
SKOLEM = CELLTXD + "node-"
#: The vocabulary of a store's control graph (``celltx-kg load``: which version readers see).
STORE = "https://w3id.org/celltx/store#"

#: Prefix → namespace for every vocabulary and identifier space the graph uses. Identifier spaces
#: use the Bioregistry's preferred prefix and its preferred URI format (bioregistry 0.15.6:
#: ``get_preferred_prefix`` or, where it has none, its prefix; ``get_uri_prefix``): one spelling per
#: prefix in Turtle, JSON-LD, SPARQL, SSSOM and on the command line.
PREFIXES: dict[str, str] = {
    "celltx": CELLTX,
    "celltxd": CELLTXD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
    "schema": "https://schema.org/",
    "unit": "http://qudt.org/vocab/unit/",
    "obo": "http://purl.obolibrary.org/obo/",
    "CL": "http://purl.obolibrary.org/obo/CL_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "hgnc": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/",
    "uniprot": "http://purl.uniprot.org/uniprot/",
    "NCBIGene": "https://www.ncbi.nlm.nih.gov/gene/",
    "ensembl": "https://www.ensembl.org/id/",
    "mesh": "https://meshb.nlm.nih.gov/record/ui?ui=",
    "wikidata": "http://www.wikidata.org/entity/",
    "clinicaltrials": "https://www.clinicaltrials.gov/study/",
}

#: The standard identifier spaces (the prefixes above that name records of an external resource):
#: what mappings (SSSOM) and the CURIEs users type may use.
IDENTIFIER_PREFIXES: tuple[str, ...] = (
    "CL",
    "MONDO",
    "NCIT",
    "DOID",
    "CHEBI",
    "EFO",
    "hgnc",
    "uniprot",
    "NCBIGene",
    "ensembl",
    "mesh",
    "wikidata",
    "clinicaltrials",
)

#: Prefixes whose namespace ends inside a local identifier (``…/CL_``): JSON-LD 1.1 only uses such a
#: term as a prefix when it says ``"@prefix": true``.
CURIE_PREFIXES: dict[str, str] = {name: PREFIXES[name] for name in (*IDENTIFIER_PREFIXES, "celltx", "celltxd")}


#: The PREFIX lines predeclared for every query run here (ad-hoc, saved and internal).
PREFIX_BLOCK = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def expand_curie(curie: str) -> str | None:
    """``"hgnc:11913"`` → its IRI; ``None`` when the prefix is unknown. Prefixes match whatever
    their case (``HGNC:11913`` is read as ``hgnc:11913``).

    >>> expand_curie("MONDO:0009693")
    'http://purl.obolibrary.org/obo/MONDO_0009693'
    """
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        return None
    for name, ns in PREFIXES.items():
        if name.lower() == prefix.lower():
            return ns + local
    return None


def shorten(iri: str) -> str:
    """The shortest CURIE for an IRI, or the IRI itself.

    >>> shorten("https://w3id.org/celltx/id/cd19")
    'celltxd:cd19'
    """
    best = None
    for name, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = name
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def bind_all(graph) -> None:
    """Bind every prefix on an rdflib graph so serialisations never invent ``ns1:``."""
    for name, ns in PREFIXES.items():
        graph.bind(name, ns, override=True, replace=True)
