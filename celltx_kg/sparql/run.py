"""Run saved and ad-hoc SPARQL queries on the embedded store.

Parameter values are RDF terms (see :mod:`.bind`), bound with a VALUES block at the start of the
query's WHERE group, written from the terms' own escaped serialisation; the user's text is never
pasted into the query. Remote endpoints (:mod:`.remote`) get the same query text. The project's
prefixes are predeclared through pyoxigraph's ``prefixes=``, so an error position is the one in
the text the user wrote.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from .bind import bind_params, with_values
from .catalogue import SavedQuery, strip_comments_and_strings


@lru_cache(maxsize=256)
def check_local_only(text: str) -> None:
    """Refuse queries that would reach the network from the embedded store (checked once per text)."""
    bare = strip_comments_and_strings(text)
    for keyword in ("SERVICE", "LOAD"):
        if re.search(rf"\b{keyword}\b", bare, re.IGNORECASE):
            raise QueryError(f"{keyword} is not allowed on the embedded store (it would reach the network); "
                             "use --endpoint to query a remote store")


@lru_cache(maxsize=256)
def undeclared(text: str) -> dict | None:
    """The project's prefixes a query may use without declaring them (found once per text: handing
    pyoxigraph all of them costs a short query a few per cent)."""
    needed = {k: v for k, v in PREFIXES.items() if f"{k}:" in text and not re.search(rf"PREFIX\s+{k}:", text, re.I)}
    return needed or None


def run_sparql(store: ox.Store, text: str, bindings: dict | None = None, prefixes: dict | None = None):
    """Run a SPARQL query; returns pyoxigraph solutions, triples or a boolean. ``prefixes`` are
    predeclared (default: the project's)."""
    check_local_only(text)
    try:
        return store.query(with_values(text, bindings or {}), prefixes=undeclared(text) if prefixes is None else prefixes)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from None


def run_saved(store: ox.Store, query: SavedQuery, given: dict[str, str] | None = None):
    return run_sparql(store, query.text, bind_params(query, given or {}, store))






__all__ = ["check_local_only", "run_saved", "run_sparql", "undeclared"]
