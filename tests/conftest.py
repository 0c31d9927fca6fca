"""Shared fixtures: the graph, the embedded store, the review text and a CLI runner."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "sources" / "review.txt"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Every test session builds its own query-store cache."""
    if "CELLTX_KG_CACHE" not in os.environ:
        os.environ["CELLTX_KG_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(scope="session")
def graph():
    from celltx_kg.graph.build import build_graph

    return build_graph()


@pytest.fixture(scope="session")
def source_graph():
    """Ontology + facts without derived types (what the reasoner starts from)."""
    from celltx_kg.graph.build import build_graph

    return build_graph(derive=False)


@pytest.fixture(scope="session")
def release_files(tmp_path_factory):
    """The release as `celltx-kg build` writes it, and its manifest: made once per worker for the
    files that read it (tests read it, never change it)."""
    from celltx_kg.release.files import build

    out = tmp_path_factory.mktemp("release")
    return out, build(out)


@pytest.fixture(scope="session")
def store():
    from celltx_kg.sparql.store import open_store

    return open_store()


@pytest.fixture(scope="session")
def review_text() -> str:
    if not REVIEW.is_file():
        pytest.fail(f"the source review is expected at {REVIEW}")
    return REVIEW.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def review_compact(review_text) -> str:
    """The review with all whitespace removed (quotes are compared this way)."""
    return re.sub(r"\s+", "", review_text)


def processes_naming(folder: Path) -> list[str]:
    """The ids of running processes whose command line names ``folder`` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(folder).encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            continue
    return found


def run_cli(*args, input=None, env=None, cwd=None):
    """Run ``celltx-kg`` in a fresh process; returns CompletedProcess (text)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "celltx_kg", *args], capture_output=True, text=True,
                          input=input, env=full_env, cwd=cwd or ROOT, timeout=600)


@pytest.fixture
def cli():
    return run_cli


def select(store, text: str) -> list[dict]:
    """Run a SELECT on the store and return rows as {variable: lexical value}."""
    from celltx_kg.namespaces import PREFIX_BLOCK

    result = store.query(PREFIX_BLOCK + text)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once per test run: the xdist workers share one copy (the first
    to ask builds it under a lock, the others wait for it), so test files on any worker reuse it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    out = base / "wheel"
    with open(base / "wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(out.glob("celltx_kg-*.whl")):
            subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                           check=True, capture_output=True)
    wheels = list(out.glob("celltx_kg-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]
