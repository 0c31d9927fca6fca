"""An rdflib graph whose SPARQL queries run on pyoxigraph, for pySHACL's SPARQL-based constraints.

pySHACL runs each SPARQL-based constraint once per focus node, and rdflib's SPARQL engine takes
milliseconds per query (seconds for one query over the whole graph). The data graph handed to
pySHACL therefore answers SPARQL with pyoxigraph on a copy of its triples; core constraints still
read the rdflib graph, or, for whole-graph validation, dictionaries built once (:class:`IndexedGraph`).
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result as _QueryResult

from .report import XSD_STRING

# ---------------------------------------------------------------- SPARQL on pyoxigraph


class OxigraphQueries(Graph):
    """A view of an rdflib graph (same store) whose SPARQL SELECT/ASK queries run on pyoxigraph.

    The triples are copied into an in-memory pyoxigraph store on the first query; later changes
    must go through :meth:`mirror` (pySHACL with ``inference="none"`` and no SHACL rules changes
    nothing). ``initBindings`` become pyoxigraph substitutions, which pre-bind ``$this`` as
    SHACL says.
    """

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
        self._ox_store = None
        self._terms: dict = {}  # rdflib term -> pyoxigraph term
        self._back: dict = {}  # pyoxigraph term -> rdflib term
        self._nt: dict = {}  # rdflib term -> N-Triples text

    def query(
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,
        initBindings=None,
        use_store_provided=True,
        **kwargs,
    ):
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
        back = self._back
        keys = [(Variable(n), n) for n in names]
        out.bindings = [
            {k: back.get(term) or self._back_term(term) for k, n in keys if (term := row[n]) is not None}
            for row in answer
        ]
        return out

    def has_answer(self, query: str, bindings: dict) -> bool:
        """Whether a SELECT (or ASK) has a solution with these variables bound; the engine stops at
        the first row instead of computing them all."""
        import pyoxigraph as ox

        substitutions = {ox.Variable(str(k)): self._to_ox(v) for k, v in bindings.items()}
        answer = self._store().query(query, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return next(iter(answer), None) is not None

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
            self._ox_store = self._copy()
        return self._ox_store

    def _copy(self):
        """A pyoxigraph store holding the triples: those without blank nodes as N-Triples text (parsed
        in one go), the others as quads (the parser would rename their blank nodes)."""
        import pyoxigraph as ox

        store = ox.Store()
        lines: list = []
        quads: list = []
        text = self._nt
        for triple in self._every_triple():
            words = []
            for term in triple:
                if isinstance(term, Literal):  # most recur little, and rdflib hashes them slowly
                    word = _nt_term(term)
                else:
                    word = text.get(term)
                    if word is None:
                        word = text[term] = _nt_term(term)
                if word is None:
                    break
                words.append(word)
            else:
                lines.append(f"{words[0]} {words[1]} {words[2]} .\n")
                continue
            quads.append(ox.Quad(*(self._to_ox(t) for t in triple)))
        try:
            store.bulk_load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError:  # a term N-Triples cannot carry as rdflib holds it: convert them all
            store = ox.Store()
            quads = [ox.Quad(*(self._to_ox(t) for t in triple)) for triple in self._every_triple()]
        store.bulk_extend(quads)
        return store

    def _every_triple(self):
        return iter(self)

    def _back_term(self, term):
        converted = self._back[term] = _from_ox(term)
        return converted

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


_NONE: dict = {}


class IndexedGraph(OxigraphQueries):
    """An :class:`OxigraphQueries` view whose lookups by (subject, predicate) and (predicate, object),
    and transitive closures along a predicate, are answered from dictionaries built once.

    These are the lookups SHACL's core constraints make for every focus and value node; rdflib's
    store answers each through its context bookkeeping. The graph must not change while in use.

    Each IRI and blank node is held as one object (the first one met), also in query answers: a
    dictionary lookup with that object is an identity check, where rdflib compares equal terms in
    Python.
    """

    def __init__(self, graph: Graph):
        super().__init__(graph)
        one: dict = {}
        self._one = one
        self._triples: list = []
        triples = self._triples
        for s, p, o in graph:
            s = one.setdefault(s, s)
            p = one.setdefault(p, p)
            if not isinstance(o, Literal):
                o = one.setdefault(o, o)
            triples.append((s, p, o))
        out: dict = {}
        for s, p, o in triples:
            by_subject = out.get(p)
            if by_subject is None:
                by_subject = out[p] = {}
            objects = by_subject.get(s)
            if objects is None:
                by_subject[s] = [o]
            else:
                objects.append(o)
        self._out = out
        self._in: dict = {}  # predicate -> object -> subjects, built when first asked for
        self._closures: dict = {}

    def __len__(self) -> int:
        return len(self._triples)

    def _back_term(self, term):
        converted = _from_ox(term)
        converted = self._back[term] = self._one.get(converted, converted)
        return converted

    def objects_by_subject(self, predicate) -> dict:
        """Subject -> its objects along ``predicate``."""
        return self._out.get(predicate, _NONE)

    def objects(self, subject=None, predicate=None, unique=False):
        if subject is None or predicate is None:
            return super().objects(subject, predicate, unique)
        return iter(self._out.get(predicate, _NONE).get(subject, ()))

    def subjects(self, predicate=None, object=None, unique=False):
        if predicate is None or object is None:
            return super().subjects(predicate, object, unique)
        return iter(self._subjects_by_object(predicate).get(object, ()))

    def _every_triple(self):
        return iter(self._triples)

    def transitive_objects(self, subject, predicate, remember=None):
        step = self._out.get(predicate, _NONE)
        return iter(self._closure((subject, predicate, True), lambda n: step.get(n, ())))

    def transitive_subjects(self, predicate, object, remember=None):
        step = self._subjects_by_object(predicate)
        return iter(self._closure((object, predicate, False), lambda n: step.get(n, ())))

    def _subjects_by_object(self, predicate) -> dict:
        found = self._in.get(predicate)
        if found is None:
            found = self._in[predicate] = {}
            for s, objects in self._out.get(predicate, _NONE).items():
                for o in objects:
                    found.setdefault(o, []).append(s)
        return found

    def _closure(self, key: tuple, step) -> tuple:
        """The start node and every node reached from it by ``step``, as rdflib's transitive lookups
        give them; remembered."""
        found = self._closures.get(key)
        if found is None:
            seen, todo = {key[0]: None}, [key[0]]
            while todo:
                for node in step(todo.pop()):
                    if node not in seen:
                        seen[node] = None
                        todo.append(node)
            found = self._closures[key] = tuple(seen)
        return found


def _nt_term(term) -> str | None:
    """``term`` as N-Triples writes it, or None for a blank node or an IRI N-Triples cannot hold."""
    if isinstance(term, URIRef):
        return f"<{term}>" if IRI.match(term) else None
    if not isinstance(term, Literal):
        return None
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and IRI.match(term.datatype):
        return f'"{text}"^^<{term.datatype}>'
    return None if term.datatype else f'"{text}"'


#: an absolute IRI that N-Triples, and a query between ``<…>``, can hold as it is
IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*$')


def _from_ox(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
