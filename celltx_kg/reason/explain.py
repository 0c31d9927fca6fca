"""Explaining an inconsistency: a plain diagnosis a reader can check, and Pellet's justification."""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from ..errors import ReasonerError
from ..namespaces import CELLTXD, SKOLEM, shorten
from .java import check_java, owlready2_dir
from .prepare import (
    Prepared,
    declared_schema,
    functional_values,
    literal_text,
    numeric_value,
    sorted_ntriples,
)
from .process import Deadline, run_killable
from .result import Problem
from .terms import OWL, OWL_THING, RDF, RDF_TYPE, RDFS, XSD


def pellet_justification(
    prepared: Prepared, graph, deadline: Deadline, memory: int, suspects=()
) -> tuple[Problem | None, str]:
    """Pellet's justification of the inconsistency: a minimal set of axioms that contradict.

    Tried first on the module around the suspects the diagnosis named (small, so fast), then on
    the whole graph. Returns the problem (or None) and a note when no justification was found.
    """
    try:
        java = check_java("pellet")
    except ReasonerError as exc:
        return None, f"no justification: {exc}"
    jars = sorted(str(p) for p in (owlready2_dir() / "pellet").glob("*.jar"))
    inputs = [prepared.module(suspects)] if suspects else []
    inputs.append(prepared.graph)
    with tempfile.TemporaryDirectory(prefix="celltx-explain-") as tmp:
        for n, data in enumerate(variant for part in inputs for variant in _pellet_inputs(part)):
            path = Path(tmp) / f"input{n}.nt"
            path.write_bytes(data)
            command = [
                java.executable,
                f"-Xmx{memory}M",
                "-cp",
                os.pathsep.join(jars),
                "pellet.Pellet",
                "explain",
                "--ignore-imports",
                "--inconsistent",
                str(path),
            ]
            try:
                done = run_killable(command, deadline, "Pellet's explanation")
            except ReasonerError as exc:
                return None, f"no justification: {exc}"
            text = done.stdout.decode("utf-8", "replace")
            if done.returncode == 0 and "Explanation(s):" in text:
                problem = _parse_justification(text, graph)
                if problem is not None:
                    return problem, ""
    return None, "no justification: Pellet's explain found none"


_W3C = (RDF, RDFS, OWL, XSD)


def _pellet_inputs(part) -> list[bytes]:
    """``part`` as N-Triples, then the same with skolemised nodes named by their hash alone: Pellet's
    explanation search stops with a NullPointerException on some inputs, depending on how their
    IRIs sort; another spelling of the same axioms usually gets through."""
    data = sorted_ntriples(part)
    renamed = data.replace(f"<{SKOLEM}".encode(), f"<{CELLTXD}".encode())
    return [data, renamed] if renamed != data else [data]


def _local_names(graph) -> dict[str, str]:
    """Local name (as Pellet prints it) -> IRI, for the IRIs of the graph outside the W3C vocabularies."""
    from rdflib import URIRef

    names: dict[str, str] = {}
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and not str(node).startswith(_W3C):
                local = re.split(r"[/#]", str(node))[-1]
                names.setdefault(local, str(node))
                if str(node).startswith(SKOLEM):  # as _pellet_inputs renames it
                    names.setdefault(str(node)[len(SKOLEM) :], str(node))
    return names


def _parse_justification(text: str, graph) -> Problem | None:
    """Parse ``pellet explain`` output: ``1)   axiom`` then one axiom per 5-space-indented line;
    deeper-indented lines continue the axiom above."""
    body = text.split("Explanation(s):", 1)[1]
    axioms: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        first = re.match(r"^\d+\)\s+(.*)$", line)
        indent = len(line) - len(line.lstrip())
        if first:
            axioms.append(first.group(1).strip())
        elif axioms and indent > 5:
            axioms[-1] += " " + line.strip()
        else:
            axioms.append(line.strip())
    if not axioms:
        return None
    names = _local_names(graph)
    schema = declared_schema(graph)
    token_re = re.compile(r"[^\s(),]+")
    tokens_of = [token_re.findall(a) for a in axioms]
    mentioned = {t for a, ts in zip(axioms, tokens_of, strict=False) if not a.startswith("DisjointClasses") for t in ts}
    individuals, classes, properties, rendered = set(), set(), set(), []
    for axiom, tokens in zip(axioms, tokens_of, strict=False):
        shown = token_re.sub(lambda m: _curie_token(m.group(0), names), axiom)
        if axiom.startswith("DisjointClasses") and len(tokens) > 5:
            # A long DisjointClasses axiom is shown with the members the other axioms mention.
            kept = [t for t in tokens[1:] if t in mentioned]
            shown = (
                f"DisjointClasses({' '.join(_curie_token(t, names) for t in kept)} … {len(tokens) - 1} classes in all)"
            )
            tokens = tokens[:1] + kept
        for token in tokens:
            iri = names.get(token)
            if iri is None:
                continue
            if iri in schema["classes"]:
                classes.add(iri)
            elif iri in schema["object"] or iri in schema["data"]:
                properties.add(iri)
            elif iri not in schema["annotation"]:
                individuals.add(iri)
        rendered.append(shown)
    return Problem(
        "justification",
        "Pellet's justification (the axioms that together contradict each other):",
        sorted(individuals),
        sorted(classes),
        sorted(properties),
        rendered,
    )


