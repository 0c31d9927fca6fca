"""Saved queries: ``queries/*.rq`` files whose ``#+`` header carries checked metadata.

The header stays valid SPARQL (comments) and follows the grlc decorator style::

    #+ title: Approved products by target and agency
    #+ title@zh: 按靶点和监管机构查询获批产品
    #+ description: …
    #+ description@zh: …
    #+ section: Table 2
    #+ keywords: product, approval, target, agency
    #+ param: target type=label class=celltx:Molecule example=BCMA "The antigen the product targets"
    #+ example: celltx-kg query approved-products --param target=BCMA --param agency=NMPA

A parameter is a SPARQL variable of the same name, bound as an RDF term in a ``VALUES`` block
(never pasted into the text). ``type`` is one of

- ``label``: an entity named by its English or Chinese label, a synonym, a CURIE or a standard
  identifier; ``class=`` restricts it to instances of a class, ``subclass=`` to classes under a
  class (for therapy types: ``subclass=celltx:CellTherapy`` makes ``CAR-T`` name the class);
- ``iri``: an IRI or a CURIE, bound as given;
- ``literal`` (alias ``string``), ``integer``, ``decimal``: a typed literal.

``required=true`` makes a parameter mandatory; ``default=`` and ``example=`` are optional.
A long value may continue on the next ``#+`` line with the same key.

The classes here are named tuples (immutable, cheap to import: the query path stays fast).
"""

from __future__ import annotations

import re
from collections import namedtuple
from pathlib import Path

from .. import paths
from ..errors import UsageError

#: Parameter types; ``literal`` and ``string`` are the same (a plain literal).
PARAM_TYPES = ("label", "iri", "literal", "string", "integer", "decimal")
TYPE_ALIASES = {"literal": "string"}
PARAM_KEYS = ("type", "required", "default", "example", "class", "subclass")
REQUIRED_KEYS = ("title", "title@zh", "description", "description@zh", "section", "keywords", "example")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: A shell word made of bare characters and double-quoted runs, for :func:`split_words`.
_WORD = re.compile(r'(?:"[^"]*"|[^ \t\r\n"])+')


def split_words(text: str) -> list[str]:
    """``shlex.split(text)``. The common case (no backslash, no single quote, balanced double
    quotes: every saved query's header) is split by one regular expression; anything else goes
    to shlex, whose import and character-by-character reading cost a cold query a millisecond."""
    if "\\" in text or "'" in text or text.count('"') % 2:
        import shlex

        return shlex.split(text)
    return [word.replace('"', "") for word in _WORD.findall(text)]


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK ideograph (a character class regex costs milliseconds to compile)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


class Param(
    namedtuple(
        "Param",
        "name type required default example cls description subclass",
        defaults=("label", False, None, None, None, "", None),
    )
):
    """One parameter of a saved query: a SPARQL variable bound from a command-line value."""

    __slots__ = ()

    @property
    def kind(self) -> str:
        """The parameter's kind as the catalogue documents it: label, iri or literal."""
        return "literal" if self.type in ("string", "integer", "decimal") else self.type


class SavedQuery(namedtuple("SavedQuery", "name path text meta params", defaults=({}, ()))):
    """A saved query: its name (file stem), path, SPARQL text, header metadata and parameters."""

    __slots__ = ()

    @property
    def title(self) -> str:
        return self.meta.get("title", "")

    @property
    def keywords(self) -> list[str]:
        return [k.strip() for k in self.meta.get("keywords", "").split(",") if k.strip()]

    @property
    def sections(self) -> list[str]:
        return [s.strip() for s in self.meta.get("section", "").split(";") if s.strip()]

    @property
    def form(self) -> str:
        """The query form: SELECT, CONSTRUCT, ASK or DESCRIBE."""
        return query_form(self.text)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def example_params(self) -> dict[str, str]:
        """The parameters the ``#+ example:`` command line passes (``-p NAME=VALUE``), in order."""
        try:
            words = split_words(self.meta.get("example", ""))
        except ValueError:
            return {}
        return dict(w.partition("=")[::2] for prev, w in zip(words, words[1:]) if prev in ("-p", "--param"))


def parse_param(spec: str) -> Param:
    try:
        tokens = split_words(spec)
    except ValueError as exc:
        raise ValueError(f"bad param line {spec!r}: {exc}") from exc
    if not tokens:
        raise ValueError("empty param line")
    fields, words = {}, []
    for token in tokens[1:]:
        key, sep, value = token.partition("=")
        if sep and key in PARAM_KEYS:
            fields[key] = value
        else:
            words.append(token)
    ptype = fields.get("type", "label")
    if ptype not in PARAM_TYPES:
        raise ValueError(f"param {tokens[0]}: type must be one of {', '.join(PARAM_TYPES)}")
    return Param(
        name=tokens[0],
        type=TYPE_ALIASES.get(ptype, ptype),
        required=fields.get("required", "false").lower() == "true",
        default=fields.get("default"),
        example=fields.get("example"),
        cls=fields.get("class"),
        description=" ".join(words),
        subclass=fields.get("subclass"),
    )


