"""Materialise the types the ontology's defined classes imply, so SPARQL answers are complete
without a reasoner.

A defined class is ``C owl:equivalentClass [ owl:intersectionOf ( ... ) ]`` whose members are
named classes, ``owl:someValuesFrom`` restrictions with a named filler, or ``owl:hasValue``
restrictions. Sub-classes, sub-properties, inverse and transitive properties are followed.
This is a sound subset of OWL 2 semantics; ``celltx-kg reason`` runs HermiT on the full ontology
and a test checks that the reasoner derives at least what this derives.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection


def _defined_classes(g: Graph) -> list[tuple[URIRef, list[tuple]]]:
    definitions = []
    for cls, expr in g.subject_objects(OWL.equivalentClass):
        members = g.value(expr, OWL.intersectionOf)
        if not isinstance(cls, URIRef) or members is None:
            continue
        conjuncts = []
        for part in Collection(g, members):
            if isinstance(part, URIRef):
                conjuncts.append(("class", part))
                continue
            prop = g.value(part, OWL.onProperty)
            filler = g.value(part, OWL.someValuesFrom)
            value = g.value(part, OWL.hasValue)
            if filler is not None and isinstance(filler, URIRef):
                conjuncts.append(("some", prop, filler))
            elif value is not None:
                conjuncts.append(("value", prop, value))
            else:
                conjuncts = None
                break
        if conjuncts:
            definitions.append((cls, conjuncts))
    return sorted(definitions)


def _closure(pairs: dict, start) -> set:
    seen, todo = {start}, [start]
    while todo:
        for nxt in pairs.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def derive_types(g: Graph) -> Graph:
    """Return the ``rdf:type`` triples the defined classes imply and ``g`` does not already state."""
    definitions = _defined_classes(g)
    superclasses = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            superclasses[sub].add(sup)
    subproperties = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subPropertyOf):
        subproperties[sup].add(sub)
    inverse = {}
    for p, q in g.subject_objects(OWL.inverseOf):
        inverse[p], inverse[q] = q, p
    transitive = set(g.subjects(RDF.type, OWL.TransitiveProperty))

    def edges(prop):
        """(subject, object) pairs of ``prop`` including sub-properties and the inverse's edges."""
        pairs = set()
        for p in _closure(subproperties, prop):
            pairs.update(g.subject_objects(p))
            if p in inverse:
                pairs.update((o, s) for s, o in g.subject_objects(inverse[p]))
        return pairs

    types = defaultdict(set)
    for s, c in g.subject_objects(RDF.type):
        types[s].update(_closure(superclasses, c))

    derived = Graph()
    changed = True
    while changed:
        changed = False
        for cls, conjuncts in definitions:
            candidates = None
            for kind, *args in conjuncts:
                if kind == "class":
                    found = {s for s, ts in types.items() if args[0] in ts}
                elif kind == "some":
                    prop, filler = args
                    found = {s for s, o in edges(prop) if filler in types.get(o, ())}
                else:
                    prop, value = args
                    forward = defaultdict(set)
                    for s, o in edges(prop):
                        forward[s].add(o)
                    if prop in transitive:
                        found = {s for s in forward if value in _closure(forward, s) - {s}}
                    else:
                        found = {s for s, os in forward.items() if value in os}
                candidates = found if candidates is None else candidates & found
            for individual in sorted(candidates or ()):
                if cls not in types[individual]:
                    types[individual].update(_closure(superclasses, cls))
                    derived.add((individual, RDF.type, cls))
                    changed = True
    return derived
