"""The web application: one FastAPI app holding the graph in memory, the saved queries, the name
index and the query engine. :func:`create_app` builds it; ``celltx-kg serve`` runs it with uvicorn.

FastAPI's own documentation pages are off (they load scripts from the internet): the OpenAPI
description is at ``/openapi.json``, and the pages link to it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..sparql.catalogue import read_catalogue
from .api import RESERVED, add_api, add_sparql, error
from .engine import Engine, Limits
from .pages import add_pages
from .search import NameIndex

HERE = Path(__file__).resolve().parent


def create_app(store=None, limits: Limits | None = None) -> FastAPI:
    """The app over ``store`` (default: the embedded store's copy in memory, which answers faster
    than the on-disk store for as long as the server runs)."""
    if store is None:
        from ..sparql.store import open_store

        store = open_store(memory=True)
    catalogue = read_catalogue()
    clashes = [f"{q.name}: {p.name}" for q in catalogue.values() for p in q.params if p.name in RESERVED]
    if clashes:
        raise ValueError(f"saved query parameters clash with the API's own names: {', '.join(clashes)}")
    app = FastAPI(
        title="celltx-kg",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="A knowledge graph of immune cell therapy, curated from one review article: the saved "
        "SPARQL queries as a REST API, and a read-only SPARQL 1.1 Protocol endpoint.",
    )
    app.state.store = store
    app.state.engine = Engine(store, limits)
    app.state.names = NameIndex(store)
    app.state.catalogue = catalogue
    app.state.templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
        return error(f"bad request: {problems}", 400)

    add_api(app, catalogue)
    add_sparql(app)
    add_pages(app, catalogue)
    return app


__all__ = ["create_app"]
