"""The embedded store: cached, rebuilt when a source changes, and fast to open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT, run_cli


def test_query_path_does_not_import_rdflib_once_cached(cli):
    warm = cli("query", "approved-products", "-p", "target=CD19")
    assert warm.returncode == 0, warm.stderr
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "celltx_kg", "query", "approved-products",
                           "-p", "target=CD19"], capture_output=True, text=True, cwd=ROOT, env=os.environ)
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "pyoxigraph" in imported
    assert not {"rdflib", "pyshacl", "owlready2", "SPARQLWrapper"} & imported


def test_a_changed_source_rebuilds_the_store(tmp_path):
    data = tmp_path / "data"
    for name in ("ontology", "queries", "shapes"):
        shutil.copytree(ROOT / name, data / name)
    env = {"CELLTX_KG_DATA": str(data), "CELLTX_KG_CACHE": str(tmp_path / "cache")}
    before = run_cli("sparql", "SELECT ?l WHERE { celltxd:kymriah rdfs:label ?l }", "-f", "csv", env=env)
    assert before.returncode == 0 and "Kymriah" in before.stdout
    (data / "ontology" / "facts" / "extra.ttl").write_text(
        '@prefix celltxd: <https://w3id.org/celltx/id/> .\n'
        '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
        'celltxd:kymriah skos:altLabel "tisa-cel"@en .\n', encoding="utf-8")
    after = run_cli("sparql", "SELECT ?l WHERE { celltxd:kymriah skos:altLabel ?l }", "-f", "csv", env=env)
    assert after.returncode == 0 and "tisa-cel" in after.stdout


def test_derived_types_are_in_the_graph(store):
    from conftest import select

    rows = select(store, "SELECT ?t WHERE { celltxd:kymriah a ?t }")
    types = {r["t"].rsplit("/", 1)[-1] for r in rows}
    assert {"CellTherapyProduct", "CARTTherapy", "ApprovedProduct"} <= types


def test_the_copy_in_memory_holds_the_same_graph_and_answers_alike(store):
    import pyoxigraph as ox

    import celltx_kg as kg
    from celltx_kg.sparql.store import open_store
    from test_headline import BCMA_NMPA

    memory = open_store(memory=True)
    assert memory is not store and open_store(memory=True) is memory and open_store() is store
    copies = [ox.Dataset(where) for where in (store, memory)]
    for copy in copies:  # a load names blank nodes afresh: compare the graphs up to blank-node names
        copy.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    assert len(copies[0]) == len(store) > 15_000 and set(copies[0]) == set(copies[1])
    query = kg.get_query("approved-products")
    for where in (store, memory):
        rows = kg.run_saved(where, query, {"target": "BCMA", "agency": "NMPA"})
        got = {(r["productName"].value, r["developerLabel"].value, r["indicationText"].value, r["approvalYear"].value)
               for r in rows}
        assert got == BCMA_NMPA


def test_a_short_query_seen_to_end_on_a_fixed_store_runs_in_the_callers_thread(monkeypatch):
    import pyoxigraph as ox

    from celltx_kg.sparql import run
    from celltx_kg.sparql.store import fixed, release

    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for i in range(5):
        store.add(ox.Quad(ox.NamedNode(f"https://w3id.org/celltx/id/n{i}"), label, ox.Literal(f"n{i}")))
    handed = []
    hand_over = run._Job.hand_over
    monkeypatch.setattr(run._Job, "hand_over", lambda job: (handed.append(job.query), hand_over(job))[1])
    monkeypatch.setattr(run, "INLINE_SECONDS", 60.0)  # a loaded machine may take 5 ms for any query
    text = "SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"
    expected = [f"n{i}" for i in range(5)]

    def labels(**limits) -> list[str]:
        return [row["l"].value for row in run.run_sparql(store, text, **limits)]

    assert labels() == labels() == expected and len(handed) == 2  # not fixed: always the worker
    fixed(store)
    try:
        assert labels(max_rows=2, truncate=True) == expected[:3] and len(handed) == 3
        assert labels() == expected and len(handed) == 4  # the cut-short run was not remembered
        assert labels() == labels() == expected and len(handed) == 4  # seen to end: no hand-over
        try:  # a deadline shorter than 100x the time seen: the worker, which can be given up on
            labels(timeout=1e-9)
        except run.QueryDeadlineError:
            pass
        assert len(handed) == 5
        nested = "SELECT ?l WHERE { ?s rdfs:label ?l FILTER(" + "(" * 17 + "true" + ")" * 17 + ") }"
        for _ in range(3):
            assert len(run.run_sparql(store, nested)) == 5
        assert len(handed) == 8  # nested deeper than INLINE_DEPTH: always the worker's larger stack
        long = text + "\n#" + "x" * run.INLINE_CHARS
        for _ in range(3):
            assert [row["l"].value for row in run.run_sparql(store, long)] == expected
        assert len(handed) == 11  # longer than INLINE_CHARS: never remembered
    finally:
        release(store)
    assert labels() == expected and len(handed) == 12
