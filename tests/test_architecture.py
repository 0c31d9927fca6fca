"""The rules the layout keeps (docs/development.md), checked on the code's own imports.

- the library never imports the CLI (celltx_kg.cli, celltx_kg.commands);
- nothing but graph/ reads the curated source files (ontology, facts, shapes), and nothing but
  sparql/catalogue reads the saved .rq files;
- packages depend downwards only: graph and the base modules import no feature package;
- no module is much over 400 lines; nothing imports another module's private names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "celltx_kg"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
#: Functions of celltx_kg.paths that name curated source files.
SOURCE_PATHS = {"ontology_file", "fact_files", "source_files", "shape_files", "shapes_dir"}
#: Feature packages, from the bottom up; a package may import the ones before it, never after.
LAYERS = ["graph", "sparql", "shacl", "reason", "curate", "stores", "release", "web"]
BASE = {"errors", "paths", "namespaces", "fsutil", "output", "progress", "suggest", "net", "__init__", "__main__"}


def module_name(path: Path) -> str:
    return ".".join(("celltx_kg", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(absolute module, imported names) for every import in ``path``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [a.name for a in node.names]
            found.append((module, names))
            found += [(f"{module}.{n}", []) for n in names]  # "from . import x" imports module x
    return found


def test_modules_are_found():
    assert len(MODULES) > 40


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_library_never_imports_the_cli(path):
    if path.parent.name == "commands" or path.name in ("cli.py", "__main__.py"):
        return
    bad = [m for m, _ in imports(path) if m == "celltx_kg.cli" or m.startswith("celltx_kg.commands")]
    assert not bad, f"{path.name} imports the CLI ({bad}): move the shared code into the library"


def test_only_the_build_reads_source_files():
    readers = set()
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in SOURCE_PATHS and \
                    isinstance(node.value, ast.Name) and node.value.id == "paths":
                readers.add(module_name(path))
            if isinstance(node, ast.Attribute) and node.attr == "queries_dir" and \
                    isinstance(node.value, ast.Name) and node.value.id == "paths":
                readers.add(module_name(path) + " (queries)")
    allowed = {m for m in readers if m.startswith("celltx_kg.graph.")} | {
        "celltx_kg.sparql.catalogue (queries)", "celltx_kg.sparql.store"}  # the store's cache key: file sizes and times
    assert readers, "the check found no reader at all: it is broken"
    assert readers <= allowed, f"source files read outside graph/: {sorted(readers - allowed)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_packages_depend_downwards(path):
    parts = module_name(path).split(".")
    own = parts[1] if len(parts) > 2 or path.name == "__init__.py" and len(parts) == 2 else None
    if own not in LAYERS:
        if parts[-1] in BASE or len(parts) == 2 and parts[1] in BASE:
            bad = [m for m, _ in imports(path) if m.split(".")[:2][-1] in LAYERS and m.startswith("celltx_kg.")
                   and not m.startswith("celltx_kg.graph.rules")]
            # the public API (__init__) and the base modules import features only lazily, inside functions
            if path.name == "__init__.py" and len(parts) == 1:
                return
            assert not [m for m in bad if _top_level(path, m)], f"{path.name} (base) imports {bad}"
        return
    rank = LAYERS.index(own)
    above = {m for m, _ in imports(path) if m.startswith("celltx_kg.") and len(m.split(".")) > 1
             and m.split(".")[1] in LAYERS and LAYERS.index(m.split(".")[1]) > rank}
    assert not above, f"{module_name(path)} imports packages above it: {sorted(above)}"


def _top_level(path: Path, module: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.ImportFrom) and n.module and module.endswith(n.module) for n in tree.body)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 450, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_names_cross_modules(path):
    own = module_name(path)
    private = [f"{m}.{n}" for m, names in imports(path) if m.startswith("celltx_kg") and m != own
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert not private, f"{own} imports private names {private}: make them public where they are defined"
