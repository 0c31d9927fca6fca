"""Register a source beyond the review: its row in the registry and a copy of its text.

The registry and its RDF live in :mod:`celltx_kg.graph.registry`; this module only writes.
Quotes citing the source (``prov:wasDerivedFrom celltxd:<id>``) are then checked against its
text by ``validate`` and ``add``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..graph.registry import ID_PATTERN, REVIEW_ID, Source, read_registry, registry_bytes

#: Identifier forms a source may have.
IDENTIFIER = re.compile(r"^(DOI:10\.\d{4,9}/\S+|PMID:\d+|PMCID:PMC\d+|ISBN:[0-9-]{9,16}[0-9X]|https?://\S+)$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
CJK = re.compile("[\u3400-\u9fff]")
#: The largest source text accepted (the review is about 100 kB).
MAX_TEXT_BYTES = 20 * 1024 * 1024


def register_source(
    ident: str, title: str, text_file, identifier: str, language: str, licence: str, title_zh: str = ""
) -> Source:
    """Add a source to the registry and copy its text beside it; refuses to replace anything."""
    from .. import paths
    from ..fsutil import create_new, write_atomic
    from .lock import writer_lock

    if not ID_PATTERN.match(ident) or ident == REVIEW_ID:
        raise InputError(f"source id {ident!r}: use lower case letters, digits and hyphens (not {REVIEW_ID!r})")
    if not IDENTIFIER.match(identifier):
        raise InputError(f"identifier {identifier!r}: write DOI:10.…/…, PMID:…, PMCID:PMC…, ISBN:… or a URL")
    if not LANGUAGE.match(language):
        raise InputError(f"language {language!r}: write a language tag such as en, zh, de")
    if not title.strip() or not licence.strip():
        raise InputError("a source needs a title and a licence (an SPDX name such as CC-BY-4.0)")
    if not (title_zh.strip() or CJK.search(title)):
        raise InputError(
            "a source needs its title in Chinese too (--title-zh), as every source document of "
            "the graph (shape celltx:SourceChineseLabelShape)"
        )
    if any(ch in f"{title}{title_zh}{licence}" for ch in "\t\n\r"):
        raise InputError("title and licence are one line of text (no tabs or line breaks)")
    text = _read_text(Path(text_file))
    with writer_lock():
        if any(s.id == ident for s in read_registry()):
            raise InputError(f"source {ident!r} is already registered ({', '.join(map(str, paths.registry_files()))})")
        sources = read_registry(paths.registry_file())
        source = Source(ident, title.strip(), title_zh.strip(), identifier, language, licence.strip(), f"{ident}.txt")
        create_new(source.text_file(), text)
        try:
            paths.registry_file().parent.mkdir(parents=True, exist_ok=True)
            write_atomic(paths.registry_file(), registry_bytes([*sources, source]))
        except BaseException:
            source.text_file().unlink(missing_ok=True)
            raise
    return source


def _read_text(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(f"{path}: empty text")
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"{path}: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8") from None
    return data


__all__ = ["IDENTIFIER", "register_source"]
