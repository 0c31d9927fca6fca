"""Safe loading of RDF files a user hands to ``validate`` or ``add``.

Every refusal is an :class:`~celltx_kg.errors.InputError` with a one-line message that names the
file (and, for syntax errors, ``FILE:LINE:COLUMN``). Nothing here touches the network:

- RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration is refused before any parser sees
  it (external entities read files or URLs; nested entities expand without bound);
- a JSON-LD ``@context`` must be inline, or the project's own ``context.jsonld`` (replaced by the
  inline prefix map); any other IRI, and ``@import``, is refused, so rdflib never fetches one;
- files larger than :data:`MAX_BYTES`, empty files and binary files are refused unread.

Relative IRIs are refused too: they would resolve against the file's location on disk. After
parsing, :mod:`.screen` checks every term (Unicode, datatypes, the closed vocabulary of
:mod:`.vocabulary`, blank-node depth).
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
#: Deepest JSON nesting read (a JSON-LD fact file needs less than 10).
MAX_DEPTH = 64

#: File extension → format name.
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
#: Base given to rdflib for JSON-LD, so that a relative IRI is visible (and refused) afterwards.
_NO_BASE = "urn:celltx-kg:relative:"


def rdf_format(path: Path) -> str:
    """The format name for ``path``'s extension, or an InputError."""
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
        raise InputError(
            f"{path}: {stat.st_size / 1e6:.1f} MB is larger than the {MAX_BYTES // (1024 * 1024)} MB "
            "limit for a fact file; split it"
        )
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
    """Parse one user file into an rdflib Graph (named graphs of TriG / N-Quads merged);
    ``-`` reads standard input, in ``stdin_format`` (a file extension: ttl, nt, jsonld …).

    Turtle, TriG, N-Triples, N-Quads and RDF/XML are parsed by pyoxigraph (linear time, strict
    IRIs, ``FILE:LINE:COLUMN`` errors); JSON-LD by rdflib after a nesting check, then re-read by
    pyoxigraph. Every triple then passes :func:`.screen.screen_triples` (Unicode, datatypes,
    the closed vocabulary, blank-node depth) before it becomes an rdflib triple.
    """
    import pyoxigraph as ox

    from .screen import screen_triples, to_rdflib

    stdin = str(path) == STDIN
    path = Path("standard input" if stdin else path)
    fmt = rdf_format(Path(f"stdin.{stdin_format.lstrip('.')}") if stdin else path)
    data = read_bytes(Path(STDIN) if stdin else path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError(f"{path}: empty file (only whitespace)")
    if fmt == "xml" and _XML_DECLARATIONS.search(data):
        raise InputError(
            f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entities can read files, reach the network or expand without bound)"
        )
    if fmt == "json-ld":
        data, fmt = _jsonld_to_ntriples(path, data), "nt"
    try:
        triples = [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=_ox_formats()[fmt])]
    except SyntaxError as exc:
        raise InputError(_syntax_message(path, exc)) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot read: {(str(exc).splitlines() or [type(exc).__name__])[0]}") from None
    if not triples:
        raise InputError(f"{path}: no triples (only prefixes or comments)")
    screen_triples(path, triples)
    return to_rdflib(triples)


def _ox_formats() -> dict:
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "xml": ox.RdfFormat.RDF_XML,
    }


def read_rdf_files(paths, stdin_format: str = "ttl") -> Graph:
    """Parse several user files into one graph (``-``: standard input)."""
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        graph += read_rdf_file(path, stdin_format)
    return graph


# ---------------------------------------------------------------- JSON-LD contexts


def _jsonld_to_ntriples(path: Path, data: bytes) -> bytes:
    """JSON-LD → N-Triples with rdflib (contexts inlined, nesting bounded, rdflib's warnings muted)."""
    import logging

    from rdflib import Graph

    data = _inline_contexts(path, data)
    graph = Graph()
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        graph.parse(data=data, format="json-ld", publicID=_NO_BASE)
        out = graph.serialize(format="nt", encoding="utf-8")
    except (UnicodeError, RecursionError) as exc:
        raise InputError(
            f"{path}: JSON-LD cannot be read: {type(exc).__name__} (lone surrogate or deep nesting)"
        ) from None
    except Exception as exc:  # rdflib's JSON-LD processor raises many exception types
        raise InputError(
            f"{path}: JSON-LD cannot be read: {(str(exc).splitlines() or [type(exc).__name__])[0]}"
        ) from None
    finally:
        logger.setLevel(level)
    if _NO_BASE.encode() in out:
        raise InputError(f"{path}: relative IRI in JSON-LD: write full IRIs or CURIEs (celltxd:…)")
    return out


def json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text, found without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _inline_contexts(path: Path, data: bytes) -> bytes:
    """Replace the project's context reference by the inline prefix map; refuse remote contexts."""
    depth = json_depth(data)
    if depth > MAX_DEPTH:
        raise InputError(f"{path}: JSON nested {depth} deep; the limit is {MAX_DEPTH}")
    try:
        doc = json.loads(data.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: JSON syntax error: {exc.msg}") from None

    def context(value):
        if isinstance(value, str):
            if value == PROJECT_CONTEXT:
                from .serialize import jsonld_context

                return jsonld_context()["@context"]
            raise InputError(
                f"{path}: remote JSON-LD @context {value!r} refused: put the context inline "
                f"or use the project's {PROJECT_CONTEXT!r}"
            )
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

    try:
        return json.dumps(walk(doc), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{path}: JSON string with a lone surrogate (\\u{ord(exc.object[exc.start]):04x}); "
            "write the character itself"
        ) from None


# ---------------------------------------------------------------- errors and checks


def _syntax_message(path: Path, exc: SyntaxError) -> str:
    """``FILE:LINE:COLUMN: syntax error: WHY`` from pyoxigraph's SyntaxError."""
    why = (str(exc).strip().splitlines() or ["syntax error"])[0]
    why = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", why)
    why = re.sub(r"^Parser error at line \d+ column \d+: ", "", why)
    why = re.sub(r" \(line \d+\)$", "", why)
    if "No scheme found" in why:
        why = "relative or file: IRI: write full IRIs or CURIEs (celltxd:…) so the facts do not depend on where the file lies"
    match = re.match(r"The prefix (\S*?):? has not been declared", why)
    if match:
        why = f"unknown prefix {match.group(1)}: (declare it: @prefix {match.group(1)}: <…> .)"
    where = f"{path}:{exc.lineno}:{exc.offset}" if exc.lineno else str(path)
    return f"{where}: syntax error: {why}"


__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "json_depth",
    "PROJECT_CONTEXT",
    "read_rdf_file",
    "read_rdf_files",
    "rdf_format",
    "read_bytes",
]