def parse_query_text(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    meta, params = {}, []  # type: ignore[var-annotated]
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if key == "param":
            params.append(parse_param(value))
        elif key in meta:  # continuation of a long value
            meta[key] += " " + value
        else:
            meta[key] = value
    return SavedQuery(name, path, text, meta, tuple(params))


def parse_query_file(path: Path) -> SavedQuery:
    path = Path(path)
    return parse_query_text(path.read_text(encoding="utf-8"), path.stem, path)


def read_catalogue(directory: Path | None = None) -> dict[str, SavedQuery]:
    directory = directory or paths.queries_dir()
    return {p.stem: parse_query_file(p) for p in sorted(directory.glob("*.rq"))}


def get_query(name: str) -> SavedQuery:
    path = paths.queries_dir() / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        from ..suggest import did_you_mean

        hint = did_you_mean(name, [p.stem for p in paths.queries_dir().glob("*.rq")])
        raise UsageError(f"unknown query {name!r}{hint or '; celltx-kg queries lists the saved queries'}")
    return parse_query_file(path)


def search_catalogue(queries, keyword: str) -> list[SavedQuery]:
    """Queries whose name, title (en or zh), keywords or section mention ``keyword``."""
    k = keyword.strip().lower()
    return [
        q
        for q in queries
        if k in q.name.lower()
        or k in q.title.lower()
        or k in q.meta.get("title@zh", "")
        or any(k in w.lower() for w in q.keywords)
        or any(k == s.lower() for s in q.sections)
    ]


# ---------------------------------------------------------------- checks

_STRIP = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)


def strip_comments_and_strings(text: str, keep_positions: bool = False) -> str:
    """The query text with comments, string literals and IRIs blanked out (each by one space, or by
    as many spaces as it had characters with ``keep_positions``)."""
    if keep_positions:
        return _STRIP.sub(lambda m: " " * len(m.group(0)), text)
    return _STRIP.sub(" ", text)


def query_form(text: str) -> str:
    bare = strip_comments_and_strings(text)
    match = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", bare, re.IGNORECASE)
    return match.group(1).upper() if match else ""


def check_query(query: SavedQuery) -> list[str]:
    """Problems with a saved query's header, each a sentence a curator can act on (empty: fine)."""
    from ..graph.rules import locator_pattern
    from ..namespaces import expand_curie

    problems = []
    meta = query.meta
    for key in REQUIRED_KEYS:
        if not meta.get(key, "").strip():
            problems.append(f"header line '#+ {key}:' is missing or empty")
    for key in ("title@zh", "description@zh"):
        if meta.get(key) and not _has_cjk(meta[key]):
            problems.append(f"'#+ {key}:' must be written in Chinese")
    for key in ("title", "description"):
        if meta.get(key) and _has_cjk(meta[key]):
            problems.append(f"'#+ {key}:' must be written in English (put Chinese in {key}@zh)")
    for section in query.sections:
        if not locator_pattern().match(section):
            problems.append(
                f"section {section!r} is not a place in the review (use 1, 2.1.1, Table 2, Fig.1, Abstract …)"
            )
    unknown = sorted(set(meta) - set(REQUIRED_KEYS))
    if unknown:
        problems.append(f"unknown header keys: {', '.join(unknown)}")
    body = strip_comments_and_strings(query.text)
    variables = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", body))
    names = [p.name for p in query.params]
    if len(names) != len(set(names)):
        problems.append("a parameter is declared twice")
    for prm in query.params:
        where = f"param {prm.name}"
        if not _VAR.match(prm.name):
            problems.append(f"{where}: the name must be a SPARQL variable name")
        if prm.name not in variables:
            problems.append(f"{where}: the query never uses ?{prm.name}")
        if not prm.description:
            problems.append(f"{where}: add a quoted description")
        if prm.example is None:
            problems.append(f"{where}: add example=")
        if prm.required and prm.default is not None:
            problems.append(f"{where}: a required parameter cannot have a default")
        for key, value in (("class", prm.cls), ("subclass", prm.subclass)):
            if value is not None and expand_curie(value) is None:
                problems.append(f"{where}: {key}={value} is not a CURIE with a known prefix")
        if (prm.cls or prm.subclass) and prm.type != "label":
            problems.append(f"{where}: class= and subclass= apply to label parameters only")
    example = meta.get("example", "")
    if example:
        if not (example.startswith(f"celltx-kg query {query.name}") or example.startswith("celltx-kg query --file")):
            problems.append(f"example must start with 'celltx-kg query {query.name}'")
        try:
            split_words(example)
        except ValueError:
            problems.append("example is not a valid shell command line")
        given = list(query.example_params)
        for name in given:
            if name not in names:
                problems.append(f"example passes unknown parameter {name!r}")
        for prm in query.params:
            if prm.required and prm.name not in given:
                problems.append(f"example must pass the required parameter {prm.name!r}")
    if not query_form(query.text):
        problems.append("no SELECT, CONSTRUCT, ASK or DESCRIBE found")
    return problems
