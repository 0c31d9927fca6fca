"""Where every resource lives: the one module that names data paths.

Works from a source checkout (the folders sit beside the package) and from an installed
wheel (the folders are packaged inside ``celltx_kg/``). ``CELLTX_KG_DATA`` points at another
data root (a checkout you curate in); ``CELLTX_KG_CACHE`` moves the query-store cache.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder that holds ontology/, shapes/ and queries/."""
    override = os.environ.get("CELLTX_KG_DATA")
    if override:
        return Path(override).resolve()
    if (PACKAGE_DIR / "ontology").is_dir():  # installed wheel
        return PACKAGE_DIR
    return PACKAGE_DIR.parent  # source checkout


def ontology_file() -> Path:
    return data_root() / "ontology" / "celltx.ttl"


def facts_dir() -> Path:
    return data_root() / "ontology" / "facts"


def fact_files() -> list[Path]:
    """Curated fact files, in a stable order (sub-folders such as added/ included)."""
    return sorted(facts_dir().rglob("*.ttl"))


def source_files() -> list[Path]:
    """Everything the build reads."""
    return [ontology_file(), *fact_files()]


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
