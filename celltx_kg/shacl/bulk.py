"""Whole-graph validation with pySHACL's own constraint components, run set-at-a-time.

pySHACL validates a shape one focus node at a time and, inside ``sh:property``, ``sh:or``,
``sh:not`` and ``sh:qualifiedValueShape``, one value node at a time, reading the shape again each
time; a SPARQL-based constraint is one query per focus node. Here each shape is evaluated once
over all its focus nodes:

- targets and value nodes come from pySHACL's own functions, reading an :class:`IndexedGraph`;
- the components that check values (``sh:class``, ``sh:datatype``, ``sh:pattern``,
  ``sh:minInclusive`` …) are pySHACL's classes, called once with every focus node;
- a nested shape is checked once on all the value nodes that need it, and remembered;
- a SPARQL-based constraint is one query, the focus nodes in a ``VALUES`` block, when its text
  allows it (one SELECT that projects ``$this``, no OPTIONAL, MINUS, BIND, subquery, GROUP BY or
  LIMIT, whose meaning a block of bindings could change); otherwise one query per focus node.

Results are made by pySHACL's ``make_v_result`` and the report by its ``create_validation_report``,
and a node conforms to a nested shape exactly when pySHACL with the same ``allow_warnings`` and
``allow_infos`` says so, so the report is pySHACL's. Shapes graphs with SHACL rules, functions or JavaScript are not
taken: :func:`supports` says so and the caller runs pySHACL itself.
"""

from __future__ import annotations

import re

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from .oxbridge import IRI

_UNSUPPORTED = (SH.rule, SH.js, SH.jsFunctionName, SH.jsLibrary)
_UNSUPPORTED_TYPES = (SH.SPARQLFunction, SH.JSFunction, SH.SPARQLRule, SH.TripleRule, SH.JSRule)
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_PROJECTION = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\bWHERE\b", re.I | re.S)
_NOT_IN_BULK = re.compile(r"\b(OPTIONAL|MINUS|BIND|VALUES|SERVICE|GRAPH|GROUP|HAVING|LIMIT|OFFSET|ORDER)\b", re.I)


class TooDeep(Exception):
    """Nested shapes deeper than pySHACL follows (a recursive shapes graph): run pySHACL instead."""


def supports(shapes: Graph) -> bool:
    """Whether the shapes graph uses only what this module evaluates (no rules, functions, JavaScript)."""
    if any((None, p, None) in shapes for p in _UNSUPPORTED):
        return False
    return not any((None, RDF.type, t) in shapes for t in _UNSUPPORTED_TYPES)


class BulkValidator:
    """pySHACL's shapes of one shapes graph, evaluated over a whole data graph at a time."""

    def __init__(self, shapes: Graph, allow_warnings: bool = False, allow_infos: bool = False):
        from pyshacl.pytypes import SHACLExecutor
        from pyshacl.shapes_graph import ShapesGraph
        from pyshacl.target import apply_target_types, gather_target_types

        self.sg = ShapesGraph(shapes)
        self.shapes = list(self.sg.shapes)
        for shape in self.shapes:  # SHACL-AF targets (sh:target [ a sh:SPARQLTarget ]), as advanced=True does
            shape.set_advanced(True)
        apply_target_types(gather_target_types(self.sg))
        self.executor = SHACLExecutor(advanced_mode=True, allow_infos=allow_infos, allow_warnings=allow_warnings)
        #: severities whose results do not make a node fail a nested shape
        self.allowed = frozenset(
            ([SH.Info] if allow_infos or allow_warnings else []) + ([SH.Warning] if allow_warnings else [])
        )
        self._components: dict = {}

    def validate(self, data) -> Graph:
        """The W3C validation report of ``data`` (an :class:`~.oxbridge.IndexedGraph`), as pySHACL makes it."""
        from pyshacl.validator import Validator

        run = _Run(self, data)
        reports, conforms = [], True
        for shape in self.shapes:
            if shape.deactivated:
                continue
            focus = list(shape.focus_nodes(data))
            if not focus:
                continue
            outcome = run.evaluate(shape, focus, 0)
            reports.extend(outcome.reports)
            conforms = conforms and not outcome.shape_fails
        report_graph, _text = Validator.create_validation_report(self.sg, conforms, reports)
        return report_graph

    def components(self, shape) -> list:
        """The constraint component classes of ``shape``, in the order pySHACL finds them."""
        found = self._components.get(shape.node)
        if found is None:
            from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
            from pyshacl.constraints.advanced import ExpressionConstraint, SH_expression

            mapping = {**CONSTRAINT_PARAMETERS_MAP, SH_expression: ExpressionConstraint}
            parameters = {*ALL_CONSTRAINT_PARAMETERS, SH_expression}
            found = []
            for p, _o in self.sg.predicate_objects(shape.node):
                if p in parameters and mapping[p] not in found:
                    found.append(mapping[p])
            self._components[shape.node] = found
        return found


