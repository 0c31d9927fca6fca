"""Safe loading of RDF files a user hands to ``validate`` or ``add``.

Every refusal is an :class:`~celltx_kg.errors.InputError` with a one-line message that names the
file (and, for syntax errors, ``FILE:LINE:COLUMN``). Nothing here touches the network:

- RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration is refused before any parser sees
  it (external entities read files or URLs; nested entities expand without bound);
- a JSON-LD ``@context`` must be inline, or the project's own ``context.jsonld`` (replaced by the
  inline prefix map); any other IRI, and ``@import``, is refused, so rdflib never fetches one;
- files larger than :data:`MAX_BYTES`, empty files and binary files are refused unread.

Relative IRIs are refused too: they would resolve against the file's location on disk.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:  # rdflib is imported when a file is parsed
    from rdflib import Graph

#: Far above any real fact file (the largest curated one is about 100 kB).
MAX_BYTES = 10 * 1024 * 1024

#: File extension → rdflib parser name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

#: The JSON-LD context reference that ``celltx-kg build`` writes into celltx.jsonld.
PROJECT_CONTEXT = "context.jsonld"

_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_FILE_BASE = "file:"


def rdf_format(path: Path) -> str:
    """The rdflib parser name for ``path``'s extension, or an InputError."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        what = f"unknown extension {suffix!r}" if suffix else "no file extension"
        raise InputError(f"{path}: {what} (expected one of {known})")
    return FORMATS[suffix]


#: How standard input is named in messages.
STDIN = "-"


def read_bytes(path: Path) -> bytes:
    """The file's bytes after the checks that need no parsing: exists, size, not binary.
    ``-`` reads standard input (up to the same limit)."""
    if str(path) == STDIN:
        import sys

        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if not data:
            raise InputError("standard input: empty")
        return _checked_text("standard input", data)
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    if stat.st_size > MAX_BYTES:
        raise InputError(f"{path}: {stat.st_size / 1e6:.1f} MB is larger than the {MAX_BYTES // (1024 * 1024)} MB "
                         "limit for a fact file; split it")
    if stat.st_size == 0:
        raise InputError(f"{path}: empty file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return _checked_text(path, data)


def _checked_text(path, data: bytes) -> bytes:
    if len(data) > MAX_BYTES:  # grew since stat, or standard input
        raise InputError(f"{path}: larger than the {MAX_BYTES // (1024 * 1024)} MB limit for a fact file")
    if _CONTROL.search(data[:65536]):
        raise InputError(f"{path}: binary file (control bytes), not an RDF text file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8") from None
    return data


def read_rdf_file(path, stdin_format: str = "ttl") -> Graph:
    """Parse one user file into an rdflib Graph (named graphs of TriG / N-Quads merged).

    ``-`` reads standard input, in ``stdin_format`` (a file extension: ttl, nt, jsonld …)."""
    from rdflib import Dataset, Graph

    stdin = str(path) == STDIN
    path = Path("standard input" if stdin else path)
    fmt = rdf_format(Path(f"stdin.{stdin_format.lstrip('.')}") if stdin else path)
    data = read_bytes(Path(STDIN) if stdin else path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError(f"{path}: empty file (only whitespace)")
    if fmt == "xml" and _XML_DECLARATIONS.search(data):
        raise InputError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
                         "(entities can read files, reach the network or expand without bound)")
    if fmt == "json-ld":
        data = _inline_contexts(path, data)
    base = "file:///dev/stdin" if stdin else path.resolve().as_uri()
    target = Dataset() if fmt in ("trig", "nquads") else Graph()
    try:
        target.parse(data=data, format=fmt, publicID=base)
    except Exception as exc:  # rdflib raises a different exception type per parser
        raise InputError(_syntax_message(path, fmt, data, exc)) from None
    graph = Graph()
    if isinstance(target, Dataset):
        for s, p, o, _ in target.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph += target
    if len(graph) == 0:
        raise InputError(f"{path}: no triples (only prefixes or comments)")
    _refuse_relative_iris(path, graph)
    return graph


def read_rdf_files(paths, stdin_format: str = "ttl") -> Graph:
    """Parse several user files into one graph (``-``: standard input)."""
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        graph += read_rdf_file(path, stdin_format)
    return graph


# ---------------------------------------------------------------- JSON-LD contexts


def _inline_contexts(path: Path, data: bytes) -> bytes:
    """Replace the project's context reference by the inline prefix map; refuse remote contexts."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: JSON syntax error: {exc.msg}") from None

    def context(value):
        if isinstance(value, str):
            if value == PROJECT_CONTEXT:
                from .serialize import jsonld_context

                return jsonld_context()["@context"]
            raise InputError(f"{path}: remote JSON-LD @context {value!r} refused: put the context inline "
                             f"or use the project's {PROJECT_CONTEXT!r}")
        if isinstance(value, list):
            return [context(v) for v in value]
        if isinstance(value, dict):
            if "@import" in value:
                raise InputError(f"{path}: JSON-LD @import {value['@import']!r} refused: put the context inline")
            return {k: walk(v) for k, v in value.items()}
        return value

    def walk(node):
        if isinstance(node, dict):
            return {k: (context(v) if k == "@context" else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return json.dumps(walk(doc), ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- errors and checks


def _syntax_message(path: Path, fmt: str, data: bytes, exc: Exception) -> str:
    """``FILE:LINE:COLUMN: syntax error: WHY`` from whatever the parser raised."""
    why = str(getattr(exc, "_why", "") or getattr(exc, "msg", "") or exc).strip().splitlines()
    why = why[0] if why else type(exc).__name__
    line = column = None
    if hasattr(exc, "lines") and hasattr(exc, "_i") and hasattr(exc, "_str"):  # rdflib notation3 BadSyntax
        text = exc._str if isinstance(exc._str, bytes) else str(exc._str).encode()
        offset = int(exc._i)
        line = text.count(b"\n", 0, offset) + 1
        column = offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    elif hasattr(exc, "getLineNumber"):  # xml.sax SAXParseException
        line, column = exc.getLineNumber(), exc.getColumnNumber() + 1
        why = exc.getMessage()
    else:
        line, column = _position_from_oxigraph(fmt, data)
    match = re.match(r'Prefix "?([^"]*?)"? not bound', why)
    if match:
        why = f"unknown prefix {match.group(1)} (declare it: @prefix {match.group(1).rstrip(':')}: <…> .)"
    where = f"{path}:{line}:{column}" if line else str(path)
    return f"{where}: syntax error: {why}"


def _position_from_oxigraph(fmt: str, data: bytes) -> tuple[int | None, int | None]:
    """rdflib's N-Triples/N-Quads errors carry no position; pyoxigraph's do."""
    import pyoxigraph as ox

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
               "trig": ox.RdfFormat.TRIG}
    if fmt not in formats:
        return None, None
    try:
        for _ in ox.parse(data, format=formats[fmt]):
            pass
    except SyntaxError as err:
        return err.lineno, err.offset
    return None, None


def _refuse_relative_iris(path: Path, graph) -> None:
    from rdflib import URIRef

    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(_FILE_BASE):
                raise InputError(f"{path}: relative or file: IRI <{term}>: write full IRIs or CURIEs "
                                 "(celltxd:…) so the facts do not depend on where the file lies")


__all__ = ["FORMATS", "MAX_BYTES", "PROJECT_CONTEXT", "read_rdf_file", "read_rdf_files", "rdf_format", "read_bytes"]
