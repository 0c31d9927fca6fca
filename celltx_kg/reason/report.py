"""The reasoning report as text, and the inferred triples as Turtle."""

from __future__ import annotations

from collections import defaultdict

from ..namespaces import bind_all, shorten
from .explain import display
from .result import ReasonResult
from .terms import OWL_THING, REASONER_NAMES


def _hierarchy(graph, result: ReasonResult) -> dict[str, set[str]]:
    """Named superclasses of each class, told and inferred, transitively closed."""
    from rdflib import RDFS as RS
    from rdflib import URIRef

    parents = defaultdict(set)
    for a, b in graph.subject_objects(RS.subClassOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            parents[str(a)].add(str(b))
    for a, b in result.subclasses:
        parents[a].add(b)
    closed = {}
    for cls in list(parents):
        seen, todo = set(), [cls]
        while todo:
            for nxt in parents.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closed[cls] = seen - {cls}
    return closed


def _label(iri: str, graph, lang: str = "en") -> str:
    from rdflib import RDFS as RS
    from rdflib import URIRef

    for label in graph.objects(URIRef(iri), RS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
    return ""


def report(result: ReasonResult, graph, examples: int = 3) -> str:
    """The human-readable report: verdict, inferences grouped by kind and counted, or problems."""
    name = REASONER_NAMES[result.reasoner]
    t = result.timings
    lines = [
        f"{name} over {result.triples:,} triples ({result.input_triples:,} logical triples, "
        f"{result.individuals:,} individuals) with {result.java.describe()}",
        f"time: {t.get('total', 0):.1f} s (reasoner {t.get('reasoner', 0):.1f} s including Java start-up"
        + (f", explanation {t['explain']:.1f} s" if "explain" in t else "")
        + ")",
    ]
    lines += [f"warning: {w}" for w in result.warnings]
    if not result.consistent:
        inds, classes = result.involved()
        lines += ["", "INCONSISTENT: the facts contradict the ontology.", ""]
        for problem in result.problems:
            lines.append(f"- {problem.message}")
            lines += [f"    {d}" for d in problem.details]
        lines += [
            "",
            f"individuals involved: {', '.join(display(i) for i in sorted(inds)) or '-'}",
            f"classes involved: {', '.join(shorten(c) for c in sorted(classes)) or '-'}",
        ]
        return "\n".join(lines) + "\n"
    if result.unsatisfiable:
        lines += ["", "INCOHERENT: these classes can have no members:"]
        lines += [f"- {shorten(c)}" for c in result.unsatisfiable]
    else:
        lines += ["", "consistent: the facts agree with the ontology."]
    pairs = sum(len(v) for v in result.types.values())
    lines += [
        "",
        f"inferred {pairs:,} class assertions, {len(result.subclasses)} subclass axioms, "
        f"{len(result.properties):,} property values",
    ]
    supers = _hierarchy(graph, result)
    known = set(supers) | {c for sups in supers.values() for c in sups} | set(result.types)
    roots = {c for c in known if not supers.get(c, set()) - {OWL_THING}} - {OWL_THING}
    groups = defaultdict(list)
    for cls, inds in result.types.items():  # type: ignore[assignment]
        tops = sorted((supers.get(cls, set()) | {cls}) & roots) or [cls]
        groups[tops[0]].append((cls, inds))
    for kind in sorted(groups, key=lambda k: (-sum(len(i) for _, i in groups[k]), k)):
        members = sorted(groups[kind], key=lambda ci: (-len(ci[1]), ci[0]))
        total = sum(len(i) for _, i in members)
        lines += ["", f"{_label(kind, graph) or shorten(kind)} ({shorten(kind)}): {total}"]
        width = max(len(shorten(c)) for c, _ in members)
        for cls, inds in members:
            shown = ", ".join(display(i) for i in inds[:examples]) + (", …" if len(inds) > examples else "")  # type: ignore[index]
            lines.append(f"  {shorten(cls):<{width}} {len(inds):>5}  {shown}")
    if result.subclasses:
        lines += ["", "class hierarchy (the nearest inferred superclasses):"]
        new = defaultdict(set)
        for sub, sup in result.subclasses:
            new[sub].add(sup)
        for sub in sorted(new):
            nearest = {s for s in new[sub] if not any(s in supers.get(t, ()) for t in new[sub] - {s})}
            lines.append(f"  {shorten(sub)} ⊑ {', '.join(shorten(s) for s in sorted(nearest))}")
    if result.properties:
        counts = defaultdict(int)  # type: ignore[var-annotated]
        for _, p, _ in result.properties:
            counts[p] += 1
        lines += ["", "property values: " + ", ".join(f"{shorten(p)} {n}" for p, n in sorted(counts.items()))]
    return "\n".join(lines) + "\n"


def inferred_turtle(result: ReasonResult) -> bytes:
    """The inferred triples as Turtle, sorted, every prefix bound."""
    from rdflib import Graph

    from ..graph.serialize import serialize

    g = result.inferred_graph()
    out = Graph()
    bind_all(out)
    for triple in sorted(g, key=lambda t: tuple(x.n3() for x in t)):
        out.add(triple)
    return serialize(out, "turtle")
