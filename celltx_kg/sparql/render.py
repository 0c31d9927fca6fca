"""Write query results: a readable table, or the W3C formats (SPARQL 1.1 Query Results JSON,
XML, CSV and TSV; Turtle or N-Triples for CONSTRUCT and DESCRIBE)."""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import PREFIXES, shorten
from ..output import terminal_safe
from .run import Solutions

SELECT_FORMATS = {
    "table": None,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "table": ox.RdfFormat.TURTLE}
ALL_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(term) -> str:
    """A table cell: terminal-safe text (no control, escape or bidi characters act on the terminal)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return terminal_safe(shorten(term.value))
    if isinstance(term, ox.Literal):
        return terminal_safe(term.value)
    return terminal_safe(str(term))


def table(variables: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=False)).rstrip()

    variables = [terminal_safe(v) for v in variables]
    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result, fmt: str) -> bytes:
    """Serialise a query result (:class:`.run.Solutions` or pyoxigraph's) in ``fmt``."""
    if isinstance(result, (Solutions, ox.QuerySolutions)):
        if fmt not in SELECT_FORMATS:
            raise UsageError(
                f"format {fmt!r} is for CONSTRUCT queries; for SELECT use one of {', '.join(SELECT_FORMATS)}"
            )
        if fmt == "table":
            variables = [v.value for v in result.variables]
            rows = [[_cell(s[v]) for v in variables] for s in result]
            return table(variables, rows).encode()
        return result.serialize(format=SELECT_FORMATS[fmt])  # type: ignore[return-value]
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return (("true" if bool(result) else "false") + "\n").encode()
        if fmt not in SELECT_FORMATS:
            raise UsageError(f"format {fmt!r} does not apply to ASK queries")
        return result.serialize(format=SELECT_FORMATS[fmt])  # type: ignore[return-value]
    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"format {fmt!r} is for SELECT queries; for CONSTRUCT use turtle or ntriples")
    triples = sorted(result, key=str)
    prefixes = PREFIXES if GRAPH_FORMATS[fmt] == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b""
