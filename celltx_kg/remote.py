"""Queries against a remote SPARQL endpoint (SPARQLWrapper), returned as pyoxigraph results
so that they print exactly like the embedded store's."""

from __future__ import annotations

import pyoxigraph as ox

from .errors import EndpointError
from .query import with_values


def remote_query(endpoint: str, text: str, bindings: dict | None = None, timeout: float = 60.0):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from .credentials import apply_credentials

    query_text = with_values(text, bindings or {})
    client = SPARQLWrapper(endpoint)
    client.setTimeout(int(timeout))
    client.setQuery(query_text)
    apply_credentials(client, endpoint)
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if is_graph else JSON)
    try:
        response = client.query().response.read()
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{endpoint}: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # urllib errors: HTTPError, URLError, timeouts
        raise EndpointError(f"{endpoint}: {describe_http_error(exc)}") from None
    if is_graph:
        return list(ox.parse(response, format=ox.RdfFormat.TURTLE))
    return ox.parse_query_results(response, format=ox.QueryResultsFormat.JSON)


def describe_http_error(exc: Exception) -> str:
    import socket
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        reasons = {401: "authentication required or credentials rejected (401)",
                   403: "access forbidden (403)", 404: "endpoint not found (404)",
                   413: "request too large (413)"}
        return reasons.get(exc.code, f"server error {exc.code} {exc.reason}")
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, socket.timeout) or "timed out" in str(reason):
            return "timed out"
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused (is the server running?)"
        return f"cannot connect ({reason})"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timed out"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
