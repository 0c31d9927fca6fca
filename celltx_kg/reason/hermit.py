"""HermiT run straight from its command line, without owlready2's quadstore.

owlready2's ``sync_reasoner_hermit`` loads the graph into its quadstore, writes it back out as
N-Triples, runs HermiT's command line (``-c -O -D -I -Y``) on that file, and applies HermiT's
answer to the quadstore. Here the prepared graph is written as N-Triples directly, the same
HermiT classes owlready2 ships run with the same flags (minus ``-O -D``, the property hierarchy,
which is not reported), and the answer is read the way owlready2 reads it:

- ``SubClassOf( <A> <B> )`` and ``EquivalentClasses( <A> <B> … )``: the class taxonomy (direct
  superclasses; ``owl:Nothing`` among the equivalents marks the unsatisfiable classes);
- ``Type( <i> <C> )``: the direct types of each individual (realisation);
- ``<p> (known instances: (<a>, <b>)… | possible instances: …)``: the values of each object
  property (``-Y``).

The inferences are then what owlready2 reports after ``sync_reasoner``: for each individual
(class), its named types (superclasses) closed under the class hierarchy after reasoning, minus
those closed under the asserted hierarchy before; and the property values HermiT knows. Both
closures follow owlready2's ``ancestors()``: named superclasses and named equivalent classes,
transitively, ``owl:Thing`` and ``owl:Nothing`` left out (a class equivalent to ``owl:Nothing`` is
reported as unsatisfiable). The benchmark checks on synthetic graphs of 10^3 and 10^4 individuals
that the result equals a plain owlready2 run's. One difference is deliberate: owlready2 caches a
class's equivalents, so when the reasoner infers two named classes equivalent, a run that listed
ancestors before reasoning (as owlready2's callers do to tell inferred from asserted) misses the
pair; here both directions are reported.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .java import owlready2_dir
from .terms import OWL, OWL_THING, RDF_TYPE, RDFS

OWL_NOTHING = OWL + "Nothing"

#: The lines of HermiT's output owlready2 reads (owlready2.reasoning's two expressions).
_AXIOM = re.compile(r"^([A-Za-z]+)\( ((?:<(?:[^>]+)>\s*)+) \)$", re.MULTILINE)
_VALUES = re.compile(r"^<([^>]+)> \(known instances:\s*(.*?)(?:\s*\|\s*)possible instances:\s*(.*?)\s*\)", re.MULTILINE)

#: JVM options that change how fast HermiT runs, never what it answers. HermiT's runs are short
#: and busy compiling: the client compiler alone (tier 1) spends a fraction of the CPU time the
#: optimising compiler does, and a 2-core machine has no spare core for it (see docs/reasoning.md).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1",)


def command(java: str, memory: int, path: str, ignore_unsupported_datatypes: bool) -> list[str]:
    """The HermiT command line owlready2 would run on ``path``, without ``-O -D``."""
    folder = owlready2_dir() / "hermit"
    # owlready2's folder first: it holds the patched command line that knows -I and -Y.
    classpath = os.pathsep.join([str(folder), str(folder / "HermiT.jar")])
    args = [java, *JVM_OPTIONS, f"-Xmx{memory}M", "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine"]
    args += ["-c", "-I", Path(path).resolve().as_uri(), "-Y"]
    if ignore_unsupported_datatypes:
        args.append("--ignoreUnsupportedDatatypes")
    return args


def inconsistent(returncode: int, output: str) -> bool:
    """HermiT's way of saying the ontology is inconsistent (as owlready2 recognises it)."""
    return returncode == 1 and "Inconsistent ontology" in output


@dataclass
class Answer:
    """HermiT's answer: direct superclasses, equivalence groups, direct types, property values."""

    supers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    equivalents: list[list[str]] = field(default_factory=list)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    values: list[tuple[str, str, str]] = field(default_factory=list)


def parse(output: str) -> Answer:
    answer = Answer()
    for relation, iris in _AXIOM.findall(output):
        names = iris.strip()[1:-1].split("> <")
        if relation == "SubClassOf" and not names[0].startswith(OWL):
            answer.supers[names[0]].add(names[1])
        elif relation == "Type" and not names[0].startswith(OWL):
            answer.types[names[0]].add(names[1])
        elif relation == "EquivalentClasses":
            answer.equivalents.append(names)
    for prop, known, _possible in _VALUES.findall(output):
        known = known.strip()[1:-1]
        if not known.strip():
            continue
        for pair in known.split(")("):
            a, b = pair[1:-1].split(">, <", 1)
            answer.values.append((a, prop, b))
    return answer


def _closure(start, supers: dict[str, set[str]], equivalents: dict[str, set[str]]) -> set[str]:
    """``start`` and every named superclass or equivalent class of it, transitively."""
    seen, todo = set(start), list(start)
    while todo:
        cls = todo.pop()
        for nxt in supers.get(cls, set()) | equivalents.get(cls, set()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def inferences(prepared, answer: Answer) -> dict:
    """The worker's result (types, subclasses, properties, unsatisfiable) from HermiT's answer."""
    from rdflib import URIRef

    graph = prepared.graph
    classes = set(prepared.classes)
    told_supers: dict[str, set[str]] = defaultdict(set)
    told_equivalents: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(URIRef(RDFS + "subClassOf")):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            told_supers[str(s)].add(str(o))
    for s, o in graph.subject_objects(URIRef(OWL + "equivalentClass")):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            told_equivalents[str(s)].add(str(o))
            told_equivalents[str(o)].add(str(s))
    supers: dict[str, set[str]] = defaultdict(set)
    equivalents: dict[str, set[str]] = defaultdict(set)
    for table, told in ((supers, told_supers), (equivalents, told_equivalents)):
        for cls, others in told.items():
            table[cls] |= others
    for cls, others in answer.supers.items():
        supers[cls] |= others
    unsatisfiable = set()
    for group in answer.equivalents:
        if OWL_NOTHING in group:  # reported as unsatisfiable, not as a superclass
            unsatisfiable |= {c for c in group if not c.startswith(OWL)}
            continue
        members = [c for c in group if not c.startswith(OWL)]
        for a in members:
            equivalents[a] |= {b for b in members if b != a}

    def named(found: set[str]) -> set[str]:
        return {c for c in found if c in classes and c != OWL_THING}

    asserted: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(URIRef(RDF_TYPE)):
        if str(o) in classes:
            asserted[str(s)].add(str(o))
    types = {}
    for ind in prepared.individuals:
        before = named(_closure(asserted.get(ind, ()), told_supers, told_equivalents))
        after = named(_closure(asserted.get(ind, set()) | answer.types.get(ind, set()), supers, equivalents))
        if after - before:
            types[ind] = sorted(after - before)
    subclasses = []
    for cls in prepared.classes:
        before = named(_closure([cls], told_supers, told_equivalents))
        after = named(_closure([cls], supers, equivalents))
        subclasses += [(cls, sup) for sup in sorted(after - before - {cls})]
    objects = {str(p) for p in graph.subjects(URIRef(RDF_TYPE), URIRef(OWL + "ObjectProperty"))}
    return {
        "types": types,
        "subclasses": subclasses,
        "properties": sorted(v for v in answer.values if v[1] in objects),
        "unsatisfiable": sorted(unsatisfiable & classes),
    }
