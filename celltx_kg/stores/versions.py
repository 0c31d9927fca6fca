"""How a loaded graph is laid out in a store: versioned named graphs and a control graph.

A load never overwrites the graph that readers use. For a target IRI ``G`` (``--graph``):

- each load uploads into a new **version graph** ``G/v/HASH`` (HASH: the first 16 hex digits
  of the SHA-256 of its sorted N-Triples lines, as the build's manifest gives it), written once and never changed;
- the **control graph** ``G/control`` holds a few small triples: which version is current and
  which was current before (kept, so a reader that started before a reload still finds it),
  every version uploaded (so a load interrupted at any point is cleaned up by the next one),
  which graphs a reader should query (``<G> store:defaultGraph <G/v/HASH>``; with ``--graphs
  split``, the ontology's and the facts' versions), and the lock of the load under way;
- one SPARQL Update switches the pointer from the previous version to the new one: readers see
  the previous graph or the new one, never a part of it.

``query --endpoint`` reads ``store:defaultGraph`` and sends it as the protocol's
``default-graph-uri``; other clients give the same parameter (``load`` prints the URL).
"""

from __future__ import annotations

import urllib.parse

from ..namespaces import STORE
from ..sparql.remote import DEFAULT_GRAPH, control_graph, reader_query

__all__ = ["STORE", "DEFAULT_GRAPH", "control_graph", "reader_query"]

CURRENT = f"<{STORE}currentVersion>"
PREVIOUS = f"<{STORE}previousVersion>"
VERSION = f"<{STORE}version>"
LOCK = f"<{STORE}loadLock>"
HEARTBEAT = f"<{STORE}heartbeat>"
XSD_DATETIME = "<http://www.w3.org/2001/XMLSchema#dateTime>"


def version_graph(target: str, sha256: str) -> str:
    """The version graph of content whose SHA-256 (of its sorted lines) is ``sha256``."""
    return f"{target.rstrip('/')}/v/{sha256[:16]}"


def lock_iri(token: str) -> str:
    return f"urn:celltx:load:{token}"


def dataset_url(query_url: str, graphs: list[str]) -> str:
    """The query URL with the protocol's ``default-graph-uri`` parameters (for any SPARQL client).

    >>> dataset_url("http://127.0.0.1:7878/query", ["https://w3id.org/celltx/graph/v/ab"])
    'http://127.0.0.1:7878/query?default-graph-uri=https%3A%2F%2Fw3id.org%2Fcelltx%2Fgraph%2Fv%2Fab'
    """
    sep = "&" if urllib.parse.urlsplit(query_url).query else "?"
    return query_url + sep + urllib.parse.urlencode([("default-graph-uri", g) for g in graphs])


# --------------------------------------------------------------------------- queries and updates


def state_query(graph: str) -> str:
    """Everything in the control graph, with the store's clock (for the age of a lock)."""
    return f"SELECT ?s ?p ?o (NOW() AS ?now) WHERE {{ GRAPH <{control_graph(graph)}> {{ ?s ?p ?o }} }}"


def acquire_update(graph: str, token: str) -> str:
    """Take the lock when nobody holds it (the store evaluates the condition and the insert together)."""
    c, lock = control_graph(graph), lock_iri(token)
    return (
        f"INSERT {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{lock}> . <{lock}> {HEARTBEAT} ?now }} }} "
        f"WHERE {{ FILTER NOT EXISTS {{ GRAPH <{c}> {{ <{graph}> {LOCK} ?held }} }} BIND(NOW() AS ?now) }}"
    )


def release_update(graph: str, token: str) -> str:
    c, lock = control_graph(graph), lock_iri(token)
    return (
        f"DELETE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{lock}> . <{lock}> {HEARTBEAT} ?b }} }} "
        f"WHERE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{lock}> OPTIONAL {{ <{lock}> {HEARTBEAT} ?b }} }} }}"
    )


def break_update(graph: str, token_iri: str, beat: str) -> str:
    """Remove a stale lock, only if it was not renewed since it was read."""
    c = control_graph(graph)
    return (
        f"DELETE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{token_iri}> . <{token_iri}> {HEARTBEAT} ?b }} }} "
        f"WHERE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{token_iri}> . <{token_iri}> {HEARTBEAT} ?b }} "
        f'FILTER(STR(?b) = "{beat}") }}'
    )


def heartbeat_update(graph: str, token: str) -> str:
    c, lock = control_graph(graph), lock_iri(token)
    return (
        f"DELETE {{ GRAPH <{c}> {{ <{lock}> {HEARTBEAT} ?b }} }} INSERT {{ GRAPH <{c}> {{ <{lock}> {HEARTBEAT} ?now }} }} "
        f"WHERE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{lock}> . <{lock}> {HEARTBEAT} ?b }} BIND(NOW() AS ?now) }}"
    )


def register_update(graph: str, token: str, versions: dict[str, str]) -> str:
    """Record the versions about to be uploaded (target → version graph), under the lock."""
    c, lock = control_graph(graph), lock_iri(token)
    triples = " ".join(f"<{t}> {VERSION} <{v}> ." for t, v in versions.items())
    return f"INSERT {{ GRAPH <{c}> {{ {triples} }} }} WHERE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{lock}> }} }}"


def switch_update(graph: str, token: str, current: dict[str, str], previous: dict[str, str], readers: list[str]) -> str:
    """One update: the new current versions, the previous ones, and the reader's graphs; applied
    only while the lock is held, so a load that lost its lock changes nothing."""
    c, lock = control_graph(graph), lock_iri(token)
    new = [f"<{t}> {CURRENT} <{v}> ." for t, v in current.items()]
    new += [f"<{t}> {PREVIOUS} <{v}> ." for t, v in previous.items()]
    new += [f"<{graph}> {DEFAULT_GRAPH} <{g}> ." for g in readers]
    return (
        f"DELETE {{ GRAPH <{c}> {{ ?t ?pointer ?v }} }} INSERT {{ GRAPH <{c}> {{ {' '.join(new)} }} }} "
        f"WHERE {{ GRAPH <{c}> {{ <{graph}> {LOCK} <{lock}> }} OPTIONAL {{ GRAPH <{c}> {{ ?t ?pointer ?v "
        f"FILTER(?pointer IN ({CURRENT}, {PREVIOUS}, {DEFAULT_GRAPH})) }} }} }}"
    )


def forget_update(graph: str, versions: list[tuple[str, str]]) -> str:
    """Drop version graphs and their records (target, version) in one request."""
    c = control_graph(graph)
    ops = [f"DROP SILENT GRAPH <{v}>" for _, v in versions]
    records = " ".join(f"<{t}> {VERSION} <{v}> ." for t, v in versions)
    ops.append(f"DELETE DATA {{ GRAPH <{c}> {{ {records} }} }}")
    return " ;\n".join(ops)
