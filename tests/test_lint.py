"""The package passes ruff (lint and format) and mypy, with the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.lint


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint():
    done = _run("ruff", "check", "celltx_kg", "--output-format", "concise")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format():
    done = _run("ruff", "format", "--check", "celltx_kg")
    assert done.returncode == 0, "run `ruff format celltx_kg`:\n" + done.stdout + done.stderr


def test_mypy():
    done = _run("mypy")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr
