"""Queries against a remote SPARQL endpoint (SPARQLWrapper), returned as pyoxigraph results
so that they print exactly like the embedded store's."""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import EndpointError
from ..namespaces import DEFAULT_GRAPH_IRI, ONTOLOGY_IRI, STORE
from ..net import HTTP_REASONS, check_url, describe_http_error, redact
from .bind import with_values

#: The reader's side of the layout `celltx-kg load` keeps (celltx_kg.stores.versions): the
#: control graph ``G/control`` names the graphs to query as ``<G> store:defaultGraph ?g``.
DEFAULT_GRAPH = f"<{STORE}defaultGraph>"

#: Largest answer read from an endpoint (bytes); a longer one is refused, not buffered.
MAX_ANSWER_BYTES = 64 * 1024 * 1024


def control_graph(graph: str = DEFAULT_GRAPH_IRI) -> str:
    return graph.rstrip("/") + "/control"


def reader_query(graph: str = DEFAULT_GRAPH_IRI) -> str:
    """The graphs a reader of ``graph`` queries (none where no versioned load was done)."""
    return f"SELECT ?g WHERE {{ GRAPH <{control_graph(graph)}> {{ <{graph}> {DEFAULT_GRAPH} ?g }} }}"


def remote_query(
    endpoint: str,
    text: str,
    bindings: dict | None = None,
    timeout: float = 60.0,
    dataset: list[str] | None = None,
    max_rows: int | None = None,
):
    """Run a query at ``endpoint``; ``dataset``: the graphs to query as its default graph (the
    protocol's ``default-graph-uri``), e.g. from :func:`resolve_dataset`."""
    check_url(endpoint)
    query_text = with_values(text, bindings or {})
    client = _client(endpoint, query_text, timeout, dataset)
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    response = _send(client, endpoint, timeout)
    from .run import collect

    try:
        if is_graph:
            return collect(ox.parse(response, format=ox.RdfFormat.TURTLE), max_rows)
        try:
            return collect(ox.parse_query_results(response, format=ox.QueryResultsFormat.JSON), max_rows)
        except SyntaxError:
            if b'"bnode"' not in response:
                raise
            fixed = blank_labels_fixed(response)  # e.g. Virtuoso's "nodeID://b10007"
            return collect(ox.parse_query_results(fixed, format=ox.QueryResultsFormat.JSON), max_rows)
    except (SyntaxError, ValueError, OSError):
        kind = "Turtle" if is_graph else "SPARQL JSON results"
        raise EndpointError(f"{redact(endpoint)}: the answer is not {kind}: is this a SPARQL query endpoint?") from None


def blank_labels_fixed(results: bytes) -> bytes:
    """SPARQL JSON results with every blank node label made a valid RDF one, one label for one
    label (some stores answer with labels such as ``nodeID://b10007``, which the parser refuses)."""
    import json

    def label(value: str) -> str:
        return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in value) or "_"

    def fix(term: dict) -> dict:
        if term.get("type") == "bnode":
            return {**term, "value": label(term["value"])}
        if term.get("type") == "triple":  # RDF-star: terms nested in a quoted triple
            return {**term, "value": {k: fix(v) for k, v in term["value"].items()}}
        return term

    data = json.loads(results)
    for row in data.get("results", {}).get("bindings", []):
        for name, term in row.items():
            row[name] = fix(term)
    return json.dumps(data).encode()


def resolve_dataset(
    endpoint: str, timeout: float = 60.0, graph: str = DEFAULT_GRAPH_IRI
) -> tuple[list[str] | None, str]:
    """The graphs a query at ``endpoint`` should read, and a warning (``""`` when none).

    A URL that names its dataset (``default-graph-uri``) is used as it is. Otherwise the control
    graph that ``celltx-kg load`` keeps tells the current version; where there is none (a store
    loaded otherwise, e.g. ``celltx-kg serve``), the endpoint's own default graph is queried, with
    a warning when it holds none of the graph (no triple about the ontology's IRI).
    """
    check_url(endpoint)
    if any(name in ("default-graph-uri", "named-graph-uri") for name, _ in split_endpoint(endpoint)[1]):
        return None, ""
    rows = _select(endpoint, reader_query(graph), timeout)
    graphs = sorted({row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"})
    if graphs:
        return graphs, ""
    if _select(endpoint, f"SELECT ?p WHERE {{ <{ONTOLOGY_IRI}> ?p ?o }} LIMIT 1", timeout):
        return None, ""
    return None, (
        f"{redact(endpoint)} shows none of the graph in its default graph (nothing about <{ONTOLOGY_IRI}>, "
        f"no load recorded in <{control_graph(graph)}>): load it with `celltx-kg load --endpoint URL`, "
        "or name the graph in the URL (?default-graph-uri=IRI)"
    )


def _select(endpoint: str, text: str, timeout: float) -> list[dict]:
    client = _client(endpoint, text, timeout, None)
    import json

    try:
        return json.loads(_send(client, endpoint, timeout))["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise EndpointError(
            f"{redact(endpoint)}: the answer is not SPARQL JSON results: is this a SPARQL query endpoint?"
        ) from None


def _send(client, endpoint: str, timeout: float) -> bytes:
    """The answer, with ``timeout`` a deadline for the whole exchange (connect, wait, read), not a
    per-read socket timeout; read in pieces up to :data:`MAX_ANSWER_BYTES`."""
    import time

    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    deadline = time.monotonic() + timeout
    try:
        return _read_answer(client.query().response, deadline, timeout, endpoint)
    except EndpointError:
        raise
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{redact(endpoint)}: {_describe_wrapper_error(exc)}") from None
    except Exception as exc:  # urllib errors: HTTPError, URLError, timeouts
        raise EndpointError(f"{redact(endpoint)}: {describe_http_error(exc)}") from None


def _client(endpoint: str, query_text: str, timeout: float, dataset: list[str] | None):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    from ..net import apply_credentials

    base, params = split_endpoint(endpoint)
    client = SPARQLWrapper(base)
    for graph in dataset or []:
        client.addDefaultGraph(graph)
    for name, value in params:  # protocol parameters given in the URL, e.g. default-graph-uri
        if name == "default-graph-uri":
            client.addDefaultGraph(value)
        elif name == "named-graph-uri":
            client.addNamedGraph(value)
        else:
            client.addParameter(name, value)
    client.setTimeout(max(1, int(timeout + 0.999)))
    client.setQuery(query_text)
    apply_credentials(client, endpoint)
    # SPARQLWrapper guesses the form with a regex that comments and literals can mislead.
    client.queryType = query_form(query_text)
    client.setReturnFormat(TURTLE if client.queryType in ("CONSTRUCT", "DESCRIBE") else JSON)
    return client


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
