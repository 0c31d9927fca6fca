"""The wheel carries the ontology, facts, shapes and queries, and works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(built_wheel):
    return built_wheel


@pytest.fixture(scope="module")
def site(wheel, tmp_path_factory):
    """The wheel installed into a folder of its own (no dependencies: they come from this environment)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    return target


def test_wheel_contains_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"celltx_kg/ontology/celltx.ttl", "celltx_kg/ontology/facts/table2.ttl",
                "celltx_kg/queries/approved-products.rq", "celltx_kg/shapes/celltx-shapes.ttl"}
    for path in ROOT.joinpath("ontology", "facts").glob("*.ttl"):
        expected.add(f"celltx_kg/ontology/facts/{path.name}")
    for path in ROOT.joinpath("queries").glob("*.rq"):
        expected.add(f"celltx_kg/queries/{path.name}")
    web = ROOT / "celltx_kg" / "web"  # the web workbench's templates and static files, editor included
    for path in [*web.joinpath("templates").glob("*.html"), *web.joinpath("static").rglob("*.*")]:
        expected.add(f"celltx_kg/web/{path.relative_to(web).as_posix()}")
    assert "celltx_kg/web/static/yasgui/yasgui.min.js" in expected
    assert expected <= names, sorted(expected - names)


def test_installed_wheel_answers_from_another_directory(site, tmp_path):
    target = site
    env = {"PYTHONPATH": str(target), "CELLTX_KG_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "celltx_kg", "query", "approved-products",
                           "-p", "target=BCMA", "-p", "agency=NMPA", "-f", "csv"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Zevorcabtagene Autoleucel" in done.stdout


def test_installed_wheel_serves_the_workbench_with_its_templates_and_editor(site, tmp_path):
    import urllib.request

    from celltx_kg.web.server import Workbench

    target = site
    env = {"PYTHONPATH": str(target), "CELLTX_KG_CACHE": str(tmp_path / "cache")}
    with Workbench(env=env, cwd=tmp_path) as server:
        for path, words in (("/queries/approved-products", b"BCMA"), ("/static/yasgui/yasgui.min.js", b"Yasgui"),
                            ("/editor", b"yasgui.min.js")):
            with urllib.request.urlopen(server.base_url + path, timeout=60) as resp:
                assert resp.status == 200 and words in resp.read(), path
        check = subprocess.run([sys.executable, "-c", "import celltx_kg.web, sys; print(celltx_kg.web.__file__)"],
                               cwd=tmp_path, env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
        assert check.stdout.startswith(str(target)), check.stdout + check.stderr  # the wheel's copy served
