"""The wheel carries the ontology, facts, shapes and queries, and works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    wheels = list(out.glob("celltx_kg-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"celltx_kg/ontology/celltx.ttl", "celltx_kg/ontology/facts/table2.ttl",
                "celltx_kg/queries/approved-products.rq", "celltx_kg/shapes/celltx-shapes.ttl"}
    for path in ROOT.joinpath("ontology", "facts").glob("*.ttl"):
        expected.add(f"celltx_kg/ontology/facts/{path.name}")
    for path in ROOT.joinpath("queries").glob("*.rq"):
        expected.add(f"celltx_kg/queries/{path.name}")
    assert expected <= names, sorted(expected - names)


def test_installed_wheel_answers_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {"PYTHONPATH": str(target), "CELLTX_KG_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "celltx_kg", "query", "approved-products",
                           "-p", "target=BCMA", "-p", "agency=NMPA", "-f", "csv"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Zevorcabtagene Autoleucel" in done.stdout
