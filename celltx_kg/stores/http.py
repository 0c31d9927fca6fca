"""The store's URLs (query, update, Graph Store Protocol) and HTTP requests to them, one line per failure."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import PREFIXES
from ..net import check_url, describe_http_error, redact

XSD = PREFIXES["xsd"]
NTRIPLES = "application/n-triples"


# --------------------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class Endpoints:
    """The three URLs a load uses: SPARQL query, SPARQL update and Graph Store Protocol.

    ``bulk``: the URLs are Oxigraph's: upload with its ``no_transaction`` bulk mode (several
    times faster; safe here because a new version graph is verified before readers are switched
    to it), in pieces at once, and verify with the queries Oxigraph answers fastest."""

    query: str
    update: str
    gsp: str
    bulk: bool = False


def endpoints(query: str, update: str | None = None, gsp: str | None = None) -> Endpoints:
    """The store's URLs; update and GSP default to Oxigraph's siblings of ``/query``.

    >>> endpoints("http://127.0.0.1:7878/query")
    Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', gsp='http://127.0.0.1:7878/store', bulk=True)
    """
    for url in (query, update, gsp):
        if url is not None:
            check_url(url)
    if update is None or gsp is None:
        parts = urllib.parse.urlsplit(query)
        if not parts.path.endswith("/query"):
            raise UsageError(
                f"cannot tell the update and Graph Store URLs of {query}: give --update-endpoint and "
                "--gsp-endpoint (Fuseki: /DATASET/update and /DATASET/data; GraphDB: "
                "/repositories/ID/statements and /repositories/ID/rdf-graphs/service; Virtuoso: /sparql "
                "and /sparql-graph-crud)"
            )
        base = parts.path[: -len("/query")]

        def sibling(name: str) -> str:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, base + name, "", ""))

        update = update or sibling("/update")
        if gsp is None:
            return Endpoints(query, update, sibling("/store"), bulk=True)
    return Endpoints(query, update, gsp)


# --------------------------------------------------------------------------- HTTP


class StepFailed(Exception):
    """One HTTP step failed; ``str()`` is the one-line reason (no credentials). ``status`` is the
    HTTP status when the store answered with an error, ``None`` when it did not answer."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class Http:
    def __init__(self, timeout: float):
        self.timeout = timeout

    def request(
        self,
        method: str,
        url: str,
        *,
        body=None,
        content_type: str | None = None,
        accept: str | None = None,
        what: str = "",
        length: int | None = None,
    ) -> tuple[int, str, bytes]:
        """One request; ``body`` is bytes, or an iterable of bytes of total ``length`` (streamed)."""
        from ..net import auth_header

        req = urllib.request.Request(url, data=body, method=method)
        if length is not None:
            req.add_header("Content-Length", str(length))
        if content_type:
            req.add_header("Content-Type", content_type)
        if accept:
            req.add_header("Accept", accept)
        header = auth_header(url)
        if header:
            req.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except Exception as exc:  # urllib, http.client and socket errors all end here
            if not isinstance(exc, (OSError, urllib.error.URLError, ValueError)) and not _is_http_client_error(exc):
                raise
            status = exc.code if isinstance(exc, urllib.error.HTTPError) else None
            raise StepFailed(f"{redact(url)}: {describe_http_error(exc, what)}", status) from None

    def sparql_update(self, url: str, update: str, what: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode()
        self.request("POST", url, body=body, content_type="application/x-www-form-urlencoded", what=what)

    def sparql_select(self, url: str, query: str, what: str) -> list[dict]:
        body = urllib.parse.urlencode({"query": query}).encode()
        _, ctype, data = self.request(
            "POST",
            url,
            body=body,
            content_type="application/x-www-form-urlencoded",
            accept="application/sparql-results+json",
            what=what,
        )
        try:
            results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            return [{v.value: s[v] for v in results.variables} for s in results]  # type: ignore[union-attr]
        except (SyntaxError, ValueError) as exc:
            raise StepFailed(
                f"{redact(url)}: the answer to {what} is not SPARQL JSON results ({ctype or 'no type'})"
            ) from exc


def _is_http_client_error(exc: Exception) -> bool:
    import http.client

    return isinstance(exc, http.client.HTTPException)


def gsp_url(gsp: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification: ``?graph=``)."""
    sep = "&" if urllib.parse.urlsplit(gsp).query else "?"
    return f"{gsp}{sep}{urllib.parse.urlencode({'graph': graph})}"
