"""Validation results and the report: text for curators, JSON, and the W3C SHACL validation report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from ..namespaces import PREFIXES, SKOLEM, bind_all, shorten

#: Severities from most to least serious, as the CLI names them.
SEVERITIES = ("violation", "warning", "info")
_SEVERITY_IRI = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
SEVERITY_NAME = {v: k for k, v in _SEVERITY_IRI.items()}
XSD_STRING = PREFIXES["xsd"] + "string"
_PLAIN_NUMBERS = (URIRef(PREFIXES["xsd"] + "integer"), URIRef(PREFIXES["xsd"] + "decimal"))


# ---------------------------------------------------------------- results and report


@dataclass(frozen=True)
class Result:
    """One validation result, with the terms as RDF nodes and the messages by language."""

    severity: str  # "violation" | "warning" | "info"
    focus: URIRef | BNode
    path: str | None  # SPARQL property path text with full IRIs, or None for node shapes
    value: URIRef | BNode | Literal | None
    messages: dict  # language → text
    shape: URIRef | BNode | None
    component: URIRef | None
    constraint: URIRef | BNode | None  # the SPARQL constraint, for SPARQL-based results
    node: BNode = field(compare=False, hash=False, repr=False)  # the result node in the report graph

    def key(self) -> tuple:
        """Identity across two validation runs (blank nodes of the report differ)."""
        value = self.value if not isinstance(self.value, BNode) else None
        return (
            self.severity,
            self.focus,
            self.path,
            value,
            self.component,
            self.messages.get("en") or next(iter(self.messages.values()), ""),
        )


@dataclass
class Report:
    """The results of one validation and what is needed to render them."""

    results: list = field(repr=False)
    data: Graph = field(repr=False)  # labels and holders of the reported nodes
    report_graph: Graph = field(repr=False)  # pySHACL's W3C report (may hold more than ``results``)
    files: list = field(default_factory=list)
    preexisting: list = field(default_factory=list, repr=False)  # results the curated graph already had
    focus: set = field(default_factory=set, repr=False)  # the nodes validated, for new facts (empty: all)
    #: ``locate(result) -> str | None``: where in the user's files a result comes from
    #: (``facts.tsv, row 3, column year`` for a table), shown before the result.
    locate: object = field(default=None, repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def selected(self, min_severity: str = "warning") -> list:
        keep = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
        rows = [r for r in self.results if r.severity in keep]
        return sorted(
            rows,
            key=lambda r: (
                SEVERITIES.index(r.severity),
                self._sort_key(r.focus),
                r.path or "",
                str(r.value or ""),
                r.key()[-1],
            ),
        )

    def summary(self, min_severity: str = "warning") -> str:
        """``N violations, M warnings in K nodes: conforms`` and what the chosen severity hides."""
        shown = self.selected(min_severity)
        parts = [_plural(self.count("violation"), "violation"), _plural(self.count("warning"), "warning")]
        if min_severity == "info":
            parts.append(_plural(self.count("info"), "note"))
        text = f"{', '.join(parts)} in {_plural(len({r.focus for r in shown}), 'node')}"
        text += ": conforms" if self.conforms else ": does not conform"
        hidden = []
        if min_severity == "violation" and self.count("warning"):
            hidden.append(_plural(self.count("warning"), "warning"))
        if min_severity != "info" and self.count("info"):
            hidden.append(_plural(self.count("info"), "note") + " (--severity info shows them)")
        keep = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
        old = sum(1 for r in self.preexisting if r.severity in keep)
        if old:
            hidden.append(f"{_plural(old, 'result')} the curated graph already has for these nodes")
        return text + (f" (not shown: {'; '.join(hidden)})" if hidden else "")

    # ---------------------------------------------------------------- renderings

    def text(self, min_severity: str = "warning") -> str:
        from ..output import terminal_safe

        lines = [terminal_safe(self._line(r)) for r in self.selected(min_severity)]
        return "\n".join([*lines, self.summary(min_severity)]) + "\n"

    def json(self, min_severity: str = "warning") -> str:
        rows = self.selected(min_severity)
        doc = {
            "conforms": self.conforms,
            "files": [str(f) for f in self.files],
            "violations": self.count("violation"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
            "nodes": len({r.focus for r in rows}),
            "preexisting": len(self.preexisting),
            "results": [self._json_row(r) for r in rows],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def turtle(self, min_severity: str = "warning") -> bytes:
        """The W3C SHACL validation report of the shown results (``sh:conforms``: no violation)."""
        out = Graph()
        bind_all(out)
        report = BNode()
        out.add((report, RDF.type, SH.ValidationReport))
        out.add((report, SH.conforms, Literal(self.conforms)))
        for row in self.selected(min_severity):
            out.add((report, SH.result, row.node))
            _copy_tree(self.report_graph, row.node, out)
            out.remove((row.node, SH.resultMessage, None))
            for lang, text in row.messages.items():
                out.add((row.node, SH.resultMessage, Literal(text, lang=lang)))
        return out.serialize(format="turtle", encoding="utf-8")

    # ---------------------------------------------------------------- display helpers

    def label(self, node) -> str | None:
        labels = list(self.data.objects(node, RDFS.label)) if not isinstance(node, Literal) else []
        for lang in ("en", None, "zh"):
            for label in labels:
                if isinstance(label, Literal) and (label.language == lang or lang is None):
                    return str(label)
        return None

    def display(self, node) -> str:
        """``label (curie)`` where a label is known; skolem nodes through the node holding them."""
        if node is None:
            return "—"
        if isinstance(node, Literal):
            return _literal_text(node)
        curie = shorten(str(node)) if isinstance(node, URIRef) else f"_:{node}"
        if isinstance(node, URIRef) and str(node).startswith(SKOLEM):
            holder = next(
                ((s, p) for s, p in self.data.subject_predicates(node) if not str(s).startswith(SKOLEM)), None
            )
            tag = str(node)[len(SKOLEM) :][:8]
            if holder is not None:
                return f"{self.display(holder[0])} › {shorten(str(holder[1]))} [{tag}]"
            return f"[{tag}]"
        label = self.label(node)
        return f"{label} ({curie})" if label and label != curie else curie

    def _path_display(self, path: str) -> str:
        if path.startswith("<") and path.endswith(">") and " " not in path:
            return shorten(path[1:-1])
        return _shorten_path(path)

    def _line(self, row: Result) -> str:
        """``[severity: ]focus  path  → value: message en / message zh`` (parts left out when absent)."""
        text = ("" if row.severity == "violation" else f"{row.severity}: ") + self.display(row.focus)
        if row.path:
            text += f"  {self._path_display(row.path)}"
        if row.value is not None:
            text += f"  → {self.display(row.value)}"
        messages = [row.messages[k] for k in ("en", "zh") if k in row.messages]
        messages += [v for k, v in sorted(row.messages.items()) if k not in ("en", "zh")]
        where = self.where(row)
        return f"{where + ': ' if where else ''}{text}: {' / '.join(messages)}"

    def where(self, row: Result) -> str | None:
        return self.locate(row) if callable(self.locate) else None

    def _json_row(self, row: Result) -> dict:
        return {
            "severity": row.severity,
            "focusNode": _json_term(row.focus),
            "focusNodeLabel": self.display(row.focus),
            "resultPath": row.path[1:-1]
            if row.path and row.path.startswith("<") and row.path.endswith(">") and " " not in row.path
            else row.path,
            "value": _json_term(row.value),
            "valueLabel": self.display(row.value) if row.value is not None else None,
            "message": row.messages,
            "sourceShape": _json_term(row.shape) if isinstance(row.shape, URIRef) else None,
            "sourceConstraint": _json_term(row.constraint) if isinstance(row.constraint, URIRef) else None,
            "sourceConstraintComponent": _json_term(row.component),
            "location": self.where(row),
        }

    def _sort_key(self, node) -> str:
        return self.display(node)


def _shorten_path(text: str) -> str:
    import re

    return re.sub(r"<([^>]+)>", lambda m: shorten(m.group(1)), text)


def _copy_tree(source: Graph, node, out: Graph) -> None:
    """Copy ``node``'s triples and those of the blank nodes it reaches."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            out.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _literal_text(literal: Literal) -> str:
    text = str(literal)
    if len(text) > 60:
        text = text[:57] + "…"
    text = json.dumps(text, ensure_ascii=False)
    if literal.language:
        return f"{text}@{literal.language}"
    if literal.datatype in _PLAIN_NUMBERS:  # written as Turtle writes them: 62, 0.77
        return str(literal)
    if literal.datatype and str(literal.datatype) != XSD_STRING:
        return f"{text}^^{shorten(str(literal.datatype))}"
    return text


def _json_term(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        out = {"@value": str(term)}
        if term.language:
            out["@language"] = term.language
        elif term.datatype:
            out["@type"] = str(term.datatype)
        return out
    return str(term) if isinstance(term, URIRef) else f"_:{term}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
