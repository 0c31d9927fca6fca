"""The web workbench behind ``celltx-kg serve``: search, entity pages, a form per saved query,
a SPARQL editor, a REST API with an OpenAPI description and a SPARQL 1.1 Protocol endpoint.

Nothing here is imported by ``import celltx_kg`` or by the query command: the web stack
(FastAPI, uvicorn, Jinja2) loads only when the server starts.
"""
