"""The one safety check of SPARQL text, run before any engine sees it (embedded store and serve).

:func:`check_query` tokenizes the text over the SPARQL 1.1 grammar's terminals (IRIREF,
PNAME_NS / PNAME_LN with ``PN_LOCAL_ESC``, BLANK_NODE_LABEL, VAR1 / VAR2, LANGTAG, the four
string forms with ECHAR, numbers, comments) so that a keyword is only ever a bare word: an
escaped ``\\#`` inside a prefixed name, a ``#`` inside an IRI or a string, or a keyword inside a
variable name cannot hide or fake one. On that token stream it refuses

- ``SERVICE`` (federation reaches the network from the store) anywhere, and ``LOAD`` (an update
  that fetches a URL) anywhere;
- any update operation unless ``allow_update`` is given;
- text longer than :data:`MAX_QUERY_CHARS`, more than :data:`MAX_TOKENS` tokens, or brackets
  nested deeper than :data:`MAX_DEPTH`: the engine's recursive-descent parser and evaluator
  overflow the native stack (SIGSEGV) on deeply nested or very long expressions. The limits are
  set so that the worst shapes measured stay inside an 8 MB thread stack.

pyoxigraph exposes no query parser, and rdflib's (pyparsing) takes longer to import than a whole
query takes to run, hence a tokenizer: the refused words are keywords only, so recognising
the terminals exactly is enough to decide.
"""

from __future__ import annotations

import re
from collections import namedtuple

from ..errors import QueryError

#: Longest query text accepted (characters).
MAX_QUERY_CHARS = 256 * 1024
#: Most tokens accepted (the largest saved query has a few hundred).
MAX_TOKENS = 8_000
#: Deepest nesting of ( [ { accepted (the saved queries reach 5).
MAX_DEPTH = 64

#: Keywords that only an update request contains.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
#: Keywords refused everywhere: they make the engine reach the network.
NETWORK_KEYWORDS = frozenset({"SERVICE", "LOAD"})
FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")

# Terminals (SPARQL 1.1 §19.8); PN_CHARS_BASE is approximated by "a letter".
_BASE = r"[^\W\d_]"
_PN_CHARS_U = r"[^\W\d]"
_PN_CHARS = r"[\w\-\u00B7\u0300-\u036F\u203F-\u2040]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"{_BASE}(?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?"
_PN_LOCAL = rf"(?:{_PN_CHARS_U}|:|[0-9]|{_PLX})(?:(?:{_PN_CHARS}|[.:]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?"
_ECHAR = r"\\[tbnrf\\\"']"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\n\r]*)",
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            rf"(?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|{_ECHAR}))*\"\"\""
            rf"|'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
            rf"|\"(?:[^\"\\\n\r]|{_ECHAR})*\"|'(?:[^'\\\n\r]|{_ECHAR})*')",
            rf"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            rf"(?P<bnode>_:(?:{_PN_CHARS_U}|[0-9])(?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?)",
            r"(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)",
            r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            r"(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.(?:[eE][+-]?[0-9]+)?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<open>[(\[{])",
            r"(?P<close>[)\]}])",
            r"(?P<other>\^\^|\|\||&&|!=|<=|>=|.)",
        ]
    ),
    re.DOTALL,
)


class Checked(namedtuple("Checked", "form tokens depth")):
    """What the check learned: the form (SELECT, CONSTRUCT, ASK, DESCRIBE or UPDATE), the number
    of tokens and the deepest nesting (a plain named tuple: importing typing costs a cold query
    a millisecond)."""

    __slots__ = ()


def tokens(text: str):
    """``(kind, value, offset)`` for every token of ``text`` but whitespace and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()


def check_query(text: str, allow_update: bool = False) -> Checked:
    """Refuse SPARQL text that is unsafe or too large to hand to an engine (a QueryError saying why).

    ``allow_update`` lets update operations through (INSERT, DELETE …), never LOAD or SERVICE.
    """
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    if "\x00" in text:
        raise QueryError("the query contains a NUL character")
    depth = deepest = count = 0
    form = ""
    updates = []
    for kind, value, offset in tokens(text):
        count += 1
        if count > MAX_TOKENS:
            raise QueryError(f"the query has more than {MAX_TOKENS:,} tokens; simplify it")
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > MAX_DEPTH:
                    raise QueryError(
                        f"brackets nested more than {MAX_DEPTH} deep at {_where(text, offset)}; simplify the query"
                    )
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word":
            word = value.upper()
            if word in NETWORK_KEYWORDS:
                raise QueryError(
                    f"{word} is not allowed (at {_where(text, offset)}): it would make the store reach the network"
                )
            if word in UPDATE_KEYWORDS:
                updates.append((word, offset))
            if not form and word in FORMS:
                form = word
    if updates:  # no update keyword is a bare word of a query, so a SELECT inside makes no difference
        if not allow_update:
            word, offset = updates[0]
            raise QueryError(f"{word} is an update (at {_where(text, offset)}); only queries are allowed here")
        form = "UPDATE"
    escaped = _unescape(text)
    if escaped != text:  # SPARQL 1.1 §19.2 lets \u escapes stand anywhere: check the text they spell too
        if _unescape(escaped) != escaped:
            raise QueryError("the query escapes an escape (\\u005C…); write the characters themselves")
        check_query(escaped, allow_update)
    return Checked(form, count, deepest)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    def char(match):
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code <= 0xDFFF else " "

    return _CODEPOINT.sub(char, text)


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


__all__ = ["Checked", "MAX_DEPTH", "MAX_QUERY_CHARS", "MAX_TOKENS", "check_query", "tokens"]
