"""A small benchmark run (300 and 1,000 triples): it checks that the benchmark works and writes
its JSON, plot and page, not how fast anything is."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph

from benchmarks.report import MARKER
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_synthetic_graphs_are_deterministic_and_sized():
    from benchmarks import synthetic

    a = list(synthetic.generate(10_000, seed=7))
    assert a == list(synthetic.generate(10_000, seed=7))
    assert a != list(synthetic.generate(10_000, seed=8))
    assert 8_000 <= len(a) <= 12_000
    assert 80 <= sum(1 for _ in synthetic.new_facts()) <= 120
    assert len(Graph().parse(data="\n".join(a), format="nt")) == len(a)


def test_synthetic_facts_conform_to_the_shapes():
    from benchmarks import synthetic
    from celltx_kg.graph.build import build_graph, read_shapes
    from celltx_kg.shacl.validate import validate_graph

    data = build_graph(files=[], derive=True)  # as the benchmark's dataset (benchmarks.bench.make_dataset)
    data.parse(data="\n".join(synthetic.generate(2_000, derived=True)), format="nt")
    report = validate_graph(data, read_shapes())
    assert report.conforms, report.text()


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """The benchmark at two small sizes, the slow baselines left out (it checks the machinery, not
    how fast anything is)."""
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench", "--sizes", "300,1000", "--repeat", "1",
                           "--cold-runs", "2", "--skip", "rdflib,pyshacl,reason,server", "--out", str(out),
                           "--docs", str(out / "performance.md")],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return out, done


@pytest.mark.slow
def test_benchmark_writes_json_plot_and_page(smoke):
    out, done = smoke
    results = json.loads((out / "bench.json").read_text())
    assert set(results["sizes"]) == {"300", "1000"}
    saved = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    for row in results["sizes"].values():
        assert row["load"]["project_s"] > 0
        assert set(row["queries"]) == saved
        for q in row["queries"].values():
            assert q["project_spread_s"][0] <= q["project_s"] <= q["project_spread_s"][1]
            assert q["ratio"] > 0 and len(q["load"]) in (0, 3)
        assert row["memory"]["peak_rss_mib"] > 0
        assert "project_whole_s" in row["validate"] and "pyshacl_whole_s" not in row["validate"]
    cold = results["cold_start"]
    assert cold["a_wall"]["n"] == cold["b_wall"]["n"] == 2 and cold["a_cpu"]["median"] > 0
    assert results["summary"]
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "performance.md").read_text()
    assert page.startswith(MARKER)
    assert "approved-products" in page and "## Cold start" in page
    assert "[bench" in done.stderr  # progress is shown while it runs
    assert "Targets" in done.stdout


def test_performance_page_is_generated():
    """docs/performance.md is the benchmark's output, not typed by hand."""
    page = ROOT / "docs" / "performance.md"
    assert page.read_text().startswith(MARKER)


def test_benchmark_refuses_an_unknown_step():
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench", "--skip", "everything"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and "unknown step 'everything'" in done.stderr
