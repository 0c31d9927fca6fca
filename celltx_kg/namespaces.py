"""The one place that names namespaces and prefixes (bound explicitly when serialising)."""

from __future__ import annotations

CELLTX = "https://w3id.org/celltx/"
CELLTXD = "https://w3id.org/celltx/id/"
ONTOLOGY_IRI = "https://w3id.org/celltx/ontology"
DEFAULT_GRAPH_IRI = "https://w3id.org/celltx/graph"
SKOLEM = "https://w3id.org/celltx/.well-known/genid/"
#: The vocabulary of a store's control graph (``celltx-kg load``: which version readers see).
STORE = "https://w3id.org/celltx/store#"

#: Prefix → namespace for every vocabulary and identifier space the graph uses.
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
    "hgnc": "http://identifiers.org/hgnc/",
    "uniprot": "http://purl.uniprot.org/uniprot/",
    "ncbigene": "http://identifiers.org/ncbigene/",
    "ensembl": "http://identifiers.org/ensembl/",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "wikidata": "http://www.wikidata.org/entity/",
    "clinicaltrials": "https://clinicaltrials.gov/study/",
}

#: Standard identifier spaces: CURIE prefix as users write it → namespace.
CURIE_PREFIXES: dict[str, str] = {
    "CL": PREFIXES["CL"],
    "MONDO": PREFIXES["MONDO"],
    "NCIT": PREFIXES["NCIT"],
    "DOID": PREFIXES["DOID"],
    "CHEBI": PREFIXES["CHEBI"],
    "EFO": PREFIXES["EFO"],
    "HGNC": PREFIXES["hgnc"],
    "UniProt": PREFIXES["uniprot"],
    "NCBIGene": PREFIXES["ncbigene"],
    "Ensembl": PREFIXES["ensembl"],
    "MESH": PREFIXES["mesh"],
    "NCT": PREFIXES["clinicaltrials"] + "NCT",
    "celltx": CELLTX,
    "celltxd": CELLTXD,
}


#: The PREFIX lines predeclared for every query run here (ad-hoc, saved and internal).
PREFIX_BLOCK = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def expand_curie(curie: str) -> str | None:
    """``"HGNC:11913"`` → its IRI; ``None`` when the prefix is unknown.

    >>> expand_curie("MONDO:0009693")
    'http://purl.obolibrary.org/obo/MONDO_0009693'
    """
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        return None
    for table in (CURIE_PREFIXES, PREFIXES):
        for name, ns in table.items():
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
