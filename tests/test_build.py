"""Build outputs: every serialisation parses back to the same graph; builds are deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import ROOT


@pytest.fixture(scope="module")
def built(release_files):
    """The release as `celltx-kg build` writes it (the base set built without derived facts)."""
    return release_files


@pytest.mark.parametrize("name,fmt", [("celltx.ttl", "turtle"), ("celltx.nt", "nt"),
                                      ("celltx.owl", "xml"), ("celltx.jsonld", "json-ld")])
def test_serialisation_round_trips(built, graph, name, fmt):
    out, _ = built
    back = Graph()
    if fmt == "json-ld":
        doc = json.loads((out / name).read_text())
        assert doc["@context"] == json.loads((out / "context.jsonld").read_text())["@context"]  # embedded
    back.parse(out / name, format=fmt)
    # The release adds owl:NamedIndividual declarations and the versioned ontology header.
    from celltx_kg.release.sets import release_graph

    expected = release_graph(graph, "full")
    assert len(back) == len(expected)
    assert isomorphic(back, expected)


def test_manifest_counts_and_hashes(built, graph):
    out, manifest = built
    data = json.loads((out / "manifest.json").read_text())
    assert data["triples"] > len(graph) > 1000  # plus the declarations
    assert set(data["files"]) == {f"{stem}.{suffix}" for stem in ("celltx", "celltx-base")
                                  for suffix in ("ttl", "nt", "jsonld", "owl")} | {
        "context.jsonld", "queries.ttl", "celltx.sssom.tsv", "celltx.void.ttl"}


def test_a_build_in_a_fresh_process_is_byte_identical_to_this_one(built, tmp_path):
    """`celltx-kg build` in a fresh process, with another string hash seed than this process's, writes
    the same bytes as the build above (made in this process, after other tests ran in it)."""
    out, _ = built
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    subprocess.run([sys.executable, "-m", "celltx_kg", "build", "--out", str(tmp_path / "fresh")], check=True,
                   cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
    files = sorted(p.name for p in out.iterdir())
    assert files and files == sorted(p.name for p in (tmp_path / "fresh").iterdir())
    for name in files:
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_turtle_binds_project_prefixes(built):
    out, _ = built
    text = (out / "celltx.ttl").read_text()
    assert "@prefix celltxd: <https://w3id.org/celltx/id/>" in text
    assert "ns1:" not in text
