"""Benchmark steps besides queries: loading, SHACL validation, reasoning and loading a server."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import load_average, single


def bench_load(ds: dict, folder: Path, repeat: int, rdflib_limit: int) -> dict:
    """Bulk load into an on-disk pyoxigraph store; rdflib's parse of the same file up to a size."""
    import pyoxigraph as ox

    def project():
        target = Path(tempfile.mkdtemp(dir=folder)) / "store"
        store = ox.Store(str(target))
        store.bulk_load(path=str(ds["graph"]), format=ox.RdfFormat.N_TRIPLES)
        store.flush()

    timing, _ = single(project, repeat)
    out = {"project_s": timing["median"], "project_spread_s": [timing["min"], timing["max"]], "load": load_average()}
    if ds["triples"] <= rdflib_limit:
        from rdflib import Graph

        out["rdflib_s"] = single(lambda: Graph().parse(ds["graph"], format="nt"), 1)[0]["median"]
    return out


def bench_validate(ds: dict, repeat: int, pyshacl_limit: int, oxigraph_limit: int = 0, rudof_limit: int = 0) -> dict:
    """Whole-graph validation and 100 new triples with the graph loaded, next to pySHACL and rudof.

    Baselines, each up to a size: plain pySHACL (rdflib throughout); pySHACL with its SPARQL answered
    by pyoxigraph (the project's path before celltx_kg.shacl.bulk); rudof (pyrudof, its native
    engine, the data already loaded). pySHACL's results are compared with the project's one by one
    (``same_results``); rudof's verdict and violation count are recorded beside them.
    """
    from rdflib import Graph

    from celltx_kg.graph.build import read_shapes
    from celltx_kg.shacl.validate import FactsValidator, validate_graph

    graph = Graph().parse(ds["graph"], format="nt")
    shapes = read_shapes()
    whole, report = single(lambda: validate_graph(graph, shapes), repeat)
    new = Graph().parse(ds["new_facts"], format="nt")
    validator = FactsValidator(graph, shapes)  # the graph loaded once, as `celltx-kg add` and the tests do
    new_timing, _ = single(lambda: validator.validate(new), repeat, warmup=1)
    out = {"project_whole_s": whole["median"], "project_new_facts_s": new_timing["median"],
           "new_facts_triples": len(new), "project_violations": report.count("violation"),
           "project_results": len(report.results), "load": load_average()}
    ours = {r.key() for r in report.results}
    for key, limit, oxigraph in (("pyshacl", pyshacl_limit, False), ("pyshacl_oxigraph", oxigraph_limit, True)):
        if ds["triples"] <= limit:
            timing, theirs = _pyshacl(graph, read_shapes(), oxigraph)
            out[f"{key}_whole_s"] = timing
            out[f"{key}_violations"] = sum(1 for r in theirs if r[0] == "violation")
            out[f"{key}_same_results"] = theirs == ours
            out["same_verdict"] = out.get("same_verdict", True) and theirs == ours
    if ds["triples"] <= rudof_limit:
        out.update(_rudof(ds["graph"], shapes))
    return out


def _pyshacl(graph, shapes, oxigraph: bool) -> tuple[float, set]:
    """pySHACL called the plain way (on rdflib, or with SPARQL on pyoxigraph); its results as the
    project's Result.key() tuples."""
    import pyshacl

    from celltx_kg.shacl.engine import report_results
    from celltx_kg.shacl.oxbridge import OxigraphQueries

    data = OxigraphQueries(graph) if oxigraph else graph
    start = time.perf_counter()
    _conforms, report_graph, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none",
                                                      inplace=oxigraph)
    seconds = time.perf_counter() - start
    return seconds, {r.key() for r in report_results(report_graph)}


def _rudof(path: Path, shapes) -> dict:
    """rudof's native SHACL engine on the same N-Triples file and shapes (timed: the validation, the
    data already read); {} when pyrudof is not installed."""
    try:
        import pyrudof
    except ImportError:
        return {}
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    start = time.perf_counter()
    rudof.read_data(str(path), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes.serialize(format="turtle"))
    loaded = time.perf_counter()
    report = rudof.validate_shacl()
    done = time.perf_counter()
    return {"rudof_s": done - loaded, "rudof_load_s": loaded - start, "rudof_conforms": bool(report.conforms),
            "rudof_violations": sum(1 for r in report.violations if str(r.severity) == "Violation"),
            "rudof_results": len(report.violations)}


def count_individuals(graph) -> int:
    """Named individuals: subjects typed with a class of the ontology's namespace (not classes,
    properties or shapes themselves)."""
    from rdflib import RDF, URIRef
    from rdflib.namespace import OWL, RDFS

    from celltx_kg.namespaces import CELLTX

    schema = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              OWL.Ontology, OWL.Restriction}
    return len({s for s, o in graph.subject_objects(RDF.type)
                if isinstance(s, URIRef) and str(o).startswith(CELLTX) and o not in schema})


def bench_reason(ds: dict, folder: Path) -> dict:
    """celltx_kg.reason (HermiT) against owlready2's plain sync_reasoner on the same graph."""
    from rdflib import Graph

    from celltx_kg.reason import find_java, reason

    graph = Graph().parse(ds["graph"], format="nt")
    start = time.perf_counter()
    result = reason(graph, "hermit", timeout=1800, explain=False)
    project_s = time.perf_counter() - start
    out = {"project_s": project_s, "consistent": result.consistent, "inferred_types": len(result.type_pairs()),
           "individuals": count_individuals(graph), "load": load_average(),
           "phases": {k: round(v, 3) for k, v in result.timings.items()}}
    out.update(naive_owlready2(graph, folder, find_java().path))
    return out


NAIVE_SCRIPT = """
import sys, time, owlready2
owlready2.JAVA_EXE = sys.argv[2]
world = owlready2.World()
onto = world.get_ontology("file://" + sys.argv[1]).load()
start = time.perf_counter()
with onto:
    owlready2.sync_reasoner(world, infer_property_values=True, debug=0)
print(time.perf_counter() - start)
"""


def naive_owlready2(graph, folder: Path, java: str) -> dict:
    """owlready2 the plain way: RDF/XML of the same graph, sync_reasoner with default settings."""
    from celltx_kg.graph.serialize import serialize

    path = folder / "naive.owl"
    path.write_bytes(serialize(graph, "xml"))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", NAIVE_SCRIPT, str(path), java], capture_output=True, text=True,
                          timeout=3600)
    total = time.perf_counter() - start
    if done.returncode != 0:
        return {"naive_error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200], "naive_s": total}
    return {"naive_s": total, "naive_reasoner_s": float(done.stdout.strip().splitlines()[-1])}


def bench_server_load(ds: dict, folder: Path) -> dict:
    """celltx_kg.load (Graph Store Protocol, verified) into a fresh Oxigraph server."""
    from celltx_kg.stores.http import endpoints
    from celltx_kg.stores.load import Part, load
    from celltx_kg.stores.server import free_port, oxigraph_binary

    port = free_port()
    location = folder / "server"
    server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_for(url)
        data = ds["graph"].read_bytes()
        start = time.perf_counter()
        report = load([Part("graph", "https://w3id.org/celltx/graph", data)], endpoints(url), timeout=3600)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "triples": report.triples, "triples_per_s": report.triples / seconds,
                "phases": {k: round(v, 3) for k, v in report.seconds.items()}}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, seconds: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
