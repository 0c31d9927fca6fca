"""Queries against a remote SPARQL endpoint (SPARQLWrapper), returned as pyoxigraph results
so that they print exactly like the embedded store's."""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import EndpointError
from ..net import HTTP_REASONS, check_url, describe_http_error, redact
from .bind import with_values

#: Largest answer read from an endpoint (bytes); a longer one is refused, not buffered.
MAX_ANSWER_BYTES = 64 * 1024 * 1024


def remote_query(
    endpoint: str, text: str, bindings: dict | None = None, timeout: float = 60.0, max_rows: int | None = None
):
    """Run a query on an endpoint. ``timeout`` is a deadline for the whole exchange (connect, wait,
    read), not a per-read socket timeout; the answer is read in pieces up to :data:`MAX_ANSWER_BYTES`."""
    import time

    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from ..net import apply_credentials

    check_url(endpoint)
    query_text = with_values(text, bindings or {})
    base, params = split_endpoint(endpoint)
    client = SPARQLWrapper(base)
    for name, value in params:  # protocol parameters given in the URL, e.g. default-graph-uri
        if name == "default-graph-uri":
            client.addDefaultGraph(value)
        elif name == "named-graph-uri":
            client.addNamedGraph(value)
        else:
            client.addParameter(name, value)
    deadline = time.monotonic() + timeout
    client.setTimeout(max(1, int(timeout + 0.999)))
    client.setQuery(query_text)
    apply_credentials(client, endpoint)
    # SPARQLWrapper guesses the form with a regex that comments and literals can mislead.
    client.queryType = query_form(query_text)
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if is_graph else JSON)
    try:
        response = _read_answer(client.query().response, deadline, timeout, endpoint)
    except EndpointError:
        raise
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{redact(endpoint)}: {_describe_wrapper_error(exc)}") from None
    except Exception as exc:  # urllib errors: HTTPError, URLError, timeouts
        raise EndpointError(f"{redact(endpoint)}: {describe_http_error(exc)}") from None
    from .run import collect, rebuild

    try:
        if is_graph:
            return rebuild(collect(ox.parse(response, format=ox.RdfFormat.TURTLE), max_rows))
        return rebuild(collect(ox.parse_query_results(response, format=ox.QueryResultsFormat.JSON), max_rows))
    except (SyntaxError, ValueError, OSError):
        kind = "Turtle" if is_graph else "SPARQL JSON results"
        raise EndpointError(f"{redact(endpoint)}: the answer is not {kind}: is this a SPARQL query endpoint?") from None


def _read_answer(response, deadline: float, timeout: float, endpoint: str) -> bytes:
    """The whole answer body, read piece by piece: stops at the deadline and at the size cap."""
    import time

    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise EndpointError(f"{redact(endpoint)}: no complete answer within {timeout:g} s (--timeout)")
        if sock is not None:
            sock.settimeout(left)
        try:
            chunk = response.read1(1 << 16) if hasattr(response, "read1") else response.read(1 << 16)
        except TimeoutError:  # the socket timeout is the time left before the deadline
            raise EndpointError(f"{redact(endpoint)}: no complete answer within {timeout:g} s (--timeout)") from None
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            response.close()
            raise EndpointError(
                f"{redact(endpoint)}: the answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MB; "
                "add LIMIT to the query"
            )
        chunks.append(chunk)


def split_endpoint(endpoint: str) -> tuple[str, list[tuple[str, str]]]:
    """The endpoint URL without its query string, and the parameters that string carried.

    >>> split_endpoint("http://h/sparql?default-graph-uri=https%3A%2F%2Fw3id.org%2Fcelltx%2Fgraph")
    ('http://h/sparql', [('default-graph-uri', 'https://w3id.org/celltx/graph')])
    """
    from urllib.parse import parse_qsl, urlsplit, urlunsplit

    parts = urlsplit(endpoint)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), parse_qsl(parts.query)


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first form keyword outside comments, strings and IRIs."""
    from .catalogue import query_form as form

    return form(text) or "SELECT"


def _describe_wrapper_error(exc) -> str:
    """SPARQLWrapper turns some HTTP statuses into its own exceptions: give them the same words."""
    from SPARQLWrapper import SPARQLExceptions as E

    codes = {
        E.QueryBadFormed: 400,
        E.Unauthorized: 401,
        E.EndPointNotFound: 404,
        E.URITooLong: 414,
        E.EndPointInternalError: 500,
    }
    code = next((c for cls, c in codes.items() if isinstance(exc, cls)), None)
    if code is None:
        return str(exc).splitlines()[0]
    reason = HTTP_REASONS.get(code, "server error 500")
    detail = ""
    if code in (400, 500):  # the store's own message follows "Response:" in SPARQLWrapper's text
        text = str(exc).split("Response:", 1)[-1].strip()
        text = text[2:-1] if text.startswith("b'") or text.startswith('b"') else text
        line = next((ln.strip() for ln in text.replace("\\n", "\n").splitlines() if ln.strip()), "")
        if line and not line.startswith("<"):
            detail = f" ({line[:157] + '…' if len(line) > 160 else line})"
    if ": " in reason:
        head, hint = reason.split(": ", 1)
        return f"{head}{detail}: {hint}"
    return reason + detail
