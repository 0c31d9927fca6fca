"""Materialise the types the ontology's defined classes imply, so SPARQL answers are complete
without a reasoner.

A defined class is ``C owl:equivalentClass [ owl:intersectionOf ( ... ) ]`` whose members are
named classes, ``owl:someValuesFrom`` restrictions with a named filler, or ``owl:hasValue``
restrictions. Sub-classes, sub-properties, inverse and transitive properties are followed.
This is a sound subset of OWL 2 semantics; ``celltx-kg reason`` runs HermiT on the full ontology
and a test checks that the reasoner derives at least what this derives.

:func:`derive_entailments` then completes the graph for SPARQL without a reasoner: every
individual carries all the named superclasses of its types, every defined class its named
superclasses (``rdfs:subClassOf``, by structural subsumption of the definitions; a test checks
them against HermiT), every object property value its inverse and super-property values.
Transitive properties (``celltx:broaderDisease``) are left as curated: query them with ``+``/``*``.
:func:`derive` is both, in that order; the build calls it.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
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
                conjuncts.append(("class", part))  # type: ignore[union-attr]
                continue
            prop = g.value(part, OWL.onProperty)
            filler = g.value(part, OWL.someValuesFrom)
            value = g.value(part, OWL.hasValue)
            if filler is not None and isinstance(filler, URIRef):
                conjuncts.append(("some", prop, filler))  # type: ignore[arg-type, union-attr]
            elif value is not None:
                conjuncts.append(("value", prop, value))  # type: ignore[arg-type, union-attr]
            else:
                conjuncts = None  # type: ignore[assignment]
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


def _schema_tables(g: Graph):
    """The defined classes, and superclasses, sub-properties, inverses and transitive properties."""
    definitions = _defined_classes(g)
    superclasses: dict = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            superclasses[sub].add(sup)
    subproperties: dict = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subPropertyOf):
        subproperties[sup].add(sub)
    inverse: dict = {}
    for p, q in g.subject_objects(OWL.inverseOf):
        inverse[p], inverse[q] = q, p
    transitive = set(g.subjects(RDF.type, OWL.TransitiveProperty))
    return definitions, superclasses, subproperties, inverse, transitive


def derive_types(g: Graph) -> Graph:
    """Return the ``rdf:type`` triples the defined classes imply and ``g`` does not already state."""
    definitions, superclasses, subproperties, inverse, transitive = _schema_tables(g)

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
            for individual in sorted(candidates or ()):  # type: ignore[type-var]
                if cls not in types[individual]:
                    types[individual].update(_closure(superclasses, cls))
                    derived.add((individual, RDF.type, cls))
                    changed = True
    return derived


def _named_superclasses(g: Graph) -> dict:
    """Told named superclasses of every class, transitively closed (without the class itself)."""
    parents = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[sub].add(sup)
    return {c: _closure(parents, c) - {c} for c in list(parents)}


def _subsumes(sup_conjuncts, sub_conjuncts, supers, subproperties) -> bool:
    """Whether every conjunct of the definition ``sup_conjuncts`` follows from ``sub_conjuncts``."""

    def above(c):
        return supers.get(c, set()) | {c}

    def props_below(p):
        return _closure(subproperties, p)

    for kind, *args in sup_conjuncts:
        if kind == "class":
            ok = any(k == "class" and args[0] in above(a[0]) for k, *a in sub_conjuncts)
        elif kind == "some":
            prop, filler = args
            ok = any(k == "some" and a[0] in props_below(prop) and filler in above(a[1]) for k, *a in sub_conjuncts)
        else:
            ok = any(k == "value" and a[0] in props_below(args[0]) and a[1] == args[1] for k, *a in sub_conjuncts)
        if not ok:
            return False
    return True


def derive_subclasses(g: Graph) -> Graph:
    """``rdfs:subClassOf`` triples for the defined classes: each defined class is below the named
    conjuncts of its definition and below every defined class whose definition its own implies
    (structural subsumption), closed over the told hierarchy. Only pairs the told hierarchy does
    not already entail are returned."""
    definitions = _defined_classes(g)
    subproperties = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subPropertyOf):
        subproperties[sup].add(sub)
    told = _named_superclasses(g)
    parents = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[sub].add(sup)
    changed = True
    while changed:
        changed = False
        supers = {c: _closure(parents, c) - {c} for c in list(parents)}
        for cls, conjuncts in definitions:
            new = {a[0] for k, *a in conjuncts if k == "class"}
            for other, other_conjuncts in definitions:
                if other != cls and _subsumes(other_conjuncts, conjuncts, supers, subproperties):
                    new.add(other)
            for sup in sorted(new - parents[cls] - {cls}):
                parents[cls].add(sup)
                changed = True
    out = Graph()
    for cls, _ in definitions:
        for sup in sorted(_closure(parents, cls) - {cls} - told.get(cls, set())):
            if sup != OWL.Thing:
                out.add((cls, RDFS.subClassOf, sup))
    return out


#: Types of schema nodes, not individuals: classes and properties are typed by owl:Class,
#: owl:ObjectProperty …, and those types are not inherited.
SCHEMA_TYPES = frozenset(
    {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.Ontology,
        OWL.TransitiveProperty,
        OWL.FunctionalProperty,
        OWL.Restriction,
        RDFS.Class,
        RDF.Property,
        OWL.NamedIndividual,
        OWL.AllDisjointClasses,
        OWL.SymmetricProperty,
        OWL.InverseFunctionalProperty,
    }
)


def derive_entailments(g: Graph) -> Graph:
    """Inherited types, the defined classes' superclasses, inverse and super-property values that
    ``g`` does not already state (see the module docstring)."""
    out = derive_subclasses(g)
    parents = defaultdict(set)
    for sub, sup in list(g.subject_objects(RDFS.subClassOf)) + list(out.subject_objects(RDFS.subClassOf)):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[sub].add(sup)
    for s, c in list(g.subject_objects(RDF.type)):
        if c in SCHEMA_TYPES or not isinstance(c, URIRef):
            continue
        for sup in _closure(parents, c) - {c}:
            if sup != OWL.Thing and (s, RDF.type, sup) not in g:
                out.add((s, RDF.type, sup))
    object_properties, superproperties, inverse = property_tables(g)
    todo = [
        (s, p, o)
        for p in sorted(object_properties)
        for s, o in g.subject_objects(p)
        if isinstance(o, URIRef) and not isinstance(o, Literal)
    ]
    _propagate(todo, superproperties, inverse, g, out)
    return out


def derive(g: Graph) -> Graph:
    """Everything the build adds to the curated graph: :func:`derive_types`, then
    :func:`derive_entailments` over the result."""
    types = derive_types(g)
    entailed = derive_entailments(g + types)
    return types + entailed


#: Predicates of the axioms :func:`derive_types` reads: new facts that state one change the rules
#: themselves, and :func:`derive_types_for` then derives over the whole graph.
SCHEMA_PREDICATES = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.intersectionOf,
        OWL.onProperty,
        OWL.someValuesFrom,
        OWL.hasValue,
        OWL.inverseOf,
        RDF.first,
        RDF.rest,
    }
)


def derive_types_for(g: Graph, new: Graph) -> Graph:
    """What :func:`derive_types` returns for ``g`` once ``new`` (already added to ``g``) is in it,
    given that ``g`` held every type it implied before: only the subjects of the new triples, and
    the nodes whose edges lead to a node that gains a type, are looked at (a worklist), so the cost
    follows the new facts, not the graph. New schema axioms fall back to the whole graph."""
    if any(p in SCHEMA_PREDICATES or (p == RDF.type and o == OWL.TransitiveProperty) for _, p, o in new):
        return derive_types(g)
    definitions, superclasses, subproperties, inverse, transitive = _schema_tables(g)
    # every property a definition follows, with its sub-properties: (property, forward?) pairs
    links = set()
    for _, conjuncts in definitions:
        for kind, *args in conjuncts:
            if kind != "class":
                for p in _closure(subproperties, args[0]):
                    links.add((p, True))
                    if p in inverse:
                        links.add((inverse[p], False))

    types: dict = {}

    def types_of(node) -> set:
        if node not in types:
            found = set()
            for c in g.objects(node, RDF.type):
                found |= _closure(superclasses, c)
            types[node] = found
        return types[node]

    def targets(node, prop) -> set:
        out: set = set()
        for p in _closure(subproperties, prop):
            out.update(g.objects(node, p))
            if p in inverse:
                out.update(g.subjects(inverse[p], node))
        return out

    def holds(node, kind, args) -> bool:
        if kind == "class":
            return args[0] in types_of(node)
        if kind == "some":
            return any(args[1] in types_of(o) for o in targets(node, args[0]))
        prop, value = args
        if prop not in transitive:
            return value in targets(node, prop)
        if node == value:  # as derive_types: a value reached from itself does not count
            return False
        seen, todo = {node}, [node]
        while todo:
            for nxt in targets(todo.pop(), prop):
                if nxt == value:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    derived = Graph()
    # the nodes whose own triples changed: subjects, and objects of properties read backwards;
    # a new edge also changes what is reachable through a transitive property, upstream of it
    changed = {s for s, _, _ in new} | {o for _, p, o in new if (p, False) in links}
    chains = {(p, fwd) for p, fwd in links if p in transitive or inverse.get(p) in transitive}
    # ... and a node given a type may complete a definition of the nodes whose edges reach it
    todo = changed | _upstream(g, changed, chains) | _upstream(g, {s for s, p, _ in new if p == RDF.type}, links, 1)
    while todo:
        node = todo.pop()
        gained = False
        for cls, conjuncts in definitions:
            if cls not in types_of(node) and all(holds(node, kind, args) for kind, *args in conjuncts):
                types_of(node).update(_closure(superclasses, cls))
                derived.add((node, RDF.type, cls))
                gained = True
        if gained:  # other definitions may now hold for it, and for the nodes whose edges reach it
            todo.add(node)
            todo |= _upstream(g, {node}, links, hops=1)
    return derived


def _upstream(g: Graph, nodes: set, links: set, hops: int | None = None) -> set:
    """The nodes with a path of ``links`` edges (at most ``hops`` long) to one of ``nodes``."""
    seen, frontier = set(nodes), set(nodes)
    while frontier and hops != 0:
        nxt: set = set()
        for node in frontier:
            for p, forward in links:
                nxt.update(g.subjects(p, node) if forward else g.objects(node, p))
        frontier = nxt - seen
        seen |= frontier
        hops = None if hops is None else hops - 1
    return seen - set(nodes)


def derive_for(g: Graph, new: Graph) -> Graph:
    """What :func:`derive` adds to ``g`` once ``new`` (already added to ``g``) is in it, given that
    ``g`` held everything :func:`derive` implied before: the types from the worklist
    (:func:`derive_types_for`), then the inherited types, inverse and super-property values of
    the new triples and of those types. New schema axioms fall back to the whole graph."""
    if any(p in SCHEMA_PREDICATES or (p == RDF.type and o == OWL.TransitiveProperty) for _, p, o in new):
        return derive(g)
    types = derive_types_for(g, new)
    out = Graph()
    out += types
    parents = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[sub].add(sup)
    object_properties, superproperties, inverse = property_tables(g)
    for s, c in list(new.subject_objects(RDF.type)) + list(types.subject_objects(RDF.type)):
        if isinstance(c, URIRef) and c not in SCHEMA_TYPES:
            for sup in _closure(parents, c) - {c}:
                if sup != OWL.Thing and (s, RDF.type, sup) not in g:
                    out.add((s, RDF.type, sup))
    todo = [(s, p, o) for s, p, o in new if p in object_properties and isinstance(o, URIRef)]
    _propagate(todo, superproperties, inverse, g, out)
    return out


def property_tables(g: Graph) -> tuple[set, dict, dict]:
    """The object properties, each one's super-properties (among them) and each one's inverse."""
    object_properties = set(g.subjects(RDF.type, OWL.ObjectProperty))
    inverse = {}
    for p, q in g.subject_objects(OWL.inverseOf):
        inverse[p], inverse[q] = q, p
    superproperties = defaultdict(set)
    for p, q in g.subject_objects(RDFS.subPropertyOf):
        if p in object_properties and q in object_properties:
            superproperties[p].add(q)
    return object_properties, superproperties, inverse


def property_closure(links, superproperties, inverse) -> set:
    """``links`` with every super-property and inverse value they imply, transitively."""
    known, todo = set(links), list(links)
    while todo:
        s, p, o = todo.pop()
        implied = [(s, q, o) for q in superproperties.get(p, ())]
        if p in inverse:
            implied.append((o, inverse[p], s))
        for triple in implied:
            if triple not in known:
                known.add(triple)
                todo.append(triple)
    return known


def _propagate(todo: list, superproperties, inverse, g: Graph, out: Graph) -> None:
    """Add to ``out`` the super-property and inverse values that ``todo``'s links imply, transitively
    (the values ``g`` already holds are followed but not added)."""
    for triple in property_closure(todo, superproperties, inverse) - set(todo):
        if triple not in g:
            out.add(triple)
