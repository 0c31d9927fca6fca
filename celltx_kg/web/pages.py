"""The HTML pages: home and search, a form per saved query, entity pages, the SPARQL editor.

The language is English unless ``?lang=zh`` chose Chinese (kept in a cookie); every page links
to itself in the other language. Entity paths answer Turtle or JSON-LD when the Accept header
asks for it.
"""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import CelltxError
from ..namespaces import PREFIXES
from . import present
from .api import RESERVED, error
from .entity import LINKED_DATA, describe, linked_data, negotiate
from .i18n import LANGUAGES, area_of, area_title, meta, translator
from .search import curie

W3ID = "https://w3id.org/celltx/"


def language(request: Request) -> str:
    """``?lang=``, else the cookie it set, else Chinese for a browser that prefers it, else English."""
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    if lang is None:
        first = request.headers.get("accept-language", "").split(",")[0].strip().lower()
        lang = "zh" if first.startswith("zh") else "en"
    return lang if lang in LANGUAGES else "en"


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    lang = language(request)
    other = "zh" if lang == "en" else "en"
    query = {k: v for k, v in request.query_params.multi_items() if k != "lang"}
    switch = request.url.path + "?" + urlencode([*query.items(), ("lang", other)])
    html = request.app.state.templates.get_template(template).render(
        request=request,
        lang=lang,
        t=translator(lang),
        switch_url=switch,
        other_lang=other,
        meta=meta,
        local_path=present.local_path,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, samesite="lax")
    return response


def script_json(value) -> str:
    """JSON to place inside a <script> element (no "</" that could end it)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def cli_line(query, given: dict) -> str:
    words = ["celltx-kg", "query", query.name] + [w for k, v in given.items() for w in ("--param", f"{k}={v}")]
    return " ".join(shlex.quote(w) for w in words)


def example_values(query) -> dict:
    """The form's first values: the parameters of the query's ``#+ example:`` command line, and the
    ``example=`` of any other required parameter."""
    given = query.example_params
    return {p.name: given.get(p.name, p.example if p.required else "") or "" for p in query.params}


def add_pages(app: FastAPI, catalogue: dict) -> None:
    state = app.state

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request):
        groups = defaultdict(list)
        for q in catalogue.values():
            groups[area_of(q)].append(q)
        lang = language(request)
        ordered = [(area_title(k, lang), groups[k]) for k in sorted(groups, key=_area_order)]
        return page(request, "home.html", groups=ordered)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, q: str = ""):
        hits = await state.engine.call(state.names.search, q, 100)
        return page(request, "search.html", q=q, hits=hits)

    @app.get("/api/suggest", tags=["search"], summary="Entities whose names, CURIEs or identifiers contain the text")
    async def suggest(request: Request, q: str = "", query: str = "", param: str = "", limit: int = 12):
        allowed = None
        saved = catalogue.get(query)
        prm = saved.param(param) if saved else None
        if prm is not None:
            allowed = await state.engine.call(state.names.members, prm.cls, prm.subclass)
        hits = await state.engine.call(state.names.search, q, max(1, min(limit, 50)), allowed)
        return JSONResponse(
            [
                {"iri": h.iri, "href": present.local_path(h.iri), "en": h.en, "zh": h.zh, "matched": h.matched}
                for h in hits
            ]
        )

    @app.get("/queries/{name}", response_class=HTMLResponse, include_in_schema=False)
    async def query_form(request: Request, name: str):
        query = catalogue.get(name)
        if query is None:
            from ..sparql.catalogue import get_query

            try:
                get_query(name)
                message = f"unknown query {name!r}"
            except CelltxError as err:
                message = str(err)
            return page(request, "error.html", status=404, message=message)
        run = "run" in request.query_params
        values = example_values(query) if not run else {}
        given = {}
        if run:
            given = {k: v for k, v in request.query_params.items() if k not in ("run", "lang", *RESERVED) and v.strip()}
            values = {p.name: request.query_params.get(p.name, "") for p in query.params}
        context = {"query": query, "values": values, "run": run, "given": given, "result": None, "message": None}
        if run:
            try:
                outcome = await state.engine.run_saved(query, given, with_labels=True)
                context["result"] = present.table(outcome, language(request))
                context["outcome"] = outcome
                context["truncated"] = outcome.truncated
                context["row_limit"] = state.engine.row_limit_message()
                api = f"/api/queries/{name}?" + urlencode(given)
                context["downloads"] = [
                    (fmt, f"{api}{'&' if given else ''}format={fmt}")
                    for fmt in (("turtle", "ntriples") if outcome.form == "GRAPH" else ("csv", "tsv", "json"))
                ]
                context["api_url"] = api.rstrip("?")
                context["cli"] = cli_line(query, given)
            except CelltxError as err:
                context["message"] = str(err)
        return page(request, "query.html", **context)

    async def entity(request: Request, iri: str) -> Response:
        media = negotiate(request.headers.get("accept", ""))
        wanted = request.query_params.get("format")
        for key, (short, _fmt) in LINKED_DATA.items():
            if wanted == short:
                media = key
        data = await state.engine.call(describe, state.store, iri)
        if data is None:
            if media:
                return error(f"the graph says nothing about <{iri}>", 404)
            return page(
                request, "error.html", status=404, message=f"{translator(language(request))('not_found')} <{iri}>"
            )
        if media:
            body = await state.engine.call(linked_data, state.store, iri, LINKED_DATA[media][1])
            return Response(body, media_type=media, headers={"Vary": "Accept"})
        lang = language(request)
        labels = data["labels"]

        def c(term):
            return present.cell(term, labels, lang)

        title = present.label_for(iri, labels, lang) or iri
        response = page(
            request,
            "entity.html",
            data=data,
            title=title,
            c=c,
            w3id=iri.startswith(W3ID),
            here=str(request.url.path),
            query=request.url.query,
            curie=curie,
        )
        response.headers["Vary"] = "Accept"
        return response

    @app.get("/id/{local:path}", include_in_schema=False)
    async def entity_id(request: Request, local: str):
        return await entity(request, present.iri_of_path("id", local))

    @app.get("/term/{local:path}", include_in_schema=False)
    async def entity_term(request: Request, local: str):
        return await entity(request, present.iri_of_path("term", local))

    @app.get("/entity", include_in_schema=False)
    async def entity_any(request: Request, iri: str = ""):
        try:
            ox.NamedNode(iri)
        except ValueError:
            return error(f"{iri!r} is not a valid IRI", 400)
        return await entity(request, iri)

    @app.get("/editor", response_class=HTMLResponse, include_in_schema=False)
    async def editor(request: Request):
        lang = language(request)
        examples = [{"name": q.name, "title": meta(q, "title", lang), "text": q.text} for q in catalogue.values()]
        return page(request, "editor.html", examples=script_json(examples), prefixes=script_json(PREFIXES))


def _area_order(key: str) -> tuple:
    order = ["Abstract", "1", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3", "Table 1", "Table 2", "Fig.1", "Fig.2"]
    return (order.index(key) if key in order else len(order), key)


__all__ = ["add_pages", "cli_line", "example_values", "language", "page"]
