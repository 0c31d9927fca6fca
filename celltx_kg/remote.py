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
    client.setTimeout(int(timeout))
    client.setQuery(query_text)
    apply_credentials(client, endpoint)
    # SPARQLWrapper guesses the form with a regex that comments and literals can mislead.
    client.queryType = query_form(query_text)
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if is_graph else JSON)
    try:
        response = client.query().response.read()
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{redact(endpoint)}: {_describe_wrapper_error(exc)}") from None
    except Exception as exc:  # urllib errors: HTTPError, URLError, timeouts
        raise EndpointError(f"{redact(endpoint)}: {describe_http_error(exc)}") from None
    try:
        if is_graph:
            return list(ox.parse(response, format=ox.RdfFormat.TURTLE))
        return ox.parse_query_results(response, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError):
        kind = "Turtle" if is_graph else "SPARQL JSON results"
        raise EndpointError(f"{redact(endpoint)}: the answer is not {kind}: is this a SPARQL query endpoint?") from None


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
    import re

    from .query import _STRIP

    match = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", _STRIP.sub(" ", text), re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


def check_url(url: str) -> None:
    """Refuse URLs that are not http(s) or that carry credentials (they would show in logs)."""
    from urllib.parse import urlsplit

    from .errors import UsageError

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {redact(url)}")
    if parts.username is not None or parts.password is not None:
        raise UsageError("credentials do not belong in the URL: set CELLTX_KG_USER and CELLTX_KG_PASSWORD "
                         "(or CELLTX_KG_TOKEN), or a netrc entry for the host")


def redact(url: str) -> str:
    """The URL without its user:password part and query string (fit for a message)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _describe_wrapper_error(exc) -> str:
    """SPARQLWrapper turns some HTTP statuses into its own exceptions: give them the same words."""
    from SPARQLWrapper import SPARQLExceptions as E

    codes = {E.QueryBadFormed: 400, E.Unauthorized: 401, E.EndPointNotFound: 404, E.URITooLong: 414,
             E.EndPointInternalError: 500}
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


#: One-line reasons per HTTP status; the hint says what to check.
HTTP_REASONS = {
    400: "the store rejected the request (400 Bad Request)",
    401: "authentication required or credentials rejected (401): set CELLTX_KG_USER and "
         "CELLTX_KG_PASSWORD, or CELLTX_KG_TOKEN, or a netrc entry for the host",
    403: "access forbidden (403): the account lacks permission for this operation",
    404: "not found (404): check the URL",
    405: "method not allowed (405): check that the URL is the right endpoint",
    413: "request too large (413): raise the store's upload size limit",
    414: "request URI too long (414)",
    415: "unsupported media type (415)",
}


def describe_http_error(exc: Exception, what: str = "") -> str:
    """One line for an HTTP or network failure; ``what`` names the step (``during …``)."""
    import http.client
    import socket
    import urllib.error

    during = f" during {what}" if what else ""
    if isinstance(exc, urllib.error.HTTPError):
        reason = HTTP_REASONS.get(exc.code)
        if reason is None:
            kind = "server error" if exc.code >= 500 else "HTTP error"
            reason = f"{kind} {exc.code} {exc.reason}".rstrip()
        detail = _body_line(exc) if exc.code in (400, 415) or exc.code >= 500 else ""
        if ": " in reason:  # keep the hint last
            head, hint = reason.split(": ", 1)
            return f"{head}{during}{detail}: {hint}"
        return f"{reason}{during}{detail}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
            return f"timed out{during}"
        if isinstance(reason, ConnectionRefusedError):
            return f"connection refused{during} (is the server running?)"
        if isinstance(reason, (ConnectionResetError, BrokenPipeError)):
            return f"the server closed the connection{during}"
        if isinstance(reason, socket.gaierror):
            return f"unknown host{during}"
        return f"cannot connect{during} ({reason})"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out{during}"
    if isinstance(exc, ConnectionRefusedError):
        return f"connection refused{during} (is the server running?)"
    if isinstance(exc, (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return f"the server closed the connection{during}"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP answer{during} ({type(exc).__name__})"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{text}{during}"


def _body_line(exc) -> str:
    """The first line of an error body (the store's own message), shortened."""
    try:
        body = exc.read(2000).decode("utf-8", "replace")
    except Exception:  # the body is a courtesy: never fail on it
        return ""
    line = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    if not line or line.lstrip().startswith("<"):  # HTML error pages say nothing useful in one line
        return ""
    return f" ({line[:157] + '…' if len(line) > 160 else line})"
