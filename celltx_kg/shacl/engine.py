"""SHACL over the graph: whole-graph (pySHACL's components set-at-a-time) or focused on chosen nodes
(pySHACL), and reading the report."""

from __future__ import annotations

import re
from contextlib import contextmanager

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import SH

from ..namespaces import shorten
from .bulk import with_focus
from .oxbridge import IRI, IndexedGraph, OxigraphQueries
from .report import SEVERITY_NAME, Result


def run_shacl(data: Graph, shapes, focus=None) -> Graph:
    """Validate ``data`` (which already holds the ontology); returns pySHACL's W3C report graph.

    The whole graph is validated by :mod:`.bulk` (the same report as pySHACL, in a fraction of the
    time), or by pySHACL itself for shapes graphs it does not take (SHACL rules, functions).
    With ``focus`` (a set of nodes), only those nodes are validated, by pySHACL: each shape's targets are
    computed here and replaced by ``sh:targetNode`` for the focus nodes among them. (pySHACL's
    own ``focus_nodes`` option also filters the value nodes of nested shapes — sh:or,
    sh:qualifiedValueShape — and then reports wrong results.) ``shapes`` is a graph or a
    :class:`FocusableShapes` prepared from one.
    """
    if focus is None:
        return _whole(data, shapes if isinstance(shapes, Graph) else shapes.original)
    data = data if isinstance(data, OxigraphQueries) else OxigraphQueries(data)
    if not focus:
        return _empty_report()
    shapes = shapes if isinstance(shapes, FocusableShapes) else FocusableShapes(shapes)
    with shapes.focused(data, focus) as focused:
        return _pyshacl(data, focused)


#: Warnings and notes do not make a node fail a nested shape (sh:or, sh:not …) nor the graph fail.
_ALLOW = {"allow_warnings": True, "allow_infos": True}


def _whole(data: Graph, shapes: Graph) -> Graph:
    from pyshacl.errors import ValidationFailure

    from .bulk import BulkValidator, TooDeep, supports

    if supports(shapes):
        try:
            return BulkValidator(shapes, **_ALLOW).validate(IndexedGraph(data))
        except TooDeep:
            pass  # a recursive shapes graph: pySHACL's own recursion checks apply
        except ValidationFailure as error:
            _broken(error)
    return _pyshacl(data if isinstance(data, OxigraphQueries) else OxigraphQueries(data), shapes)


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    import pyshacl

    _conforms, report_graph, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        **_ALLOW,  # type: ignore[arg-type]
    )
    if not isinstance(report_graph, Graph):  # pySHACL reports a broken shape this way
        _broken(report_graph)
    return report_graph


def _broken(error) -> None:
    from ..errors import CelltxError

    raise CelltxError(f"the SHACL shapes could not be applied: {str(error).splitlines()[0]}")


