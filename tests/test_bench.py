"""A CI-sized benchmark run (10^3 and 10^4 triples): it checks that the benchmark works and
writes its JSON and plot, not how fast anything is."""

from __future__ import annotations

import json
import random

import pytest
from rdflib import Graph

from conftest import run_cli

pytestmark = pytest.mark.slow


def test_synthetic_graphs_are_deterministic_and_sized():
    from benchmarks import synthetic

    a = list(synthetic.generate(10_000, seed=7))
    assert a == list(synthetic.generate(10_000, seed=7))
    assert a != list(synthetic.generate(10_000, seed=8))
    assert 8_000 <= len(a) <= 12_000
    assert 80 <= sum(1 for _ in synthetic.new_facts()) <= 120
    assert len(Graph().parse(data="\n".join(a), format="nt")) == len(a)
    assert sum(1 for _ in synthetic.unit(0, random.Random(1))) == synthetic.TRIPLES_PER_UNIT


def test_synthetic_facts_conform_to_the_shapes():
    from benchmarks import synthetic
    from celltx_kg.graph.build import build_graph, read_shapes
    from celltx_kg.shacl.validate import validate_graph

    data = build_graph(files=[], derive=False)
    data.parse(data="\n".join(synthetic.generate(2_000, derived=True)), format="nt")
    report = validate_graph(data, read_shapes())
    assert report.conforms, report.text()


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    done = run_cli("bench", "--sizes", "1000,10000", "--repeat", "1", "--rdflib-cap", "2", "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    return out, done


def test_benchmark_writes_json_and_plot(smoke):
    out, done = smoke
    results = json.loads((out / "bench.json").read_text())
    assert set(results["sizes"]) == {"1000", "10000"}
    for row in results["sizes"].values():
        assert row["load"]["project_s"] > 0
        assert len(row["queries"]) >= 35
        assert all("project_s" in q and "raw_pyoxigraph_s" in q for q in row["queries"].values())
        assert row["memory"]["peak_rss_mib"] > 0
        assert row["server_load"]["triples"] > 0
        assert "project_whole_s" in row["validate"]
    assert "cold_start" in results and results["summary"]
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "[bench" in done.stderr  # progress is shown while it runs
    assert "Targets" in done.stdout
