"""celltx-kg: a knowledge graph of immune cell therapy, curated from one review article.

Library entry points (the CLI is a thin layer over these):

- :func:`celltx_kg.build.load_graph` / :func:`celltx_kg.build.build` — the graph and its files
- :func:`celltx_kg.store.open_store` — the embedded SPARQL store (pyoxigraph)
- :func:`celltx_kg.query.run_saved` / :func:`celltx_kg.query.run_sparql` — saved and ad-hoc queries
"""

__version__ = "0.1.0"