_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class FocusableShapes:
    """The shapes with their targets set aside, so that they can be pointed at chosen nodes."""

    def __init__(self, shapes: Graph):
        self.original = shapes
        self.graph = Graph()
        self.graph += ((s, p, o) for s, p, o in shapes if p not in _TARGETS)
        self.prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for d in shapes.objects(None, SH.declare)
        )
        self.targeted = sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str)

    @contextmanager
    def focused(self, data: OxigraphQueries, focus: set):
        """The shapes graph with each shape targeting the focus nodes it would target anyway."""
        nodes = sorted((n for n in focus if isinstance(n, URIRef)), key=str)
        values = "VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " }"
        added = [
            (shape, SH.targetNode, node)
            for shape in self.targeted
            for node in self._targets(data, shape, nodes, values)
        ]
        for triple in added:
            self.graph.add(triple)
        try:
            yield self.graph
        finally:
            for triple in added:
                self.graph.remove(triple)

    def _targets(self, data: OxigraphQueries, shape, nodes: list, values: str) -> set:
        """Which of ``nodes`` are focus nodes of ``shape``, as SHACL and SHACL-AF SPARQL targets say."""
        shapes = self.original
        found = set(shapes.objects(shape, SH.targetNode)) & set(nodes)
        patterns = [f"?this a/<{RDFS.subClassOf}>* <{c}>" for c in shapes.objects(shape, SH.targetClass)]
        patterns += [f"?this <{p}> ?any" for p in shapes.objects(shape, SH.targetSubjectsOf)]
        patterns += [f"?any <{p}> ?this" for p in shapes.objects(shape, SH.targetObjectsOf)]
        if patterns:
            union = " UNION ".join(f"{{ {p} }}" for p in patterns)
            found.update(
                row[Variable("this")]
                for row in data.query(f"SELECT DISTINCT ?this WHERE {{ {values} {union} }}").bindings
            )
        for target in shapes.objects(shape, SH.target):
            select = shapes.value(target, SH.select)
            if select is None:
                continue
            # A target with a subquery (evaluated whole, whatever ?this is) runs once for all the
            # nodes, their IRIs in a VALUES block; the others once per node, with ?this bound, where
            # the engine starts from the node.
            text = str(select)
            once = [n for n in nodes if IRI.match(n)] if len(re.findall(r"\bSELECT\b", text, re.I)) > 1 else []
            query = with_focus(_witnessed(text, once), once) if once else None
            if query is not None:
                found.update(row[Variable("this")] for row in data.query(self.prefixes + query).bindings)
            else:
                once = []
            for node in set(nodes) - set(once):
                pinned = _pinned(text, node)
                if data.has_answer(self.prefixes + (pinned or text), {} if pinned else {"this": node}):
                    found.add(node)
        return found


_HEAD = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?[?$]this\s+WHERE\b", re.I)
_MINUS = re.compile(r"\bMINUS\s*\{([^{}]*)\}", re.I)
_THIS = re.compile(r"[?$]this\b")


def _pinned(text: str, node) -> str | None:
    """The target query ``text`` as an ASK with ``node`` written in place of ``?this``, where that
    asks exactly whether ``node`` is one of its answers; otherwise ``None``.

    Bound as a substitution, ``?this`` is not bound inside MINUS, so the engine computes a MINUS
    block over the whole graph for every node; written in, the engine starts there from the node.
    It asks the same when the query has no subquery, no solution modifier and does not assign
    ``?this`` (VALUES, BIND), and each MINUS block still shares a variable with what precedes it,
    bound in every solution (no OPTIONAL or UNION beside a MINUS): MINUS removes only solutions
    it shares a variable with.
    """
    head = _HEAD.match(text)
    if head is None or not IRI.match(node) or len(re.findall(r"\bSELECT\b", text, re.I)) > 1:
        return None
    body = text[head.end() :]
    if re.search(r"\b(VALUES|GROUP|HAVING|ORDER|LIMIT|OFFSET)\b|\bAS\s+[?$]this\b", body, re.I):
        return None
    blocks = _MINUS.findall(body)
    if len(blocks) != len(re.findall(r"\bMINUS\b", body, re.I)):
        return None
    if blocks:
        if re.search(r"\b(OPTIONAL|UNION|GRAPH|SERVICE)\b", body, re.I):
            return None
        outside = set(_VARIABLE.findall(_MINUS.sub(" ", body))) - {"this"}
        if any(not (set(_VARIABLE.findall(block)) & outside) for block in blocks):
            return None
    return "ASK WHERE" + _THIS.sub(f"<{node}>", body)


_SUBQUERY = re.compile(r"\{\s*SELECT\s+DISTINCT\s+((?:[?$]\w+\s+)+)WHERE\s*\{([^{}]*)\}\s*\}", re.I)
_FILTER = re.compile(r"FILTER\s*\(([^()]|\([^()]*\))*\)", re.I)
_VARIABLE = re.compile(r"[?$](\w+)")


