"""Machine interfaces: the saved queries as a REST API (``/api/queries/NAME``) with an OpenAPI
description generated from the query headers, and a SPARQL 1.1 Protocol endpoint (``/sparql``).

Parameters are resolved as the CLI resolves them (:func:`celltx_kg.sparql.bind.bind_params`), and
errors carry the CLI's one-line message as JSON: ``{"error": "…"}``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..errors import CelltxError, UsageError
from ..sparql.catalogue import get_query, strip_comments_and_strings
from .engine import QueryTimeout
from .i18n import area_of, area_title

#: Result format → media type (the W3C results formats; RDF for CONSTRUCT and DESCRIBE).
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
}
ACCEPTED = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
}
SELECT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples")
#: Query-string names the API keeps for itself (no saved query may use them as parameters).
RESERVED = ("format",)
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def status_of(err: CelltxError) -> int:
    if isinstance(err, QueryTimeout):
        return 503
    if str(err).startswith("unknown query"):
        return 404
    return 400


def choose_format(accept: str, explicit: str | None, form: str) -> str:
    """The results format: ``format=`` if given, else the first acceptable media type, else JSON
    (Turtle for triples)."""
    allowed = GRAPH_FORMATS if form == "GRAPH" else SELECT_FORMATS
    if explicit:
        if explicit not in allowed:
            kind = "CONSTRUCT and DESCRIBE" if form == "GRAPH" else "SELECT and ASK"
            raise UsageError(f"format {explicit!r} does not apply here; for {kind} use one of {', '.join(allowed)}")
        return explicit
    for part in (accept or "").split(","):
        fmt = ACCEPTED.get(part.split(";")[0].strip().lower())
        if fmt in allowed:
            return str(fmt)
    return str(allowed[0])


def respond(outcome, fmt: str, engine, filename: str | None = None) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    if outcome.truncated:
        headers["X-Row-Limit"] = engine.row_limit_message()
    return Response(outcome.serialize(fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


def openapi_parameters(query) -> list[dict]:
    params = []
    for p in query.params:
        schema = {"integer": {"type": "integer"}, "decimal": {"type": "number"}}.get(p.type, {"type": "string"})
        if p.default is not None:
            schema = {**schema, "default": p.default}
        kind = {
            "label": "an entity: English or Chinese label, synonym, CURIE or standard identifier",
            "iri": "an IRI or a CURIE",
        }.get(p.type, f"a {p.type} value")
        extra = f" (class {p.cls})" if p.cls else f" (a class under {p.subclass})" if p.subclass else ""
        item = {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "schema": schema,
            "description": f"{p.description}. {kind[0].upper()}{kind[1:]}{extra}.",
        }
        if p.example is not None:
            item["example"] = p.example
        params.append(item)
    formats = GRAPH_FORMATS if query.form in ("CONSTRUCT", "DESCRIBE") else SELECT_FORMATS
    params.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(formats)},
            "description": f"Result format; without it the Accept header decides (default: {formats[0]}).",
        }
    )
    return params


def add_api(app: FastAPI, catalogue: dict) -> None:
    engine = lambda request: request.app.state.engine  # noqa: E731

    @app.get("/api/queries", tags=["catalogue"], summary="The saved queries and their parameters")
    async def list_queries(request: Request):
        return [
            {
                "name": q.name,
                "title": q.title,
                "title@zh": q.meta.get("title@zh", ""),
                "description": q.meta.get("description", ""),
                "section": q.meta.get("section", ""),
                "keywords": q.keywords,
                "form": q.form,
                "url": f"/api/queries/{q.name}",
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "example": p.example,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in q.params
                ],
            }
            for q in catalogue.values()
        ]

    def make(query):
        async def run_query(request: Request):
            given = {k: v for k, v in request.query_params.items() if k not in RESERVED}
            try:
                outcome = await engine(request).run_saved(query, given)
                fmt = choose_format(request.headers.get("accept", ""), request.query_params.get("format"), outcome.form)
            except CelltxError as err:
                return error(str(err), status_of(err))
            return respond(outcome, fmt, engine(request))

        return run_query

    for query in catalogue.values():
        graph = query.form in ("CONSTRUCT", "DESCRIBE")
        content: dict[str, dict] = {
            MEDIA_TYPES[f].split(";")[0]: {} for f in (GRAPH_FORMATS if graph else SELECT_FORMATS)
        }
        app.add_api_route(
            f"/api/queries/{query.name}",
            make(query),
            methods=["GET"],
            name=f"query-{query.name}",
            summary=query.title,
            tags=[area_title(area_of(query), "en")],
            description=(
                f"{query.meta.get('description', '')}\n\n{query.meta.get('title@zh', '')}: "
                f"{query.meta.get('description@zh', '')}\n\nReview section: {query.meta.get('section', '')}. "
                f"Command line: `{query.meta.get('example', '')}`"
            ),
            openapi_extra={"parameters": openapi_parameters(query)},
            responses={
                200: {"description": "The results", "content": content},
                400: {"description": 'A bad parameter value: {"error": message}'},
                503: {"description": "The query ran past the server's time limit"},
            },
        )

    @app.get("/api/queries/{name}", include_in_schema=False)
    async def unknown_query(name: str):
        try:
            get_query(name)
        except CelltxError as err:
            return error(str(err), 404)
        return error(f"unknown query {name!r}", 404)  # a query file added after the server started


def add_sparql(app: FastAPI) -> None:
    async def answer(request: Request, text: str | None, params: dict) -> Response:
        engine = request.app.state.engine
        if "update" in params:
            return error("SPARQL Update is refused: this endpoint is read-only", 403)
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return error("default-graph-uri and named-graph-uri are not supported: the endpoint holds one graph", 400)
        if not text or not text.strip():
            if "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/editor", status_code=303)
            return error("give a SPARQL query in the 'query' parameter (GET or POST)", 400)
        if _UPDATE.match(strip_comments_and_strings(text)):
            return error("SPARQL Update is refused: this endpoint is read-only", 403)
        try:
            outcome = await engine.run(text)
            fmt = choose_format(request.headers.get("accept", ""), None, outcome.form)
        except CelltxError as err:
            return error(str(err), status_of(err))
        return respond(outcome, fmt, engine)

    @app.get(
        "/sparql",
        tags=["SPARQL"],
        summary="SPARQL 1.1 Protocol: query by GET",
        description="`query=` holds the query; the Accept header picks JSON, XML, CSV or TSV results "
        "(Turtle or N-Triples for CONSTRUCT and DESCRIBE). Read-only: updates, SERVICE and LOAD "
        "are refused.",
    )
    async def sparql_get(request: Request):
        params = {k: v for k, v in request.query_params.items()}
        return await answer(request, params.get("query"), params)

    @app.post(
        "/sparql",
        tags=["SPARQL"],
        summary="SPARQL 1.1 Protocol: query by POST",
        description="A form (application/x-www-form-urlencoded, `query=`) or the query itself "
        "(application/sparql-query). Updates (`update=`, application/sparql-update) are refused.",
    )
    async def sparql_post(request: Request):
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="replace")
        if kind == "application/sparql-query":
            return await answer(request, body, dict(request.query_params))
        if kind == "application/sparql-update":
            return error("SPARQL Update is refused: this endpoint is read-only", 403)
        if kind == "application/x-www-form-urlencoded":
            params = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            return await answer(request, params.get("query"), params)
        return error("POST a form (application/x-www-form-urlencoded) or application/sparql-query", 415)


__all__ = ["MEDIA_TYPES", "add_api", "add_sparql", "choose_format", "error", "openapi_parameters", "respond"]
