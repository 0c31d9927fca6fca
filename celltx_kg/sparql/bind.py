"""Parameter values → RDF terms: labels and synonyms (English or Chinese), CURIEs and standard
identifiers resolved to the entity they name, typed literals checked. The user's text is never
pasted into a query: the terms are bound by the caller."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pyoxigraph as ox

from ..errors import QueryError, UsageError
from ..namespaces import CELLTX, PREFIX_BLOCK, PREFIXES, expand_curie
from .catalogue import Param, SavedQuery, strip_comments_and_strings
from .store import memo_for

XSD = PREFIXES["xsd"]


#: Properties whose values name an entity, for label look-up.
_NAME_PROPERTIES = """VALUES ?property { rdfs:label skos:altLabel skos:prefLabel celltx:symbol celltx:inn
                     celltx:developmentCode celltx:trialName celltx:registryId }"""
#: Public name of the same list (the web server's search looks names up in the same properties).
NAME_PROPERTIES = _NAME_PROPERTIES


_NAME_QUERY = (
    PREFIX_BLOCK
    + """
SELECT DISTINCT ?entity WHERE {
  """
    + _NAME_PROPERTIES
    + """
  ?entity ?property ?name .
  FILTER(LCASE(STR(?name)) = LCASE(STR(?text)))
  FILTER(isIRI(?entity))
}"""
)


#: The same look-up for a name written exactly as stored (index look-ups, no scan); NAMES is
#: replaced by the serialised literals (escaped by pyoxigraph) of the name as plain, @en and @zh.
_EXACT_NAME_QUERY = (
    PREFIX_BLOCK
    + """
SELECT DISTINCT ?entity WHERE {
  VALUES ?name { NAMES }
  """
    + _NAME_PROPERTIES
    + """
  ?entity ?property ?name .
  FILTER(isIRI(?entity))
}"""
)


#: Classes under a class, through rdfs:subClassOf and the named members of an
#: owl:equivalentClass intersection (a defined therapy class is "under" cell therapy).
_SUBCLASS_QUERY = (
    PREFIX_BLOCK
    + """
ASK { ?entity (rdfs:subClassOf|owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first)* ?class .
      ?entity a owl:Class . }"""
)


_XREF_QUERY = (
    PREFIX_BLOCK
    + """
