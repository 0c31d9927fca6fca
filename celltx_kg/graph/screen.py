"""Checks on the triples of a user fact file, after parsing and before anything else sees them.

Each problem is an :class:`~celltx_kg.errors.InputError` naming the file and the term:

- text (literals and IRIs) must be Unicode NFC and free of control characters (but tab and
  line breaks in literals), bidirectional overrides / isolates / marks and lone surrogates, so
  a name has one spelling and nothing can reorder or hide text on a terminal;
- literals use a datatype of :data:`.vocabulary.DATATYPES` with a valid lexical form
  (``"yes"^^xsd:boolean`` is refused, not read as false);
- predicates and ``rdf:type`` objects come from the closed vocabulary (:mod:`.vocabulary`);
  ontology terms are not subjects; skolem IRIs (the curated graph's blank nodes) and ``file:``
  IRIs do not occur; quoted triples do not occur;
- blank nodes nest at most :data:`MAX_BNODE_DEPTH` deep (lists and chains are walked without
  recursion here, and later code may recurse on them).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import SKOLEM
from .vocabulary import LANG_STRING, class_allowed, is_ontology_term, literal_problem, predicate_allowed

#: Deepest chain of blank nodes below a named node.
MAX_BNODE_DEPTH = 16

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Bidirectional formatting characters (embeddings, overrides, isolates, marks).
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BIDI_CLASS = "".join(sorted(BIDI))
_BAD_IN_LITERAL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CLASS}]")
_BAD_IN_IRI = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CLASS}]")


def text_problem(text: str, allow_breaks: bool = True) -> str | None:
    """Why ``text`` may not be stored (None: it is fine)."""
    match = (_BAD_IN_LITERAL if allow_breaks else _BAD_IN_IRI).search(text)
    if match:
        ch = match.group()
        kind = (
            "bidirectional control character"
            if ch in BIDI
            else "lone surrogate"
            if unicodedata.category(ch) == "Cs"
            else "control character"
        )
        return f"{kind} U+{ord(ch):04X}"
    if not unicodedata.is_normalized("NFC", text):
        return "text not in Unicode NFC form (decomposed accents?): normalise it to NFC"
    return None


def _show(text: str) -> str:
    short = text if len(text) <= 60 else text[:57] + "…"
    return ascii(short)


def screen_triples(path, triples) -> None:
    """Refuse the file unless every triple passes the checks of this module."""
    children = defaultdict(list)
    named_parents = []
    for triple in triples:
        s, p, o = triple.subject, triple.predicate, triple.object
        for term in (s, o):
            if isinstance(term, ox.Triple):
                raise InputError(f"{path}: quoted triples (RDF-star) are not used in fact files")
        for term in (s, p, o):
            if isinstance(term, ox.NamedNode):
                _check_iri(path, term.value)
        if isinstance(o, ox.Literal):
            why = (
                text_problem(o.value)
                or ("literal with a base direction" if getattr(o, "direction", None) else None)
                or literal_problem(o.value, o.datatype.value)
            )
            if why:
                raise InputError(f"{path}: literal {_show(o.value)}: {why}")
        if not predicate_allowed(p.value):
            raise InputError(
                f"{path}: predicate <{p.value}> is not in the project's vocabulary (the properties "
                "ontology/celltx.ttl declares, and rdf:type, rdfs:label, skos:…, prov:wasDerivedFrom)"
            )
        if p.value == _RDF_TYPE and not (isinstance(o, ox.NamedNode) and class_allowed(o.value)):
            raise InputError(
                f"{path}: rdf:type {_term(o)} is not a class of the ontology; fact files describe "
                "individuals and do not declare classes or properties"
            )
        if isinstance(s, ox.NamedNode) and is_ontology_term(s.value):
            raise InputError(f"{path}: <{s.value}> is an ontology term; change the ontology in ontology/celltx.ttl")
        if isinstance(o, ox.BlankNode):
            children[s].append(o)
            if not isinstance(s, ox.BlankNode):
                named_parents.append(o)
    _check_depth(path, children, named_parents)


def _term(term) -> str:
    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else _show(getattr(term, "value", str(term)))


def _check_iri(path, iri: str) -> None:
    why = text_problem(iri, allow_breaks=False)
    if why:
        raise InputError(f"{path}: IRI {_show(iri)}: {why}")
    if iri.startswith(SKOLEM):
        raise InputError(
            f"{path}: <{iri}> names a blank node of the curated graph; new facts may not add to or point at them"
        )
    if iri.lower().startswith("file:"):
        raise InputError(
            f"{path}: relative or file: IRI <{iri}>: write full IRIs or CURIEs (celltxd:…) so the facts do "
            "not depend on where the file lies"
        )


def _check_depth(path, children: dict, roots: list) -> None:
    depth = {node: 1 for node in roots}
    todo = list(roots)
    while todo:
        node = todo.pop()
        for child in children.get(node, ()):
            if depth.get(child, 0) < depth[node] + 1:
                depth[child] = depth[node] + 1
                if depth[child] > MAX_BNODE_DEPTH:
                    raise InputError(
                        f"{path}: blank nodes nested more than {MAX_BNODE_DEPTH} deep "
                        "(a long rdf:List or chain of [ … ]); name the nodes"
                    )
                todo.append(child)


def to_rdflib(triples):
    """An rdflib Graph of pyoxigraph triples: ``xsd:string`` literals become plain literals (RDF 1.1
    equality, the form the curated sources parse to); each blank node label a fresh rdflib node."""
    from rdflib import BNode, Graph, Literal, URIRef

    bnodes: dict[str, BNode] = {}

    def term(node):
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return bnodes.setdefault(node.value, BNode())
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value in (_XSD_STRING, LANG_STRING):
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))

    graph = Graph()
    for t in triples:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph


__all__ = ["BIDI", "MAX_BNODE_DEPTH", "screen_against", "screen_triples", "text_problem", "to_rdflib"]


def screen_against(path, new, base) -> None:
    """Refuse new facts that would rewrite the curated graph ``base`` (rdflib graphs).

    The rule: no triple the curated graph does not already hold may have as subject a node the
    curated graph holds (as subject or object). New nodes (new IRIs, blank nodes) may point at
    existing ones (``celltx:targetsAntigen celltxd:cd19``), but nothing is added about an existing
    node, so its evidence records, quotes, references, labels and links stay as curated; changing
    them is an edit of the curated sources, reviewed like any other. Blank nodes are compared
    after skolemisation, as the build merges them, so a file that is already part of the sources
    adds nothing and passes. Blank nodes of the curated graph cannot be named at all (their
    skolem IRIs are refused by :func:`screen_triples`).
    """
    from rdflib import URIRef

    from .build import skolemize

    for s, p, o in sorted(skolemize(new)):
        if isinstance(s, URIRef) and (s, p, o) not in base and ((s, None, None) in base or (None, None, s) in base):
            raise InputError(
                f"{path}: <{s}> is already in the curated graph: new facts may point at it but "
                "not add to it (its evidence, quotes and links are curated in ontology/facts/)"
            )


__all__ = ["BIDI", "MAX_BNODE_DEPTH", "screen_against", "screen_triples", "text_problem", "to_rdflib"]