class _Outcome:
    """What evaluating one shape over a list of focus nodes gives."""

    __slots__ = ("reports", "failing", "shape_fails")

    def __init__(self):
        self.reports: list = []
        self.failing: set = set()  # focus nodes that do not conform to the shape
        self.shape_fails = False  # whether pySHACL would call the shape non-conforming over all of them


class _Run:
    """One validation: the data, and which nodes fail which nested shapes (remembered)."""

    def __init__(self, validator: BulkValidator, data):
        self.v = validator
        self.data = data
        self.failing: dict = {}  # shape node -> (nodes checked, nodes failing)

    def evaluate(self, shape, focus: list, depth: int, keep: bool = True) -> _Outcome:
        """pySHACL's ``Shape.validate`` over many focus nodes at once.

        pySHACL calls a shape non-conforming when one of its constraints is, and a report of that
        constraint has a severity that is not allowed, unless the shape's own severity is allowed.
        Without ``keep`` (a nested shape, whose reports pySHACL drops), the reports carry only their
        focus node and severity.
        """
        from pyshacl.constraints.core.logical_constraints import NotConstraintComponent, OrConstraintComponent
        from pyshacl.constraints.core.shape_based_constraints import (
            PropertyConstraintComponent,
            QualifiedValueShapeConstraintComponent,
        )
        from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
        from pyshacl.errors import ConstraintLoadWarning

        out = _Outcome()
        if shape.deactivated:
            return out
        if depth >= self.v.executor.max_validation_depth:
            raise TooDeep(str(shape.node))
        path = shape.path() if shape.is_property_shape else None
        if isinstance(path, URIRef):  # what value_nodes gives, from the index in one pass (as tuples:
            objects = self.data.objects_by_subject(path)  # no duplicates, and literals hash slowly)
            values = {f: tuple(objects.get(f, ())) for f in focus}
        else:
            values = shape.value_nodes(self.data, focus)
        strict = shape.severity not in self.v.allowed
        for cls in self.v.components(shape):
            try:
                component = cls(shape)
            except ConstraintLoadWarning:
                continue  # pySHACL logs these and goes on
            if not keep:
                component.make_v_result = _bare(shape.severity)
            if isinstance(component, PropertyConstraintComponent):
                nonconforming, severe = self._property(component, values, depth, out.reports, keep)
            else:
                if isinstance(component, OrConstraintComponent):
                    reports = self._or(component, values, depth)
                elif isinstance(component, NotConstraintComponent):
                    reports = self._not(component, values, depth)
                elif isinstance(component, QualifiedValueShapeConstraintComponent) and not component.is_disjoint:
                    reports = self._qualified(component, values, depth)
                elif isinstance(component, SPARQLBasedConstraint):
                    reports = self._sparql(component, values)
                else:
                    _ok, reports = component.evaluate(self.v.executor, self.data, values, [shape, component])
                out.reports.extend(reports)
                nonconforming = {_focus(r) for r in reports}
                severe = {_focus(r) for r in reports if _severity(r) not in self.v.allowed}
            if strict:
                out.failing |= nonconforming & severe
                out.shape_fails = out.shape_fails or bool(nonconforming and severe)
        for custom in shape.find_custom_constraints():
            validator = custom.make_validator_for_shape(shape)
            ok, reports = validator.evaluate(self.v.executor, self.data, values, [shape, validator])
            out.reports.extend(reports)
            failing = {_focus(r) for r in reports}
            out.failing |= failing
            out.shape_fails = out.shape_fails or not ok
        return out

    def fails(self, shape, nodes: set, depth: int) -> set:
        """Which of ``nodes`` do not conform to ``shape`` (a nested shape: its reports are dropped)."""
        checked, failing = self.failing.setdefault(shape.node, (set(), set()))
        todo = [n for n in nodes if n not in checked]
        if todo:
            failing |= self.evaluate(shape, todo, depth + 1, keep=False).failing
            checked.update(todo)
        return failing

    def _other(self, component, node):
        from pyshacl.errors import ReportableRuntimeError

        shape = component.shape.get_other_shape(node)
        if not shape:
            raise ReportableRuntimeError(f"Shape {node} referenced by {component.constraint_name()} does not exist.")
        return shape

    def _property(self, component, values: dict, depth: int, reports: list, keep: bool) -> tuple:
        """sh:property: the property shapes over every value node; a focus node answers for its values."""
        nonconforming: set = set()
        severe: set = set()
        nodes = {v for vs in values.values() for v in vs}
        if not nodes:
            return nonconforming, severe
        for node in component.property_shapes:
            if component.shape.sg.is_filtered_out_shape(node):
                continue
            prop = self._other(component, node)
            inner = self.evaluate(prop, list(nodes), depth + 1, keep)
            reports.extend(inner.reports)
            bad = {_focus(r) for r in inner.reports if _severity(r) not in self.v.allowed}
            for f, vs in values.items():
                if not inner.failing.isdisjoint(vs):
                    nonconforming.add(f)
                if not bad.isdisjoint(vs):
                    severe.add(f)
        return nonconforming, severe

    def _or(self, component, values: dict, depth: int) -> list:
        reports = []
        nodes = {v for vs in values.values() for v in vs}
        for head in component.or_list:
            members = [
                self._other(component, m)
                for m in set(component.shape.sg.graph.items(head))
                if not component.shape.sg.is_filtered_out_shape(m)
            ]
            if not members:
                continue
            failing = [self.fails(m, nodes, depth) for m in members]
            for f, vs in values.items():
                for v in vs:
                    if all(v in fs for fs in failing):
                        reports.append(component.make_v_result(self.data, f, value_node=v))
        return reports

    def _not(self, component, values: dict, depth: int) -> list:
        reports = []
        nodes = {v for vs in values.values() for v in vs}
        for node in component.not_list:
            if component.shape.sg.is_filtered_out_shape(node):
                continue
            failing = self.fails(self._other(component, node), nodes, depth)
            for f, vs in values.items():
                for v in vs:
                    if v not in failing:
                        reports.append(component.make_v_result(self.data, f, value_node=v))
        return reports

    def _qualified(self, component, values: dict, depth: int) -> list:
        reports: list = []
        nodes = {v for vs in values.values() for v in vs}
        if not nodes and (component.min_count is None or component.min_count < 1):
            return reports
        for node in component.value_shapes:
            if component.shape.sg.is_filtered_out_shape(node):
                continue
            failing = self.fails(self._other(component, node), nodes, depth)
            for f, vs in values.items():
                count = sum(1 for v in vs if v not in failing)
                if component.max_count is not None and count > component.max_count:
                    reports.append(
                        component.make_v_result(
                            self.data, f, constraint_component=SH.QualifiedMaxCountConstraintComponent
                        )
                    )
                if component.min_count is not None and count < component.min_count:
                    reports.append(
                        component.make_v_result(
                            self.data, f, constraint_component=SH.QualifiedMinCountConstraintComponent
                        )
                    )
        return reports

    def _sparql(self, component, values: dict) -> list:
        """sh:sparql as pySHACL runs it (``SPARQLConstraintComponent._evaluate_sparql_constraint``),
        each query answered for all focus nodes at once where its text allows."""
        reports = []
        focus = list(values)
        for helper in component.sparql_constraints:
            if helper.deactivated:
                continue
            bindings, text = helper.pre_bind_variables(focus[0])
            rows = self._sparql_rows(helper, text, bindings, focus)
            kwargs = {"source_constraint": helper.node, "extra_messages": helper.messages or None}
            node_shape = not component.shape.is_property_shape
            for f in focus:
                default = f if node_shape else None  # pySHACL's value for a result without ?value
                for found in _violations(rows.get(f, ())):
                    if len(found) == 2:
                        reports.append(
                            component.make_v_result(self.data, f, value_node=default, bound_vars=found[1], **kwargs)
                        )
                        continue
                    t, p, v, extra = found
                    v = default if v is None else v
                    reports.append(
                        component.make_v_result(
                            self.data, t or f, value_node=v, result_path=p, bound_vars=(t, p, v, extra), **kwargs
                        )
                    )
        return reports

    def _sparql_rows(self, helper, text: str, bindings: dict, focus: list) -> dict:
        """Each focus node's solutions, as dictionaries of variable name to term."""
        others = {k: v for k, v in bindings.items() if k != "this"}
        if "this" not in bindings:  # the same solutions for every focus node
            rows = _rows(self.data.query(helper.apply_prefixes(text), initBindings=others))
            return dict.fromkeys(focus, rows)
        out: dict = {}
        bulk = [f for f in focus if isinstance(f, URIRef) and IRI.match(f)] if _bulk_ready(text) else []
        if bulk:
            query = with_focus(text, bulk)
            assert query is not None  # _bulk_ready checked it
            for row in _rows(self.data.query(helper.apply_prefixes(query), initBindings=others)):
                out.setdefault(row.get("this"), []).append(row)
        done = set(bulk)
        for f in focus:
            if f not in done:
                query = helper.apply_prefixes(text)
                out[f] = _rows(self.data.query(query, initBindings={**bindings, "this": f}))
        return out


