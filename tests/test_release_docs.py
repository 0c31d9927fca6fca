"""Pages and pictures generated from the graph: what they show is checked against the review, and the
ontology's HTML page opens in headless Chromium without console messages."""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def written(tmp_path_factory, graph):
    from celltx_kg.release.docs import write_docs

    out = tmp_path_factory.mktemp("docs")
    paths = write_docs(out / "build", out / "images", graph=graph)
    return {p.name: p for p in paths}


def test_approvals_per_agency_and_year_are_table_2(graph):
    from celltx_kg.release.docs import approvals_by_year

    counts = approvals_by_year(graph)
    # Table 2 (years and agencies as the review prints them) and 2.2 (Tecelra, FDA 2024); lifileucel's
    # FDA approval (2.3) has no year in the review and is not counted.
    fda = next(v for k, v in counts.items() if "Food and Drug" in k)
    nmpa = next(v for k, v in counts.items() if "Medical Products" in k)
    assert fda == {2017: 2, 2020: 1, 2021: 2, 2022: 1, 2024: 2}
    assert nmpa == {2021: 2, 2023: 2, 2024: 2, 2025: 1}


def test_car_generations_are_those_of_fig_2(graph):
    from celltx_kg.release.docs import car_generations

    cars = car_generations(graph)
    # Section 1: generation 1 = scFv + CD3ζ; 2 = one CD28 or 4-1BB domain; 3 = CD28ζ and 4-1BBζ; 4 = IL-12 / IL-22
    # payload joined by a 2A peptide or G4S. Fig.2 shows the generations before the fifth.
    assert [number for number, _, _ in cars] == [1, 2, 2, 3, 4]
    parts = {number: {part for _, part in components} for number, _, components in cars}
    assert any("CD3ζ" in p for p in parts[1]) and any("scFv" in p for p in parts[1])
    assert any("CD28" in p for p in parts[3]) and any("4-1BB" in p for p in parts[3])
    assert any("IL-12" in p for p in parts[4]) and any("2A" in p for p in parts[4])


def test_data_model_links_product_approval_agency_study_outcome_finding_evidence():
    from celltx_kg.graph.build import read_ontology
    from celltx_kg.release.docs import model_edges

    edges = set(model_edges(read_ontology()))
    for edge in [("regulatory approval", "granted by", "regulatory agency"),
                 ("cell therapy product", "has approval", "regulatory approval"),
                 ("study", "has outcome", "outcome measurement"),
                 ("finding", "has evidence", "evidence")]:
        assert edge in edges, edge


def test_pictures_are_svg_and_deterministic(written, graph, tmp_path):
    from celltx_kg.release.docs import write_docs

    again = {p.name: p for p in write_docs(tmp_path / "build", tmp_path / "images", graph=graph)}
    for name in ("data-model.svg", "car-generations.svg", "approvals-by-year.svg"):
        data = written[name].read_bytes()
        assert data.lstrip().startswith(b"<?xml") and b"<svg" in data
        assert data == again[name].read_bytes(), name


def _console(page) -> tuple[list[str], str]:
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, "--enable-logging=stderr", "--v=0", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line], done.stdout


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_ontology_page_opens_in_chromium_without_console_messages(written, tmp_path):
    broken = tmp_path / "broken.html"  # the check itself must see a script error
    broken.write_text("<html><body><script>undefinedFunction();</script></body></html>", encoding="utf-8")
    assert _console(broken)[0], "chromium's console output was not captured"
    messages, dom = _console(written["celltx.html"])
    assert not messages, "\n".join(messages)
    # English and Chinese labels (ontology/celltx.ttl: celltx:ApprovedProduct "approved product"@en, "获批产品"@zh).
    assert "approved product / 获批产品" in dom
    assert "https://w3id.org/celltx/RegulatoryApproval" in dom
