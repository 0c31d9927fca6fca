"""Tabular curation: empty templates, and filled-in TSV/CSV files turned into RDF.

The columns come from :mod:`celltx_kg.curate.columns`. Each row becomes the triples a curator
would write by hand in Turtle (blank nodes for evidence and held nodes), so a TSV row and the
equivalent Turtle give isomorphic graphs. :class:`Origins` remembers which row and column each
triple came from, so validation results can name them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError
from ..namespaces import CELLTX, CELLTXD, PREFIXES, SKOLEM, expand_curie
from .columns import EVIDENCE, KINDS, LOCAL_NAMESPACE, SEPARATOR, Column, Kind

if TYPE_CHECKING:
    from rdflib import Graph

#: File extension → delimiter.
TABLE_FORMATS = {".tsv": "\t", ".csv": ","}
TEMPLATE_FORMATS = ("tsv", "csv")

_CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_LOCAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_RANGE = re.compile(r"^\[?\s*(\d+)\s*[-–]\s*(\d+)\s*\]?$")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_EVIDENCE_SET = frozenset(EVIDENCE)


def is_table(path) -> bool:
    return Path(path).suffix.lower() in TABLE_FORMATS


def kind_named(name: str) -> Kind:
    if name not in KINDS:
        from ..suggest import did_you_mean

        raise UsageError(f"unknown kind {name!r} (one of {', '.join(KINDS)})" + did_you_mean(name, list(KINDS)))
    return KINDS[name]


def template(kind: str, fmt: str = "tsv") -> bytes:
    """An empty template: the header row of ``kind``'s columns."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n").writerow(
        c.name for c in kind_named(kind).all_columns
    )
    return out.getvalue().encode("utf-8")