def _witnessed(text: str, nodes: list) -> str:
    """The target query ``text`` with its innermost subquery restricted to ``nodes``, where that is
    sure to leave its answers for ``nodes`` as they are; otherwise ``text``.

    That is so when the query ends by joining the subquery's answers with the same triple patterns
    the subquery matches, on ``?this`` instead of the subquery's one other variable ``?x`` (for
    instance ``{ SELECT DISTINCT ?a ?b WHERE { ?x a ?a , ?b . FILTER (…) } }`` … ``?this a ?a , ?b .``),
    the subquery's filters read its answer variables only, and no enclosing subquery limits or
    groups: every answer of the subquery that joins with a node of ``nodes`` is then found with
    ``?x`` being that node. The subquery otherwise runs over every node of the graph.
    """
    inner = _SUBQUERY.search(text)
    close = text.rfind("}")
    if inner is None or re.search(r"\b(LIMIT|OFFSET|GROUP|HAVING|OPTIONAL|MINUS)\b", text, re.I):
        return text
    answers = set(_VARIABLE.findall(inner.group(1)))
    body = inner.group(2)
    filters = [m.group(0) for m in _FILTER.finditer(body)]
    patterns = _FILTER.sub(" ", body)
    own = set(_VARIABLE.findall(patterns)) - answers
    if len(own) != 1 or any(not set(_VARIABLE.findall(f)) <= answers for f in filters):
        return text
    (node,) = own
    rest = text[text.rfind("}", 0, close) + 1 : close]  # the patterns after the last nested group
    if _words(re.sub(rf"[?$]{node}\b", "?this", patterns)) != _words(rest):
        return text
    block = f"VALUES ?{node} {{ " + " ".join(f"<{n}>" for n in nodes) + " }\n"
    return text[: inner.start(2)] + block + text[inner.start(2) :]


def _words(patterns: str) -> list:
    return re.sub(r"\$", "?", re.sub(r"\s+|\.\s*$", " ", patterns)).split()


def _empty_report() -> Graph:
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph


def mentioned_nodes(graph: Graph) -> set:
    """IRIs used as subject or object (predicates and classes-as-objects included, harmlessly)."""
    nodes = {s for s in graph.subjects() if isinstance(s, URIRef)}
    nodes.update(o for o in graph.objects() if isinstance(o, URIRef))
    return nodes


# ---------------------------------------------------------------- reading pySHACL's report


def report_results(report_graph: Graph) -> list:
    rows = []
    for node in report_graph.objects(None, SH.result):
        severity = SEVERITY_NAME.get(report_graph.value(node, SH.resultSeverity), "violation")  # type: ignore[call-overload]
        constraint = report_graph.value(node, SH.sourceConstraint)
        path = report_graph.value(node, SH.resultPath)
        rows.append(
            Result(
                severity=severity,
                focus=report_graph.value(node, SH.focusNode),  # type: ignore[arg-type]
                path=_path_text(report_graph, path) if path is not None else None,
                value=report_graph.value(node, SH.value),  # type: ignore[arg-type]
                messages=_messages(report_graph.objects(node, SH.resultMessage), constraint is not None),
                shape=report_graph.value(node, SH.sourceShape),  # type: ignore[arg-type]
                component=report_graph.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                constraint=constraint,  # type: ignore[arg-type]
                node=node,  # type: ignore[arg-type]
            )
        )
    return rows


def _messages(literals, sparql: bool) -> dict:
    """Messages by language, IRIs written as CURIEs.

    pySHACL drops the language tag of a SPARQL constraint's message when it fills in the
    variables, and adds the node shape's own messages after it; the untagged, filled-in messages
    are the specific ones, so they come first and their language is read from the script.
    """
    import re

    tagged, untagged = {}, {}  # type: ignore[var-annotated]
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
        return shorten(iri) + match.group(0)[len(iri) :]

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
