"""The worker process: load the prepared input into owlready2, run Pellet, write result.json.

Run as ``python -m celltx_kg.reason.worker JOB_DIR``. (HermiT runs without owlready2: see
:mod:`.hermit`.)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from .terms import OWL, OWL_THING, RDF_TYPE, RDFS


def _worker(job_dir: str) -> int:
    """Child process: load the input into owlready2, run the reasoner, write result.json."""
    job = Path(job_dir)
    spec = json.loads((job / "job.json").read_text())
    tempfile.tempdir = str(job)  # owlready2's own temporary files go where the parent cleans up
    t0 = time.monotonic()
    import owlready2
    from owlready2 import (
        OwlReadyInconsistentOntologyError,
        OwlReadyJavaError,
        ThingClass,
    )

    owlready2.JAVA_EXE = spec["java"]
    owlready2.reasoning.JAVA_MEMORY = int(spec["memory"])
    world = owlready2.World()
    world.get_ontology("file://" + str(job / "input.nt")).load(format="ntriples")
    timings = {"load": time.monotonic() - t0}

    def named(entities) -> set[str]:
        return {e.iri for e in entities if isinstance(e, ThingClass) and e.iri != OWL_THING}

    individuals = [(iri, world[iri]) for iri in spec["individuals"]]
    classes = [(iri, world[iri]) for iri in spec["classes"]]
    before_types = {iri: named(ind.INDIRECT_is_a) for iri, ind in individuals if ind is not None}
    before_classes = {iri: named(cls.ancestors()) for iri, cls in classes if isinstance(cls, ThingClass)}
    inferences = world.get_ontology("http://inferrences/")
    result: dict = {"consistent": True}
    t1 = time.monotonic()
    try:
        with inferences:
            owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
    except OwlReadyInconsistentOntologyError:
        result["consistent"] = False
    except OwlReadyJavaError as exc:
        result["java_error"] = str(exc)
    timings["reasoner"] = time.monotonic() - t1
    if result["consistent"] and "java_error" not in result:
        types = {}
        for iri, ind in individuals:
            if ind is not None:
                new = named(ind.INDIRECT_is_a) - before_types[iri]
                if new:
                    types[iri] = sorted(new)
        subclasses = []
        for iri, cls in classes:
            if isinstance(cls, ThingClass):
                subclasses += [(iri, sup) for sup in sorted(named(cls.ancestors()) - before_classes[iri] - {iri})]
        structural = {
            RDF_TYPE,
            RDFS + "subClassOf",
            RDFS + "subPropertyOf",
            OWL + "equivalentClass",
            OWL + "equivalentProperty",
        }
        properties = []
        for s, p, o in inferences._get_obj_triples_spo_spo():
            p_iri = world._unabbreviate(p)
            if p_iri not in structural and s > 0 and isinstance(o, int) and o > 0:
                properties.append((world._unabbreviate(s), p_iri, world._unabbreviate(o)))
        result.update(
            types=types,
            subclasses=subclasses,
            properties=sorted(properties),
            unsatisfiable=sorted(
                c.iri for c in world.inconsistent_classes() if hasattr(c, "iri") and c.iri != OWL + "Nothing"
            ),
        )
    result["timings"] = timings
    (job / "result.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1]))
