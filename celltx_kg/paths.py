"""Where every resource lives: the one module that names data paths.

Works from a source checkout (the folders sit beside the package) and from an installed
wheel (the folders are packaged inside ``celltx_kg/``). ``CELLTX_KG_CACHE`` moves the query-store
cache.

Two roots:

- :func:`data_root` holds what the project ships: ontology/, shapes/, queries/, sources/.
- :func:`user_root` holds what a curator adds: ``ontology/facts/added/`` (``celltx-kg add``) and
  ``sources/sources.tsv`` with ``sources/texts/`` (``celltx-kg source add``). In a checkout both
  are the checkout; an installed copy keeps additions in the user data directory
  (platformdirs: ``~/.local/share/celltx-kg`` on Linux), never inside site-packages.

``CELLTX_KG_DATA=DIR`` (or ``celltx-kg --data DIR``) makes DIR the user root; when DIR is a whole
data tree (it has ``ontology/celltx.ttl``, e.g. a copy of a checkout) it is the data root too.
The build reads the shipped facts and the user's additions together, so the CLI,
``python -m celltx_kg`` and the Python API see the same graph.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


#: The environment variable naming the user root (``celltx-kg --data DIR`` sets it).
DATA_ENV = "CELLTX_KG_DATA"
APP_NAME = "celltx-kg"


def _override() -> Path | None:
    value = os.environ.get(DATA_ENV)
    return Path(value).expanduser().resolve() if value else None


def installed() -> bool:
    """True for an installed wheel (the data folders are packaged inside ``celltx_kg/``)."""
    return (PACKAGE_DIR / "ontology").is_dir()


def data_root() -> Path:
    """The folder that holds ontology/, shapes/, queries/ and sources/."""
    override = _override()
    if override is not None and (override / "ontology" / "celltx.ttl").is_file():
        return override
    return PACKAGE_DIR if installed() else PACKAGE_DIR.parent


def user_root() -> Path:
    """The folder that holds the curator's additions and registered sources (see the module doc)."""
    override = _override()
    if override is not None:
        return override
    if installed():
        import platformdirs  # small; only an installed copy without --data needs it

        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return PACKAGE_DIR.parent


def additions_dir() -> Path:
    """Where ``celltx-kg add`` writes: ``<user root>/ontology/facts/added``."""
    return user_root() / "ontology" / "facts" / "added"


def registry_file() -> Path:
    """The registered sources beyond the review (``celltx-kg source add``)."""
    return user_root() / "sources" / "sources.tsv"


def registry_files() -> list[Path]:
    """The registries that exist: the one shipped with the data (sources/sources.tsv of the data
    root, e.g. a checkout's, packaged into a wheel) and the user's, when they differ."""
    shipped = data_root() / "sources" / "sources.tsv"
    files = [shipped] if shipped != registry_file() else []
    return [f for f in [*files, registry_file()] if f.is_file()]


def source_texts_dir() -> Path:
    """The text files of registered sources (copied here by ``celltx-kg source add``)."""
    return user_root() / "sources" / "texts"


def add_lock_file() -> Path:
    """Held by ``celltx-kg add`` and ``celltx-kg source add``: one writer per user root. It lies in
    the system's temporary folder, named after the root, so the sources never gain a file."""
    import tempfile
    import zlib

    root = str(user_root().resolve()).encode()
    return Path(tempfile.gettempdir()) / "celltx-kg-locks" / f"{zlib.crc32(root):08x}{zlib.adler32(root):08x}.lock"


def ontology_file() -> Path:
    return data_root() / "ontology" / "celltx.ttl"


def facts_dir() -> Path:
    return data_root() / "ontology" / "facts"


def fact_files() -> list[Path]:
    """Curated fact files, in a stable order (sub-folders such as added/ included), then the
    user's additions when they live outside the shipped facts folder."""
    shipped = facts_dir()
    files = sorted(shipped.rglob("*.ttl"))
    extra = additions_dir()
    if not extra.resolve().is_relative_to(shipped.resolve()) and extra.is_dir():
        files += sorted(extra.rglob("*.ttl"))
    return files


def source_files() -> list[Path]:
    """Everything the build reads."""
    return [ontology_file(), *fact_files(), *registry_files()]


def shapes_dir() -> Path:
    return data_root() / "shapes"


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def queries_dir() -> Path:
    return data_root() / "queries"


def sources_dir() -> Path:
    """The review text and the reference identifier tables (see sources/README.md)."""
    return data_root() / "sources"


def review_file() -> Path:
    return sources_dir() / "review.txt"


def reference_dir() -> Path:
    return sources_dir() / "reference"


def context_file() -> Path:
    return data_root() / "ontology" / "context.jsonld"


def grants_file(store: str) -> Path:
    """The SQL script that gives a store's SPARQL account what ``celltx-kg load`` needs."""
    return PACKAGE_DIR / "stores" / f"{store}-grants.sql"


#: Stores that need grants before ``celltx-kg load`` can write (see docs/triplestores.md).
GRANTS = ("virtuoso",)


def cache_root() -> Path:
    override = os.environ.get("CELLTX_KG_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "celltx-kg"


def docs_dir() -> Path:
    return data_root() / "docs"


def images_dir() -> Path:
    """Generated pictures shown by docs/*.md (``python -m celltx_kg.release.docs`` rewrites them)."""
    return docs_dir() / "images"