SELECT DISTINCT ?entity WHERE {
  VALUES ?property { skos:exactMatch skos:closeMatch celltx:encodedBy }
  ?entity ?property ?iri .
}"""
)


_IS_A_QUERY = PREFIX_BLOCK + "ASK { ?entity a/rdfs:subClassOf* ?class }"


_EXISTS_QUERY = "ASK { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"


_LABEL_QUERY = (
    PREFIX_BLOCK + "SELECT ?label WHERE { ?entity rdfs:label ?label FILTER(langMatches(lang(?label), 'en')) } LIMIT 1"
)


def _select(store: ox.Store, text: str, bindings: dict):
    return store.query(with_values(text, bindings))


def _ask(store: ox.Store, text: str, bindings: dict) -> bool:
    """An ASK query with its variables substituted by pyoxigraph (no text to edit)."""
    return bool(store.query(text, substitutions=bindings))


def resolve_iri(value: str) -> ox.NamedNode:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value):
        expanded = value
    else:
        expanded = expand_curie(value)  # type: ignore[assignment]
        if expanded is None:
            raise UsageError(f"{value!r} is not an IRI or a CURIE with a known prefix")
    try:
        return ox.NamedNode(expanded)
    except ValueError as exc:  # characters an IRI may not hold: < > " { } | ^ ` \\ and spaces
        raise UsageError(f"{value!r} is not a valid IRI ({exc})") from None


def _exact_names(store: ox.Store, text: str) -> list:
    """Entities with ``text`` as a name written exactly so (plain, @en or @zh): index look-ups."""
    written = " ".join(
        str(t) for t in (ox.Literal(text), ox.Literal(text, language="en"), ox.Literal(text, language="zh"))
    )
    return [s["entity"] for s in store.query(_EXACT_NAME_QUERY.replace("NAMES", written, 1))]  # type: ignore[union-attr]


def _other_names(store: ox.Store, text: str) -> list:
    """Entities with ``text`` as a name ignoring case, or named by ``text`` as a CURIE or a
    standard identifier they map to."""
    candidates = [s["entity"] for s in _select(store, _NAME_QUERY, {ox.Variable("text"): ox.Literal(text)})]
    if not candidates and ":" in text:
        try:
            iri = resolve_iri(text)
        except UsageError:
            iri = None
        if iri is not None:
            # A standard identifier (HGNC:11913) names the graph's entity that maps to it; the
            # external IRI itself holds no facts. A CURIE of the graph (celltxd:bcma) names itself.
            if not iri.value.startswith(CELLTX):
                candidates = [s["entity"] for s in _select(store, _XREF_QUERY, {ox.Variable("iri"): iri})]
            if not candidates and _ask(store, _EXISTS_QUERY, {ox.Variable("entity"): iri}):
                candidates = [iri]
    return candidates


def resolve_entity(
    store: ox.Store, value: str, cls: str | None = None, param: str = "value", subclass: str | None = None
) -> ox.NamedNode:
    """An entity named by ``value``: its label or synonym (English or Chinese), its CURIE, or a
    standard identifier it maps to (``HGNC:11913``, ``MONDO:0009693``).

    The name is compared in Unicode NFC, the form every stored literal has (the ingestion screen
    refuses others), so a name typed with decomposed accents (NFD) finds the same entity.

    A name written exactly as stored wins over one that differs in case. ``cls`` keeps instances
    of that class; ``subclass`` keeps classes under that class (the therapy type ``CAR-T`` rather
    than the Table 1 row that shares its synonym)."""
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        raise UsageError(f"parameter {param!r} is empty")
    if len(text) > 500:
        raise UsageError(f"parameter {param!r} is too long to be a name")
    memo = memo_for(store)
    if memo is None:
        return _resolve(store, text, cls, param, subclass)
    key = (text, cls, subclass)
    if key not in memo:
        memo[key] = _resolve(store, text, cls, param, subclass)
    return memo[key]


def _resolve(store: ox.Store, text: str, cls: str | None, param: str, subclass: str | None) -> ox.NamedNode:

    def keep(candidates: list) -> list:
        if cls:
            klass = resolve_iri(cls)
            candidates = [
                c
                for c in candidates
                if _ask(store, _IS_A_QUERY, {ox.Variable("entity"): c, ox.Variable("class"): klass})
            ]
        if subclass:
            klass = resolve_iri(subclass)
            candidates = [
                c
                for c in candidates
                if _ask(store, _SUBCLASS_QUERY, {ox.Variable("entity"): c, ox.Variable("class"): klass})
            ]
        return sorted(set(candidates), key=lambda n: n.value)

    candidates = keep(_exact_names(store, text)) or keep(_other_names(store, text))
    if not candidates:
        import shlex

        kind = f" of class {cls}" if cls else f" under class {subclass}" if subclass else ""
        hint = shlex.quote("text=" + " ".join(text.split()))
        raise UsageError(
            f"no entity{kind} is named {text!r} (parameter {param!r}); try: celltx-kg query label-search --param {hint}"
        )
    if len(candidates) > 1:
        names = ", ".join(_describe(store, c) for c in candidates[:8])
        raise UsageError(f"{text!r} (parameter {param!r}) names several entities: {names}; pass one as a CURIE")
    return candidates[0]


def _describe(store: ox.Store, node: ox.NamedNode) -> str:
    from ..namespaces import shorten

    rows = list(_select(store, _LABEL_QUERY, {ox.Variable("entity"): node}))
    return f"{shorten(node.value)} ({rows[0]['label'].value})" if rows else shorten(node.value)


def to_term(store: ox.Store | None, param: Param, value: str):
    """Turn a parameter value into the RDF term bound to its variable."""
    if param.type == "label":
        if store is None:
            raise UsageError(f"parameter {param.name!r} needs the embedded store to resolve labels")
        return resolve_entity(store, value, param.cls, param.name, getattr(param, "subclass", None))
    if param.type == "iri":
        return resolve_iri(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise UsageError(f"parameter {param.name!r} must be an integer, got {value!r}")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "decimal":
        from decimal import Decimal, InvalidOperation

        try:
            Decimal(value)
        except InvalidOperation:
            raise UsageError(f"parameter {param.name!r} must be a decimal number, got {value!r}") from None
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "decimal"))
    return ox.Literal(value)


def bind_params(query: SavedQuery, given: dict[str, str], store: ox.Store | None) -> dict:
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        from ..suggest import did_you_mean

        names = ", ".join(p.name for p in query.params) or "none"
        hint = did_you_mean(unknown[0], [p.name for p in query.params])
        raise UsageError(f"unknown parameter {unknown[0]!r} for query {query.name!r}{hint}; its parameters: {names}")
    bindings = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            if param.required:
                raise UsageError(f"query {query.name!r} needs --param {param.name}=VALUE (for example {param.example})")
            continue
        bindings[ox.Variable(param.name)] = to_term(store, param, value)
    return bindings


def values_block(bindings: dict) -> str:
    """A VALUES clause built from serialised RDF terms (escaped by pyoxigraph)."""
    if not bindings:
        return ""
    names = " ".join(f"?{v.value}" for v in bindings)
    terms = " ".join(str(t) for t in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(text: str, bindings: dict) -> str:
    """Insert a VALUES block at the start of the outermost WHERE group of a query (on one line, so
    the lines of the query keep their numbers)."""
    block = values_block(bindings)
    if not block:
        return text
    at = values_offset(text)
    return text[:at] + " " + block + " " + text[at:]


@lru_cache(maxsize=256)
def values_offset(text: str) -> int:
    """Where the VALUES block goes: just after the outermost WHERE's ``{`` (found once per text:
    the regular expressions cost more than a small query)."""
    bare = strip_comments_and_strings(text, keep_positions=True)
    match = re.search(r"\bWHERE\s*\{", bare, re.IGNORECASE) or re.search(r"\{", bare)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return match.end()
