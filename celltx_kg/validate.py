"""Validate the graph, or new facts together with it, against the SHACL shapes (shapes/*.ttl).

- :func:`validate_graph` checks the whole curated graph (ontology + facts + derived types).
- :func:`validate_new` checks new facts merged into the curated graph and reports only the
  problems they bring: results about the nodes the new facts mention (or whose derived types
  they change) that the curated graph alone does not already have.
- :func:`validate_files` does the same for files on disk, loaded safely by :mod:`.rdfinput`.

A :class:`Report` renders as text for curators (one line per result, labels where known,
messages in English and Chinese), as JSON, or as the W3C SHACL validation report in Turtle.
``Report.conforms`` is true when no result has severity ``sh:Violation``: warnings and notes
are advice and do not block ``celltx-kg add``.

pySHACL runs each SPARQL-based constraint once per focus node, and rdflib's SPARQL engine takes
milliseconds per query (seconds for one query over the whole graph). The data graph handed to
pySHACL therefore answers SPARQL with pyoxigraph on a copy of its triples
(:class:`_OxigraphQueries`); core constraints still read the rdflib graph.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import SH
from rdflib.query import Result as _QueryResult

from .namespaces import PREFIXES, SKOLEM, bind_all, shorten

#: Severities from most to least serious, as the CLI names them.
SEVERITIES = ("violation", "warning", "info")
_SEVERITY_IRI = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
_SEVERITY_NAME = {v: k for k, v in _SEVERITY_IRI.items()}
_XSD_STRING = PREFIXES["xsd"] + "string"
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
        return (self.severity, self.focus, self.path, value, self.component,
                self.messages.get("en") or next(iter(self.messages.values()), ""))


@dataclass
class Report:
    """The results of one validation and what is needed to render them."""

    results: list = field(repr=False)
    data: Graph = field(repr=False)  # labels and holders of the reported nodes
    report_graph: Graph = field(repr=False)  # pySHACL's W3C report (may hold more than ``results``)
    files: list = field(default_factory=list)
    preexisting: list = field(default_factory=list, repr=False)  # results the curated graph already had

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def selected(self, min_severity: str = "warning") -> list:
        keep = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
        rows = [r for r in self.results if r.severity in keep]
        return sorted(rows, key=lambda r: (SEVERITIES.index(r.severity), self._sort_key(r.focus),
                                           r.path or "", str(r.value or ""), r.key()[-1]))

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
        lines = [self._line(r) for r in self.selected(min_severity)]
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
            holder = next(((s, p) for s, p in self.data.subject_predicates(node)
                           if not str(s).startswith(SKOLEM)), None)
            tag = str(node)[len(SKOLEM):][:8]
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
        return f"{text}: {' / '.join(messages)}"

    def _json_row(self, row: Result) -> dict:
        return {
            "severity": row.severity,
            "focusNode": _json_term(row.focus),
            "focusNodeLabel": self.display(row.focus),
            "resultPath": row.path[1:-1] if row.path and row.path.startswith("<") and row.path.endswith(">")
            and " " not in row.path else row.path,
            "value": _json_term(row.value),
            "valueLabel": self.display(row.value) if row.value is not None else None,
            "message": row.messages,
            "sourceShape": _json_term(row.shape) if isinstance(row.shape, URIRef) else None,
            "sourceConstraint": _json_term(row.constraint) if isinstance(row.constraint, URIRef) else None,
            "sourceConstraintComponent": _json_term(row.component),
        }

    def _sort_key(self, node) -> str:
        return self.display(node)


# ---------------------------------------------------------------- validation entry points


def validate_graph(graph: Graph | None = None, shapes: Graph | None = None) -> Report:
    """Validate the whole graph (default: the curated graph from the sources)."""
    from .build import load_graph, load_shapes

    graph = graph if graph is not None else load_graph()
    shapes = shapes if shapes is not None else load_shapes()
    report_graph = run_shacl(graph, shapes)
    return Report(_results(report_graph), graph, report_graph)


def validate_new(new: Graph, base: Graph | None = None, shapes: Graph | None = None, files=()) -> Report:
    """Validate new facts merged into ``base`` (default: the curated graph); report what they bring.

    Only the nodes the new facts mention, and the nodes whose derived types they change, are
    validated; results the curated graph already has for those nodes are set aside
    (``Report.preexisting``).
    """
    return FactsValidator(base, shapes).validate(new, files)


def validate_files(files, base: Graph | None = None, shapes: Graph | None = None) -> Report:
    """Load user files safely (any InputError propagates) and validate them with the graph."""
    from .rdfinput import load_files

    return validate_new(load_files(files), base, shapes, files=files)


class FactsValidator:
    """Validates sets of new facts, one after another, against the same base graph.

    It keeps a private copy of the base graph (and of its pyoxigraph twin); each
    :meth:`validate` adds the new facts to it, validates, and takes them out again, so checking
    many files costs one copy of the graph. Not safe to share between threads.
    """

    def __init__(self, base: Graph | None = None, shapes: Graph | None = None):
        from .build import load_graph, load_shapes

        base = base if base is not None else load_graph()
        self.shapes = _FocusableShapes(shapes if shapes is not None else load_shapes())
        graph = Graph()
        bind_all(graph)
        graph += base
        self._data = _OxigraphQueries(graph)

    def validate(self, new: Graph, files=()) -> Report:
        from .build import add_facts

        data = self._data
        added = add_facts(data, new)  # the rdflib graph only, to learn what changes
        focus = _mentioned_nodes(new) | _mentioned_nodes(added) | {s for s, p, _ in added if p == RDF.type}
        data.remove_all(added)
        existing = {n for n in focus if (n, None, None) in data or (None, None, n) in data}
        before = {r.key() for r in _results(run_shacl(data, self.shapes, existing))} if existing else set()
        data += added
        data.mirror(added, add=True)
        try:
            report_graph = run_shacl(data, self.shapes, focus)
            results = _results(report_graph)
            snapshot = _neighbourhood(data, focus | {r.value for r in results if r.value is not None})
        finally:
            data.remove_all(added)
            data.mirror(added, add=False)
        fresh = [r for r in results if r.key() not in before]
        old = [r for r in results if r.key() in before]
        return Report(fresh, snapshot, report_graph, files=list(files), preexisting=old)


def _neighbourhood(graph: Graph, nodes) -> Graph:
    """The triples about ``nodes`` and about the nodes that hold them: enough to label a report."""
    out = Graph()
    bind_all(out)
    for node in nodes:
        if isinstance(node, Literal):
            continue
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
        if str(node).startswith(SKOLEM):
            for s, p in graph.subject_predicates(node):
                out.add((s, p, node))
                out += ((s, RDFS.label, label) for label in graph.objects(s, RDFS.label))
    return out


def added_path(source) -> Path:
    """Where ``add`` puts a file: ``ontology/facts/added/<name>.ttl``, the name made safe."""
    import re

    from . import paths

    stem = re.sub(r"[^a-z0-9_]+", "-", Path(source).stem.lower()).strip("-") or "facts"
    return paths.facts_dir() / "added" / f"{stem}.ttl"


def add_file(source, base: Graph | None = None, shapes: Graph | None = None):
    """Validate ``source`` with the curated graph; if it conforms, add it to the curated sources.

    Returns ``(report, written_path)``; ``written_path`` is None when the facts do not conform.
    A Turtle file is copied byte for byte, other formats are written as Turtle with the project's
    prefixes. The file is staged beside its target, checked to parse back to the same triples and
    then hard-linked into place, which fails rather than replace an existing file; any failure
    removes the staging file, so the sources are left byte-identical.
    """
    from . import paths
    from .errors import InputError
    from .rdfinput import load_file, rdf_format

    source = Path(source)
    target = added_path(source)
    facts = paths.facts_dir().resolve()
    if source.resolve().is_relative_to(facts) and source.exists():
        raise InputError(f"{source}: already one of the curated sources in {paths.facts_dir()}")
    if target.exists():
        raise InputError(f"{target} already exists: rename {source.name} or remove the old file first")
    graph = load_file(source)
    report = validate_new(graph, base, shapes, files=[source])
    if not report.conforms:
        return report, None
    if rdf_format(source) == "turtle":
        data = source.read_bytes().removeprefix(b"\xef\xbb\xbf")
    else:
        out = Graph()
        bind_all(out)
        out += graph
        data = out.serialize(format="turtle", encoding="utf-8")
    _write_new_file(target, data, graph)
    return report, target


def _write_new_file(target, data: bytes, expected: Graph) -> None:
    """Create ``target`` with ``data`` atomically, never replacing a file; clean up on failure."""
    import os
    import tempfile

    from rdflib.compare import isomorphic

    from .errors import CelltxError, InputError

    created_dir = not target.parent.exists()
    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, staging = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".staging", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        check = Graph().parse(staging, format="turtle")
        if not isomorphic(check, expected):
            raise CelltxError(f"{target}: the written Turtle does not read back as the same triples; nothing added")
        try:
            os.link(staging, target)  # fails if target exists: no silent replacement
        except FileExistsError:
            raise InputError(f"{target} already exists: rename the file or remove the old one first") from None
    except OSError as exc:
        raise CelltxError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if staging is not None and os.path.exists(staging):
            os.unlink(staging)
        if created_dir and target.parent.exists() and not any(target.parent.iterdir()):
            target.parent.rmdir()


def run_shacl(data: Graph, shapes, focus=None) -> Graph:
    """pySHACL over ``data`` (which already holds the ontology); returns the W3C report graph.

    With ``focus`` (a set of nodes), only those nodes are validated: each shape's targets are
    computed here and replaced by ``sh:targetNode`` for the focus nodes among them. (pySHACL's
    own ``focus_nodes`` option also filters the value nodes of nested shapes — sh:or,
    sh:qualifiedValueShape — and then reports wrong results.) ``shapes`` is a graph or a
    :class:`_FocusableShapes` prepared from one.
    """
    data = data if isinstance(data, _OxigraphQueries) else _OxigraphQueries(data)
    if focus is None:
        return _pyshacl(data, shapes if isinstance(shapes, Graph) else shapes.original)
    if not focus:
        return _empty_report()
    shapes = shapes if isinstance(shapes, _FocusableShapes) else _FocusableShapes(shapes)
    with shapes.focused(data, focus) as focused:
        return _pyshacl(data, focused)


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    import pyshacl

    _conforms, report_graph, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=True,
        allow_warnings=True, allow_infos=True)
    if not isinstance(report_graph, Graph):  # pySHACL reports a broken shape this way
        from .errors import CelltxError

        raise CelltxError(f"the SHACL shapes could not be applied: {str(report_graph).splitlines()[0]}")
    return report_graph


_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class _FocusableShapes:
    """The shapes with their targets set aside, so that they can be pointed at chosen nodes."""

    def __init__(self, shapes: Graph):
        self.original = shapes
        self.graph = Graph()
        self.graph += ((s, p, o) for s, p, o in shapes if p not in _TARGETS)
        self.prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                                for d in shapes.objects(None, SH.declare))
        self.targeted = sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str)

    @contextmanager
    def focused(self, data: "_OxigraphQueries", focus: set):
        """The shapes graph with each shape targeting the focus nodes it would target anyway."""
        nodes = sorted((n for n in focus if isinstance(n, URIRef)), key=str)
        values = "VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " }"
        added = [(shape, SH.targetNode, node) for shape in self.targeted
                 for node in self._targets(data, shape, nodes, values)]
        for triple in added:
            self.graph.add(triple)
        try:
            yield self.graph
        finally:
            for triple in added:
                self.graph.remove(triple)

    def _targets(self, data: "_OxigraphQueries", shape, nodes: list, values: str) -> set:
        """Which of ``nodes`` are focus nodes of ``shape``, as SHACL and SHACL-AF SPARQL targets say."""
        shapes = self.original
        found = set(shapes.objects(shape, SH.targetNode)) & set(nodes)
        patterns = [f"?this a/<{RDFS.subClassOf}>* <{c}>" for c in shapes.objects(shape, SH.targetClass)]
        patterns += [f"?this <{p}> ?any" for p in shapes.objects(shape, SH.targetSubjectsOf)]
        patterns += [f"?any <{p}> ?this" for p in shapes.objects(shape, SH.targetObjectsOf)]
        if patterns:
            union = " UNION ".join(f"{{ {p} }}" for p in patterns)
            found.update(row[Variable("this")] for row in
                         data.query(f"SELECT DISTINCT ?this WHERE {{ {values} {union} }}").bindings)
        for target in shapes.objects(shape, SH.target):
            select = shapes.value(target, SH.select)
            if select is None:
                continue
            query = self.prefixes + str(select)
            for node in nodes:  # one query per node: the SELECT is evaluated with ?this bound
                if data.query(query, initBindings={"this": node}).bindings:
                    found.add(node)
        return found


def _empty_report() -> Graph:
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph


def _mentioned_nodes(graph: Graph) -> set:
    """IRIs used as subject or object (predicates and classes-as-objects included, harmlessly)."""
    nodes = {s for s in graph.subjects() if isinstance(s, URIRef)}
    nodes.update(o for o in graph.objects() if isinstance(o, URIRef))
    return nodes


# ---------------------------------------------------------------- reading pySHACL's report


def _results(report_graph: Graph) -> list:
    rows = []
    for node in report_graph.objects(None, SH.result):
        severity = _SEVERITY_NAME.get(report_graph.value(node, SH.resultSeverity), "violation")
        constraint = report_graph.value(node, SH.sourceConstraint)
        path = report_graph.value(node, SH.resultPath)
        rows.append(Result(
            severity=severity,
            focus=report_graph.value(node, SH.focusNode),
            path=_path_text(report_graph, path) if path is not None else None,
            value=report_graph.value(node, SH.value),
            messages=_messages(report_graph.objects(node, SH.resultMessage), constraint is not None),
            shape=report_graph.value(node, SH.sourceShape),
            component=report_graph.value(node, SH.sourceConstraintComponent),
            constraint=constraint,
            node=node,
        ))
    return rows


def _messages(literals, sparql: bool) -> dict:
    """Messages by language, IRIs written as CURIEs.

    pySHACL drops the language tag of a SPARQL constraint's message when it fills in the
    variables, and adds the node shape's own messages after it; the untagged, filled-in messages
    are the specific ones, so they come first and their language is read from the script.
    """
    import re

    tagged, untagged = {}, {}
    for literal in literals:
        text = str(literal)
        if isinstance(literal, Literal) and literal.language:
            tagged.setdefault(literal.language, text)
        else:
            text = _curies_in_text(text)
            untagged.setdefault("zh" if re.search("[\u4e00-\u9fff]", text) else "en", text)
    if sparql and untagged:
        return dict(sorted(untagged.items()))
    return dict(sorted({**untagged, **tagged}.items()))


def _curies_in_text(text: str) -> str:
    import re

    def replace(match):
        iri = match.group(0).rstrip(".:")
        return shorten(iri) + match.group(0)[len(iri):]

    return re.sub(r"https?://[A-Za-z0-9._~/#%+-]+", replace, text)


def _path_text(graph: Graph, path) -> str:
    """A SHACL path as SPARQL property-path text with full IRIs."""
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return f"<{path}>"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path_text(graph, inverse)}"
    for prop, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, prop)
        if inner is not None:
            return f"({_path_text(graph, inner)}){mark}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(graph, p) for p in Collection(graph, path))
    return str(path)


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
    if literal.datatype and str(literal.datatype) != _XSD_STRING:
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


# ---------------------------------------------------------------- SPARQL on pyoxigraph


class _OxigraphQueries(Graph):
    """A view of an rdflib graph (same store) whose SPARQL SELECT/ASK queries run on pyoxigraph.

    The triples are copied into an in-memory pyoxigraph store on the first query; later changes
    must go through :meth:`mirror` (pySHACL with ``inference="none"`` and no SHACL rules changes
    nothing). ``initBindings`` become pyoxigraph substitutions, which pre-bind ``$this`` as
    SHACL says.
    """

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
        self._ox_store = None
        self._terms: dict = {}

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None,
              use_store_provided=True, **kwargs):
        if not isinstance(query_object, str) or initNs or kwargs:
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        import pyoxigraph as ox

        substitutions = {ox.Variable(str(k)): self._to_ox(v) for k, v in (initBindings or {}).items()}
        answer = self._store().query(query_object, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            out = _QueryResult("ASK")
            out.askAnswer = bool(answer)
            return out
        if not isinstance(answer, ox.QuerySolutions):
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided)
        names = [v.value for v in answer.variables]
        out = _QueryResult("SELECT")
        out.vars = [Variable(n) for n in names]
        out.bindings = [{Variable(n): _from_ox(row[n]) for n in names if row[n] is not None} for row in answer]
        return out

    def mirror(self, triples, add: bool) -> None:
        """Apply a change already made to the rdflib graph to the pyoxigraph copy."""
        if self._ox_store is None:
            return
        import pyoxigraph as ox

        for s, p, o in triples:
            quad = ox.Quad(self._to_ox(s), self._to_ox(p), self._to_ox(o))
            if add:
                self._ox_store.add(quad)
            else:
                self._ox_store.remove(quad)

    def remove_all(self, triples) -> None:
        for triple in list(triples):
            self.remove(triple)

    def _store(self):
        if self._ox_store is None:
            import pyoxigraph as ox

            store = ox.Store()
            store.bulk_extend(ox.Quad(self._to_ox(s), self._to_ox(p), self._to_ox(o)) for s, p, o in self)
            self._ox_store = store
        return self._ox_store

    def _to_ox(self, term):
        converted = self._terms.get(term)
        if converted is None:
            import pyoxigraph as ox

            if isinstance(term, URIRef):
                converted = ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                converted = ox.BlankNode(str(term))
            elif term.language:
                converted = ox.Literal(str(term), language=term.language)
            elif term.datatype:
                converted = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            else:
                converted = ox.Literal(str(term))
            self._terms[term] = converted
        return converted


def _from_ox(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


__all__ = ["FactsValidator", "Report", "Result", "SEVERITIES", "add_file", "added_path", "run_shacl",
           "validate_files", "validate_graph", "validate_new"]