def with_focus(text: str, nodes: list) -> str | None:
    """The SELECT ``text`` with ``VALUES ?this { nodes }`` at the top of its WHERE clause (IRIs only),
    or None when it has no ``WHERE {``."""
    where = _WHERE.search(text)
    if where is None:
        return None
    block = "VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " }\n"
    return text[: where.end()] + block + text[where.end() :]


def _bulk_ready(text: str) -> bool:
    """Whether a VALUES block of focus nodes at the top of the WHERE clause means the same as
    binding ``$this`` to each in turn."""
    projection = _PROJECTION.match(text)
    if projection is None or _WHERE.search(text) is None or len(re.findall(r"\bSELECT\b", text, re.I)) != 1:
        return False
    if _NOT_IN_BULK.search(text):
        return False
    return bool(re.search(r"[?$]this\b|\*", projection.group(1)))


def _rows(result) -> list:
    return [{str(k): v for k, v in row.items()} for row in result.bindings]


def _violations(rows) -> list:
    """The solutions as pySHACL turns them into results (``_validate_sparql_query``)."""
    violations: list = []
    failure_seen = False
    for row in rows:
        extra = dict(row)
        if extra.pop("failure", None) is not None:
            if not failure_seen:
                violations.append((True, extra))
                failure_seen = True
            continue
        p, v, t = extra.pop("path", None), extra.pop("value", None), extra.pop("this", None)
        if (p is not None or v is not None or t is not None) and (t, p, v, extra) not in violations:
            violations.append((t, p, v, extra))
    return violations


def _bare(severity):
    """A stand-in for ``make_v_result`` where only a result's focus node and severity are read."""

    def make_v_result(datagraph, focus_node, *args, **kwargs):
        return None, None, ((None, SH.focusNode, (None, focus_node)), (None, SH.resultSeverity, severity))

    return make_v_result


def _focus(report):
    return next(o[1] for _s, p, o in report[2] if p == SH.focusNode)


def _severity(report):
    return next(o for _s, p, o in report[2] if p == SH.resultSeverity)
