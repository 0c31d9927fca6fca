"""Counts that tell a curator how complete the graph is: nodes per class, provenance coverage,
standard-identifier coverage and missing labels per language."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import CELLTXD, PREFIX_BLOCK, SKOLEM, shorten

#: Kinds of entity that can be linked to a standard identifier.
ENTITY_CLASSES = ("Molecule", "Disease", "Drug", "CellTherapyProduct", "Organisation")

_SUBCLASS = "?node a/rdfs:subClassOf* celltx:{cls} ."


def _count(store: ox.Store, where: str) -> int:
    rows = list(store.query(PREFIX_BLOCK + f"SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {{ {where} }}"))  # type: ignore[arg-type]
    return int(rows[0]["n"].value)


def _coverage(store: ox.Store, classes, condition: str, what: str) -> dict:
    """Per class: how many nodes there are, and how many meet ``condition`` (a SPARQL fragment)."""
    out = {}
    for cls in classes:
        where = _SUBCLASS.format(cls=cls)
        total, met = _count(store, where), _count(store, where + condition)
        out[cls] = {"total": total, f"with_{what}": met, f"without_{what}": total - met}
    return out


def collect(store: ox.Store) -> dict:
    per_class = {}
    for s in store.query(  # type: ignore[union-attr]
        PREFIX_BLOCK
        + f"""
        SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {{
          ?node a ?class . FILTER(STRSTARTS(STR(?node), "{CELLTXD}"))
        }} GROUP BY ?class ORDER BY DESC(?n) ?class"""
    ):
        per_class[shorten(s["class"].value)] = int(s["n"].value)

    from ..graph.rules import fact_classes

    provenance = _coverage(store, fact_classes(), " ?node celltx:hasEvidence ?e .", "evidence")
    identifiers = _coverage(
        store,
        ENTITY_CLASSES,
        " FILTER EXISTS { ?node skos:exactMatch|skos:closeMatch|celltx:encodedBy ?id }",
        "identifier",
    )
    labels = {}
    individuals = (
        f'?node a ?t . FILTER(STRSTARTS(STR(?node), "{CELLTXD}") && !STRSTARTS(STR(?node), "{SKOLEM}"))'
        " FILTER(?t != celltx:Evidence)"
    )  # curated names only: skolemised nodes have no labels
    total = _count(store, individuals)
    for lang in ("en", "zh"):
        missing = _count(
            store,
            individuals + f' FILTER NOT EXISTS {{ ?node rdfs:label ?l . FILTER(langMatches(lang(?l), "{lang}")) }}',
        )
        labels[lang] = {"individuals": total, "missing": missing}
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)  # type: ignore[arg-type]
    return {
        "triples": triples,
        "nodes_per_class": per_class,
        "provenance": provenance,
        "standard_identifiers": identifiers,
        "labels": labels,
    }


def as_text(stats: dict) -> str:
    from .render import table

    out = [f"triples: {stats['triples']}", "", "Fact nodes and provenance"]
    out.append(
        table(
            ["kind", "total", "with evidence", "without"],
            [
                [k, str(v["total"]), str(v["with_evidence"]), str(v["without_evidence"])]
                for k, v in stats["provenance"].items()
            ],
        )
    )
    out.append("Entities and standard identifiers")
    out.append(
        table(
            ["kind", "total", "with identifier", "without"],
            [
                [k, str(v["total"]), str(v["with_identifier"]), str(v["without_identifier"])]
                for k, v in stats["standard_identifiers"].items()
            ],
        )
    )
    out.append("Labels of individuals")
    out.append(
        table(
            ["language", "individuals", "missing a label"],
            [[k, str(v["individuals"]), str(v["missing"])] for k, v in stats["labels"].items()],
        )
    )
    out.append("Nodes per class")
    out.append(table(["class", "nodes"], [[k, str(v)] for k, v in stats["nodes_per_class"].items()]))
    return "\n".join(out)
