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

A parameter is a SPARQL variable of the same name, bound by substitution (never pasted into
the text). ``type`` is ``label`` (an entity found by label, synonym or CURIE), ``iri``,
``string``, ``integer`` or ``decimal``; ``required=true`` makes it mandatory; ``default=`` and
``class=`` (restrict label look-up) are optional.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import UsageError

PARAM_TYPES = ("label", "iri", "string", "integer", "decimal")
REQUIRED_KEYS = ("title", "title@zh", "description", "description@zh", "section", "keywords", "example")


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "label"
    required: bool = False
    default: str | None = None
    example: str | None = None
    cls: str | None = None
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    text: str
    meta: dict = field(default_factory=dict)
    params: tuple[Param, ...] = ()

    @property
    def title(self) -> str:
        return self.meta.get("title", "")

    @property
    def keywords(self) -> list[str]:
        return [k.strip() for k in self.meta.get("keywords", "").split(",") if k.strip()]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_param(spec: str) -> Param:
    try:
        tokens = shlex.split(spec)
    except ValueError as exc:
        raise ValueError(f"bad param line {spec!r}: {exc}") from exc
    if not tokens:
        raise ValueError("empty param line")
    fields, words = {}, []
    for token in tokens[1:]:
        key, sep, value = token.partition("=")
        if sep and key in ("type", "required", "default", "example", "class"):
            fields[key] = value
        else:
            words.append(token)
    ptype = fields.get("type", "label")
    if ptype not in PARAM_TYPES:
        raise ValueError(f"param {tokens[0]}: type must be one of {', '.join(PARAM_TYPES)}")
    return Param(
        name=tokens[0],
        type=ptype,
        required=fields.get("required", "false").lower() == "true",
        default=fields.get("default"),
        example=fields.get("example"),
        cls=fields.get("class"),
        description=" ".join(words),
    )


def parse_query_file(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    meta, params = {}, []
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
    return SavedQuery(path.stem, path, text, meta, tuple(params))


def load_catalogue(directory: Path | None = None) -> dict[str, SavedQuery]:
    directory = directory or paths.queries_dir()
    return {p.stem: parse_query_file(p) for p in sorted(directory.glob("*.rq"))}


def get_query(name: str) -> SavedQuery:
    path = paths.queries_dir() / f"{name}.rq"
    if "/" in name or not path.is_file():
        known = ", ".join(sorted(load_catalogue()))
        raise UsageError(f"unknown query {name!r}; saved queries: {known}")
    return parse_query_file(path)
