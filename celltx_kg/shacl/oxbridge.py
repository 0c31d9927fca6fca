"""An rdflib graph whose SPARQL queries run on pyoxigraph, for pySHACL's SPARQL-based constraints.

pySHACL runs each SPARQL-based constraint once per focus node, and rdflib's SPARQL engine takes
milliseconds per query (seconds for one query over the whole graph). The data graph handed to
pySHACL therefore answers SPARQL with pyoxigraph on a copy of its triples; core constraints still
read the rdflib graph.
"""

from __future__ import annotations

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
        self._terms: dict = {}

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
        out.bindings = [{Variable(n): _from_ox(row[n]) for n in names if row[n] is not None} for row in answer]
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
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
