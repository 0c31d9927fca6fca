"""celltx-kg: a knowledge graph of immune cell therapy, curated from one review article.

The library behind the ``celltx-kg`` command (the CLI is a thin layer over these)::

    import celltx_kg as kg

    store = kg.open_store()                                   # the embedded SPARQL store (on disk)
    store = kg.open_store(memory=True)                        # a copy in memory: faster for many queries
    rows = kg.run_saved(store, kg.get_query("approved-products"), {"target": "BCMA", "agency": "NMPA"})
    graph = kg.build_graph()                                   # the whole graph as an rdflib Graph
    report = kg.validate_files(["my-facts.ttl"])              # SHACL, with the curated graph
    checked = kg.check_files(["approvals.tsv"])               # + quotes, tables, what it changes
    result = kg.reason(kg.build_graph(derive=False))           # OWL reasoning (HermiT)

Names are imported on first use, so ``import celltx_kg`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: Public name → the module that defines it.
_API = {
    "build_graph": "graph.build",
    "add_facts": "graph.build",
    "read_shapes": "graph.build",
    "serialize": "graph.serialize",
    "open_store": "sparql.store",
    "get_query": "sparql.catalogue",
    "read_catalogue": "sparql.catalogue",
    "run_saved": "sparql.run",
    "run_sparql": "sparql.run",
    "render": "sparql.render",
    "validate_graph": "shacl.validate",
    "validate_files": "shacl.validate",
    "validate_new": "shacl.validate",
    "add_file": "curate.add",
    "check_files": "curate.check",
    "read_table": "curate.table",
    "template": "curate.table",
    "register_source": "curate.sources",
    "reason": "reason.run",
    "build": "release.files",
    "load": "stores.load",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    if name in _API:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