def _curie_token(token: str, names: dict[str, str]) -> str:
    iri = names.get(token)
    return display(iri) if iri else token


def display(iri: str, graph=None) -> str:
    """A CURIE (a skolemised node too: ``celltxd:node-<hash>``)."""
    return shorten(iri)


def _as_a(classes: list[str]) -> str:
    return f" (a {', '.join(shorten(c) for c in classes)})" if classes else ""


_INTEGER_TYPES = {
    XSD + n
    for n in (
        "integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
        "unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}
_BOUNDS = {
    XSD + "positiveInteger": (1, None),
    XSD + "nonNegativeInteger": (0, None),
    XSD + "negativeInteger": (None, -1),
    XSD + "nonPositiveInteger": (None, 0),
}


def _in_datatype(lit, datatype: str) -> bool | None:
    """Whether a literal is in a datatype's value space; None when this check does not know."""
    dt = str(lit.datatype) if lit.datatype else None
    if datatype == XSD + "string":
        return lit.language is None and dt in (None, XSD + "string")
    if datatype in _INTEGER_TYPES or datatype == XSD + "decimal":
        if dt not in _INTEGER_TYPES | {XSD + "decimal"}:
            return False
        value = numeric_value(lit)
        if value is None:
            return False  # ill-typed lexical form
        if datatype == XSD + "decimal":
            return True
        if value != int(value):
            return False
        low, high = _BOUNDS.get(datatype, (None, None))
        return (low is None or value >= low) and (high is None or value <= high)
    return None


def diagnose(graph) -> list[Problem]:
    """Contradictions a reader can check: disjoint types, two values of a functional property
    (each IRI names a different thing), a data value outside its range."""
    facts = _Facts(graph)
    return [*facts.disjoint_types(), *facts.functional_clashes(), *facts.values_outside_range()]


class _Facts:
    """The graph's schema tables, and where each type of each individual comes from."""

    def __init__(self, graph):
        from rdflib import OWL as O
        from rdflib import RDFS as RS
        from rdflib import URIRef
        from rdflib.collection import Collection

        self.graph = graph
        self.schema = declared_schema(graph)
        self.supers: dict[str, set[str]] = defaultdict(set)
        for a, b in graph.subject_objects(RS.subClassOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                self.supers[str(a)].add(str(b))
        self.disjoint: set[tuple[str, str]] = set()
        for a, b in graph.subject_objects(O.disjointWith):
            self.disjoint |= {(str(a), str(b)), (str(b), str(a))}
        for node in graph.subjects(URIRef(RDF_TYPE), O.AllDisjointClasses):
            members = [str(m) for m in Collection(graph, graph.value(node, O.members))]
            self.disjoint |= {(a, b) for a in members for b in members if a != b}
        self.domains, self.ranges = self._bounds(RS.domain), self._bounds(RS.range)
        self.inverse: dict[str, str] = {}
        for p, q in graph.subject_objects(O.inverseOf):
            self.inverse[str(p)], self.inverse[str(q)] = str(q), str(p)
        self.reasons = self._type_reasons()

    def _bounds(self, which) -> dict[str, set[str]]:
        from rdflib import URIRef

        out: dict[str, set[str]] = defaultdict(set)
        for p, c in self.graph.subject_objects(which):
            if isinstance(c, URIRef) and str(c) != OWL_THING:
                out[str(p)].add(str(c))
        return out

    def ancestors(self, cls: str) -> list[str]:
        seen, todo = [cls], [cls]
        while todo:
            for nxt in sorted(self.supers.get(todo.pop(), ())):
                if nxt not in seen:
                    seen.append(nxt)
                    todo.append(nxt)
        return seen

    def _type_reasons(self) -> dict[str, dict[str, tuple[str, str | None]]]:
        """individual → class → (why it has that type, the other individual of the link)."""
        from rdflib import Graph, URIRef

        reasons: dict[str, dict[str, tuple[str, str | None]]] = defaultdict(dict)
        for s, c in self.graph.subject_objects(URIRef(RDF_TYPE)):
            if isinstance(s, URIRef) and isinstance(c, URIRef) and str(c) in self.schema["classes"]:
                reasons[str(s)].setdefault(str(c), ("asserted", None))
        for s, p, o in self.graph:
            if str(p) in self.schema["object"] or str(p) in self.schema["data"]:
                self._reasons_of_link(reasons, s, str(p), o)
        typed = Graph()
        for s, cs in reasons.items():
            for c in cs:
                typed.add((URIRef(s), URIRef(RDF_TYPE), URIRef(c)))
        from ..graph.derive import derive_types

        for s, _, c in derive_types(self.graph + typed):
            reasons[str(s)].setdefault(str(c), (f"its description matches the definition of {shorten(str(c))}", None))
        return reasons

    def _reasons_of_link(self, reasons, s, ps: str, o) -> None:
        from rdflib import URIRef

        link = f"{display(str(s))} {shorten(ps)} {display(str(o)) if isinstance(o, URIRef) else literal_text(o)}"
        other = str(o) if isinstance(o, URIRef) else None
        for c in self.domains.get(ps, ()):
            reasons[str(s)].setdefault(c, (f"domain of {shorten(ps)}: {link}", other))
        if not isinstance(o, URIRef):
            return
        for c in self.ranges.get(ps, ()):
            reasons[str(o)].setdefault(c, (f"range of {shorten(ps)}: {link}", str(s)))
        q = self.inverse.get(ps)
        if q:
            for c in self.ranges.get(q, ()):
                reasons[str(s)].setdefault(c, (f"range of {shorten(q)}, the inverse of {shorten(ps)}: {link}", other))
            for c in self.domains.get(q, ()):
                reasons[str(o)].setdefault(c, (f"domain of {shorten(q)}, the inverse of {shorten(ps)}: {link}", str(s)))

    def asserted_types(self, ind: str) -> list[str]:
        return sorted(c for c, (why, _) in self.reasons.get(ind, {}).items() if why == "asserted")

    def disjoint_types(self) -> list[Problem]:
        problems = []
        for ind in sorted(self.reasons):
            origin: dict[str, tuple[str, tuple[str, str | None]]] = {}
            for cls, why in self.reasons[ind].items():
                for anc in self.ancestors(cls):
                    origin.setdefault(anc, (cls, why))
            clashes = sorted((a, b) for a, b in self.disjoint if a < b and a in origin and b in origin)
            if clashes:
                problems.append(self._disjoint_problem(ind, origin, clashes))
        return problems

    def _disjoint_problem(self, ind: str, origin, clashes) -> Problem:
        depth = {c: len(self.ancestors(c)) for pair in clashes for c in pair}
        a, b = clashes[0]
        for x, y in clashes:  # the most specific disjoint pair: the deepest classes
            if depth[x] + depth[y] > depth[a] + depth[b]:
                a, b = x, y
        details, related = [], set()
        for cls in (a, b):
            src, (why, other) = origin[cls]
            kind = "" if src == cls else f" (as a {shorten(src)}, a kind of {shorten(cls)})"
            details.append(f"{shorten(cls)}{kind}: {why}")
            if other:
                related.add(other)
        return Problem(
            "disjoint",
            f"{display(ind)} is both a {shorten(a)} and a {shorten(b)}, which are disjoint",
            [ind, *sorted(related - {ind})],
            sorted({a, b, origin[a][0], origin[b][0]}),
            [],
            details,
        )

    def functional_clashes(self) -> list[Problem]:
        from rdflib import Literal, URIRef

        problems = []
        for (subject, prop), objs in sorted(functional_values(self.graph, self.schema).items()):
            distinct = {(o.toPython() if isinstance(o, Literal) and numeric_value(o) is not None else o) for o in objs}
            if len(distinct) < 2:
                continue
            shown = sorted(display(str(o)) if isinstance(o, URIRef) else literal_text(o) for o in objs)
            named = sorted(str(o) for o in objs if isinstance(o, URIRef))
            kinds = self.asserted_types(subject)
            problems.append(
                Problem(
                    "functional",
                    f"{display(subject)}{_as_a(kinds)} has {len(distinct)} values for {shorten(prop)}, "
                    f"which allows one: {', '.join(shown)}" + (" (each IRI names a different thing)" if named else ""),
                    [subject, *named],
                    kinds,
                    [prop],
                    [],
                )
            )
        return problems

    def values_outside_range(self) -> list[Problem]:
        from rdflib import Literal, URIRef

        problems = []
        for prop in sorted(self.schema["data"]):
            for rng in self.ranges.get(prop, ()):
                for s, o in self.graph.subject_objects(URIRef(prop)):
                    if isinstance(o, Literal) and _in_datatype(o, rng) is False:
                        kinds = self.asserted_types(str(s))
                        problems.append(
                            Problem(
                                "datatype",
                                f"{display(str(s))}{_as_a(kinds)}: {shorten(prop)} {literal_text(o)} is "
                                f"outside {shorten(rng)}, the range of {shorten(prop)}",
                                [str(s)],
                                kinds,
                                [prop],
                                [],
                            )
                        )
        return problems
