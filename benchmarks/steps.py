"""Benchmark steps besides queries: loading, SHACL validation, reasoning and loading a server."""

from __future__ import annotations

import os
import shutil
import signal
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


def bench_reason(ds: dict, folder: Path, cap: float = 7200) -> dict:
    """celltx_kg.reason (HermiT) against owlready2's plain sync_reasoner on the same graph (the ontology
    and the synthetic facts without the derived types, as `celltx-kg reason` reads them), and whether
    both infer the same class assertions, subclass axioms and property values. The plain run is
    stopped after ``cap`` seconds (its time is then a lower bound)."""
    from rdflib import Graph

    from celltx_kg.reason import find_java, prepare, reason

    graph = Graph().parse(ds["asserted"], format="nt")  # the facts without the derived types
    start = time.perf_counter()
    result = reason(graph, "hermit", timeout=1800, explain=False)
    project_s = time.perf_counter() - start
    out = {"project_s": project_s, "consistent": result.consistent, "inferred_types": len(result.type_pairs()),
           "inferred_values": len(result.properties), "individuals": count_individuals(graph),
           "load": load_average(), "phases": {k: round(v, 3) for k, v in result.timings.items()}}
    prepared = prepare(graph)
    naive = naive_owlready2(graph, folder, find_java().path, prepared.individuals, prepared.classes, cap)
    out.update({k: v for k, v in naive.items() if k != "inferred"})
    if "inferred" in naive:
        out.update(same_inferences(graph, result, naive["inferred"], prepared))
    return out


NAIVE_SCRIPT = """
import json, sys, time, owlready2
start = time.perf_counter()
owlready2.JAVA_EXE = sys.argv[2]
spec = json.load(open(sys.argv[3]))
world = owlready2.World()
onto = world.get_ontology("file://" + sys.argv[1]).load()
loaded = time.perf_counter()

def named(entities):
    return {e.iri for e in entities if isinstance(e, owlready2.ThingClass) and e.iri != owlready2.Thing.iri}

# What the reasoner adds is read as the project reads it: types and superclasses before and after.
individuals = [(iri, world[iri]) for iri in spec["individuals"]]
classes = [(iri, world[iri]) for iri in spec["classes"]]
before = {iri: named(i.INDIRECT_is_a) for iri, i in individuals if i is not None}
supers = {iri: named(c.ancestors()) for iri, c in classes if isinstance(c, owlready2.ThingClass)}
bookkeeping = time.perf_counter() - loaded
reasoning = time.perf_counter()
with onto:
    owlready2.sync_reasoner(world, infer_property_values=True, debug=0)
reasoned = time.perf_counter()
types = [[iri, c] for iri, i in individuals if i is not None for c in sorted(named(i.INDIRECT_is_a) - before[iri])]
subclasses = [[iri, s] for iri, c in classes if isinstance(c, owlready2.ThingClass)
              for s in sorted(named(c.ancestors()) - supers[iri] - {iri})]
values = [[world._unabbreviate(s), world._unabbreviate(p), world._unabbreviate(o)]
          for s, p, o in onto._get_obj_triples_spo_spo() if s > 0 and isinstance(o, int) and o > 0]
bookkeeping += time.perf_counter() - reasoned
print(json.dumps({"reasoner_s": reasoned - reasoning, "bookkeeping_s": bookkeeping, "load_s": loaded - start,
                  "types": types, "subclasses": subclasses, "values": values}))
"""


def naive_owlready2(graph, folder: Path, java: str, individuals: list[str], classes: list[str],
                    timeout: float = 7200) -> dict:
    """owlready2 the plain way: RDF/XML of the same graph, sync_reasoner with default settings.

    ``naive_s`` is the whole run (Python start, loading the RDF/XML, reasoning) less the time the
    script spends reading what was inferred (``individuals``' types, ``classes``' superclasses)."""
    import json

    from celltx_kg.graph.serialize import serialize

    path = folder / "naive.owl"
    path.write_bytes(serialize(graph, "xml"))
    spec = folder / "naive.json"
    spec.write_text(json.dumps({"individuals": individuals, "classes": classes}))
    start = time.perf_counter()
    # its own process group, so that a stopped run takes the reasoner's JVM with it
    with subprocess.Popen([sys.executable, "-c", NAIVE_SCRIPT, str(path), java, str(spec)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, start_new_session=True) as child:
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:  # a lower bound: the plain run took longer than this
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return {"naive_error": f"did not finish in {timeout:.0f} s", "naive_s": float(timeout),
                    "naive_timed_out": True}
    done = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    total = time.perf_counter() - start
    if done.returncode != 0:
        return {"naive_error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200], "naive_s": total}
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return {"naive_s": total - data["bookkeeping_s"], "naive_reasoner_s": data["reasoner_s"],
            "naive_load_s": data["load_s"], "inferred": data}


def same_inferences(graph, result, plain: dict, prepared) -> dict:
    """Compare the project's inferences with the plain run's in the project's vocabulary: class
    assertions on its individuals and subclass axioms between its classes, values of the ontology's
    object properties between its individuals (both completed with inverses and super-properties,
    as the project reports them; annotations between classes are not inferences)."""
    from celltx_kg.namespaces import CELLTX
    from celltx_kg.reason.run import complete_values

    known, individuals = set(prepared.classes), set(prepared.individuals)

    def ours(values):
        return {(s, p, o) for s, p, o in values if p.startswith(CELLTX) and s in individuals and o in individuals}

    plain_types = {(i, c) for i, c in plain["types"] if c in known}
    plain_subclasses = {(a, b) for a, b in plain["subclasses"] if a in known and b in known}
    plain_values = ours(complete_values(graph, [tuple(v) for v in plain["values"]]))
    project_values = ours(result.properties)
    sides = {"types": (result.type_pairs(), plain_types), "subclasses": (set(result.subclasses), plain_subclasses),
             "values": (project_values, plain_values)}
    return {"same_inferences": all(a == b for a, b in sides.values()),
            "plain_inferred": {k: len(b) for k, (a, b) in sides.items()},
            "differences": {k: {"only_project": sorted(a - b)[:5], "only_plain": sorted(b - a)[:5]}
                            for k, (a, b) in sides.items() if a != b}}


def bench_server_load(ds: dict, folder: Path, repeat: int = 1) -> dict:
    """celltx_kg.load (Graph Store Protocol, verified) into a fresh Oxigraph server, ``repeat``
    times (a new server each time); the run with the median time, and every run's rate."""
    runs = [_server_load_once(ds, folder / f"server-{i}") for i in range(repeat)]
    out = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**out, "runs_triples_per_s": [round(r["triples_per_s"]) for r in runs], "load": load_average()}


def _server_load_once(ds: dict, location: Path) -> dict:
    from celltx_kg.stores.http import endpoints
    from celltx_kg.stores.load import Part, load
    from celltx_kg.stores.server import free_port, oxigraph_binary

    port = free_port()
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
        shutil.rmtree(location, ignore_errors=True)


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