def columns_markdown() -> str:
    """The column tables of docs/curation.md (a test keeps the document in step with this)."""
    lines = []
    for kind in KINDS.values():
        lines += [
            f"### {kind.name}",
            "",
            f"{kind.description[0].upper()}{kind.description[1:]}: `{kind.cls}`, one node per `{kind.id_column}`.",
            "",
            "| column | required | value | RDF | meaning |",
            "| --- | --- | --- | --- | --- |",
        ]
        for col in kind.all_columns:
            value = col.value + (" (several, `;`)" if col.many else "")
            rdf = (
                "node IRI"
                if col.value == "id"
                else (f"`{col.within} [ {col.predicate} … ]`" if col.within else f"`{col.predicate}`")
            )
            meaning = col.description + (f" (default: {col.default})" if col.default else "")
            lines.append(f"| `{col.name}` | {'yes' if col.required else ''} | {value} | {rdf} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- reading a filled-in table


@dataclass
class Origins:
    """Where the triples of a table came from: rows per node, columns per predicate."""

    path: Path
    kind: Kind
    rows: dict = field(default_factory=dict)  # node IRI → first row number
    evidence_rows: dict = field(default_factory=dict)  # (node IRI, locator, quote) → row number

    def locate(self, result, data: Graph) -> str | None:
        """``FILE, row N, column C`` for a validation result about a node of this table."""
        from rdflib import URIRef

        focus, predicate = result.focus, _simple_path(result.path)
        holder_predicate = None
        if isinstance(focus, URIRef) and str(focus).startswith(SKOLEM):
            holder = next(((s, p) for s, p in data.subject_predicates(focus) if not str(s).startswith(SKOLEM)), None)
            if holder is None:
                return None
            holder_predicate = str(holder[1])
            if holder_predicate == CELLTX + "hasEvidence":
                locator = next((str(o) for o in data.objects(focus, URIRef(CELLTX + "locator"))), "")
                quote = next((str(o) for o in data.objects(focus, URIRef(CELLTX + "quote"))), "")
                found = self.evidence_rows.get((str(holder[0]), locator, quote), self.rows.get(str(holder[0])))
                return self._where(found, self._column(None, predicate) or "quote")
            focus = holder[0]
        row = self.rows.get(str(focus))
        if row is None:
            return None
        within = holder_predicate
        column = self._column(within, predicate) if predicate else None
        held = within or predicate  # a result about the held node (receptor …), or about the link to it
        if column is None and held:
            column = next((c.name for c in self.kind.all_columns if _full(c.within) == held), None)
        if column is None and predicate == CELLTX + "hasEvidence":
            column = "quote"
        if column is None and predicate is None:  # a node shape (sh:or …): the one column its message names
            named = {
                c.name
                for c in self.kind.all_columns
                if c.value != "id"
                and not c.within
                and c.predicate != "a"
                and re.search(re.escape(c.predicate) + r"\b", result.messages.get("en", ""))
            }
            column = named.pop() if len(named) == 1 else None
        return self._where(row, column)

    def _column(self, within: str | None, predicate: str | None) -> str | None:
        for col in self.kind.all_columns:
            if col.value != "id" and _full(col.within) == within and _full(col.predicate) == predicate:
                return col.name
        return None

    def _where(self, row, column) -> str:
        text = f"{self.path}, row {row}"
        return text + (f", column {column}" if column else "")


def read_table(path) -> tuple[Graph, Origins]:
    """Read a filled-in template (.tsv or .csv) into a graph; an unusable file is an InputError
    naming the row and column."""
    from rdflib import RDF, BNode, Graph, URIRef

    from ..graph.ingest import read_bytes

    path = Path(path)
    delimiter = TABLE_FORMATS.get(path.suffix.lower())
    if delimiter is None:
        raise InputError(f"{path}: not a table (expected .tsv or .csv)")
    text = read_bytes(path).decode("utf-8").removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    if delimiter == "," and ";" in first_line and "," not in first_line:  # a spreadsheet's "CSV" in some locales
        delimiter = ";"
    try:
        raw_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise InputError(f"{path}: not a valid {path.suffix[1:].upper()} file: {exc}") from None
    rows = [(n, r) for n, r in enumerate(raw_rows, start=1) if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{path}: empty table")
    header_row, header_cells = rows[0]
    header = [h.strip() for h in header_cells]
    while header and not header[-1]:  # spreadsheets export empty trailing columns
        header.pop()
    kind = _kind_of(path, header)
    columns = []
    for number, name in enumerate(header, start=1):
        col = kind.column(name)
        if col is None:
            from ..suggest import did_you_mean

            raise InputError(
                f"{path}, row {header_row}, column {number}: unknown column {name!r} for a {kind.name} "
                f"(see: celltx-kg template {kind.name} --describe)"
                + did_you_mean(name, [c.name for c in kind.all_columns])
            )
        if col in columns:
            raise InputError(f"{path}, row {header_row}: column {name!r} appears twice")
        columns.append(col)
    graph = Graph()
    origins = Origins(path, kind)
    held: dict = {}
    data_rows = [(n, r) for n, r in rows[1:] if not r[0].lstrip().startswith("#")]
    if not data_rows:
        raise InputError(f"{path}: no rows below the header")
    for number, raw in data_rows:
        if len(raw) > len(columns) and any(c.strip() for c in raw[len(columns) :]):
            raise InputError(f"{path}, row {number}: {len(raw)} cells but {len(columns)} columns in the header")
        cells = {c.name: (raw[i].strip() if i < len(raw) else "") for i, c in enumerate(columns)}
        where = f"{path}, row {number}"
        ident = cells[kind.id_column]
        if not ident:
            raise InputError(f"{where}, column {kind.id_column}: empty: every row names its node")
        node = _term(ident, "iri", f"{where}, column {kind.id_column}")
        origins.rows.setdefault(str(node), number)
        types = [c for c in columns if c.predicate == "a" and not c.within and cells[c.name]]
        if not (kind.type_replaces_class and types):
            graph.add((node, RDF.type, URIRef(_iri(kind.cls))))
        evidence = {c.name: cells.get(c.name) or c.default or "" for c in EVIDENCE}
        for col in columns:
            value = cells[col.name]
            if col.value == "id" or not value or col in _EVIDENCE_SET:
                continue
            for obj in _objects(col, value, f"{where}, column {col.name}"):
                subject = node
                if col.within:
                    subject = held.setdefault((node, col.within), BNode())
                    graph.add((node, URIRef(_iri(col.within)), subject))
                predicate = RDF.type if col.predicate == "a" else URIRef(_iri(col.predicate))
                graph.add((subject, predicate, obj))
        if any(evidence.get(n) for n in ("locator", "quote", "references")):
            ev = BNode()
            graph.add((node, URIRef(CELLTX + "hasEvidence"), ev))
            graph.add((ev, RDF.type, URIRef(CELLTX + "Evidence")))
            for col in EVIDENCE:
                if evidence.get(col.name):
                    for obj in _objects(col, evidence[col.name], f"{where}, column {col.name}"):
                        graph.add((ev, URIRef(_iri(col.predicate)), obj))
            origins.evidence_rows[(str(node), evidence.get("locator", ""), evidence.get("quote", ""))] = number
    return graph, origins


def _kind_of(path: Path, header: list[str]) -> Kind:
    first = header[0] if header else ""
    for kind in KINDS.values():
        if first == kind.id_column:
            return kind
    ids = ", ".join(k.id_column for k in KINDS.values())
    raise InputError(
        f"{path}, row 1, column 1: the first column names the kind of fact ({ids}), found {first!r}; "
        "start from `celltx-kg template KIND`"
    )


def _objects(col: Column, value: str, where: str) -> list:
    from rdflib import Literal, URIRef

    # identifiers and numbers never hold ";": split them even where one value is expected, so
    # the shapes report "exactly one" for the row and column
    split = col.many or col.value in ("iri", "class", "unit", "integer", "decimal")
    values = [v.strip() for v in value.split(SEPARATOR)] if split else [value]
    out = []
    for text in (v for v in values if v):
        if col.value in ("iri", "class", "unit"):
            out.append(_term(text, col.value, where))
        elif col.value in ("en", "zh"):
            out.append(Literal(text, lang=col.value))
        elif col.value == "text":
            out.append(Literal(text))
        elif col.value == "quote":
            out.append(Literal(text, lang="zh" if _CJK.search(text) else "en"))
        elif col.value in ("integer", "decimal", "references"):
            out += _numbers(col, text, where)
        elif col.value == "boolean":
            if text.lower() not in ("true", "false"):
                raise InputError(f"{where}: {text!r} is not true or false")
            out.append(Literal(text.lower(), datatype=URIRef(PREFIXES["xsd"] + "boolean")))
        else:  # pragma: no cover - a column definition error
            raise AssertionError(col)
    return out


def _numbers(col: Column, text: str, where: str) -> list:
    from rdflib import XSD, Literal

    if col.value == "references":
        found = []
        for part in (p.strip() for p in re.split(r"[;,]", text)):
            match = _RANGE.match(part)
            if match and int(match.group(1)) <= int(match.group(2)):
                found += [
                    Literal(str(n), datatype=XSD.integer) for n in range(int(match.group(1)), int(match.group(2)) + 1)
                ]
            elif re.fullmatch(r"\[?\d+\]?", part):
                found.append(Literal(part.strip("[]"), datatype=XSD.integer))
            elif part:
                raise InputError(f"{where}: {part!r} is not a reference number (40; 41 or 17-19)")
        return found
    pattern = r"[+-]?\d+" if col.value == "integer" else r"[+-]?(\d+(\.\d*)?|\.\d+)"
    if not re.fullmatch(pattern, text):
        hint = " (a rate is a decimal in [0, 1]: 77% is 0.77)" if text.endswith("%") else ""
        raise InputError(f"{where}: {text!r} is not {'an integer' if col.value == 'integer' else 'a number'}{hint}")
    return [Literal(text, datatype=XSD.integer if col.value == "integer" else XSD.decimal)]


def _term(text: str, value: str, where: str):
    from rdflib import URIRef

    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if re.match(r"^https?://\S+$", text):
        return URIRef(text)
    if ":" in text:
        iri = expand_curie(text)
        if iri is None:
            raise InputError(f"{where}: {text!r}: unknown prefix (known: {', '.join(PREFIXES)})")
        return URIRef(iri)
    if not _LOCAL.match(text):
        raise InputError(
            f"{where}: {text!r} is not a local name (lower case, digits, hyphens: novartis, "
            "b-all), a CURIE (CL:0000084) or an IRI"
        )
    namespace = PREFIXES[LOCAL_NAMESPACE.get(value, "celltxd")] if value != "id" else CELLTXD
    return URIRef(namespace + text)


def _full(curie: str | None) -> str | None:
    if curie is None:
        return None
    if curie == "a":
        return _RDF_TYPE
    return expand_curie(curie)


def _iri(curie: str) -> str:
    iri = _full(curie)
    assert iri is not None, f"column definition: unknown prefix in {curie!r}"
    return iri


def _simple_path(path: str | None) -> str | None:
    if path and path.startswith("<") and path.endswith(">") and " " not in path:
        return path[1:-1]
    return None


__all__ = [
    "TABLE_FORMATS",
    "TEMPLATE_FORMATS",
    "Origins",
    "columns_markdown",
    "is_table",
    "kind_named",
    "read_table",
    "template",
]
