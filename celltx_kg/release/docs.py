"""Pages and pictures generated from the graph, never drawn by hand.

- ``celltx.html``: HTML documentation of the ontology (pyLODE's OntPub profile), with the English and
  Chinese labels of every class and property;
- ``docs/images/data-model.svg``: how product, approval, agency, study, outcome, finding and
  evidence connect: the object properties between these classes, from their domains and ranges;
- ``docs/images/car-generations.svg``: the CAR generations of the review's Fig.2: the construct
  components of each prototype whose evidence cites Fig.2;
- ``docs/images/approvals-by-year.svg``: the approvals per agency and year.

``python -m celltx_kg.release.docs`` (or ``celltx-kg build --docs``) rewrites them. Needs the
``docs`` extra (matplotlib, pyLODE). SVGs are deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection

from .. import paths
from ..fsutil import write_atomic
from ..namespaces import CELLTX, PREFIX_BLOCK, shorten

#: The classes of the data-model picture (the issue's "product, approval, agency, study, outcome,
#: finding and evidence") and the nodes they lead to.
MODEL_CLASSES = (
    "CellTherapyProduct",
    "RegulatoryApproval",
    "RegulatoryAgency",
    "Study",
    "OutcomeMeasurement",
    "Finding",
    "Evidence",
    "Disease",
    "CellTherapy",
    "SourceDocument",
)
#: Construct-component properties, in the order a CAR is drawn (outside the cell first).
COMPONENTS = (
    "hasAntigenBindingDomain",
    "hasCostimulatoryDomain",
    "hasSignallingDomain",
    "hasPayload",
    "hasLinker",
    "hasLogicGate",
    "hasSafetySwitch",
)
COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")


def label(graph: Graph, node, lang: str = "en") -> str:
    labels = sorted(o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal))
    for wanted in (lang, "en", None):
        for text in labels:
            if text.language == wanted or wanted is None:
                return str(text)
    return shorten(str(node)).split(":", 1)[-1]


# ---------------------------------------------------------------- HTML documentation


def ontology_html(ontology: Graph) -> str:
    """pyLODE's page for the ontology; each term's label line shows its English and Chinese labels."""
    import logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub  # its import configures the root logger at DEBUG: put it back

    root.setLevel(level)
    root.handlers[:] = handlers
    return OntPub(ontology=_bilingual(ontology)).make_html()


def _bilingual(ontology: Graph) -> Graph:
    """A copy whose terms carry one ``rdfs:label`` "english / 中文" (pyLODE shows one label per term)."""
    out = Graph()
    for prefix, ns in ontology.namespaces():
        out.bind(prefix, ns)
    both = {}
    for term in set(ontology.subjects(RDFS.label, None)):
        labels = {o.language: str(o) for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)}
        if labels.get("en") and labels.get("zh"):
            both[term] = Literal(f"{labels['en']} / {labels['zh']}", lang="en")
    for s, p, o in ontology:
        if p == RDFS.label and s in both:
            continue
        out.add((s, p, o))
    for term, text in both.items():
        out.add((term, RDFS.label, text))
    return out


# ---------------------------------------------------------------- pictures


def _svg(figure) -> bytes:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return buffer.getvalue().encode("utf-8")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "celltx"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, smaller)
    import matplotlib.pyplot as plt

    return plt


def model_edges(ontology: Graph, classes=MODEL_CLASSES) -> list[tuple[str, str, str]]:
    """(domain class, property label, range class) for every object property linking two of ``classes``
    (domains and ranges read through sub-classes and ``owl:unionOf``; ``owl:Thing`` as domain means
    every class of the picture)."""
    nodes = [URIRef(CELLTX + c) for c in classes]
    supers = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        supers[sub].add(sup)

    def picture_class(cls):
        todo, seen = [cls], set()
        while todo:
            c = todo.pop(0)
            if c in nodes:
                return c
            seen.add(c)
            todo += [s for s in supers.get(c, ()) if s not in seen]
        return None

    def members(value):
        if value == OWL.Thing:
            return list(nodes)
        union = ontology.value(value, OWL.unionOf)
        return list(Collection(ontology, union)) if union is not None else [value]

    edges = set()
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for dom in ontology.objects(prop, RDFS.domain):
            for rng in ontology.objects(prop, RDFS.range):
                if rng == OWL.Thing:
                    continue
                targets = {picture_class(r) for r in members(rng)} - {None}
                for d in members(dom):
                    source = picture_class(d)
                    for target in targets:
                        if source is not None and source != target:
                            edges.add((label(ontology, source), label(ontology, prop), label(ontology, target)))
    return sorted(edges)


def data_model_svg(ontology: Graph) -> bytes:
    import math

    plt = _pyplot()
    edges = model_edges(ontology)
    names = sorted({e[0] for e in edges} | {e[2] for e in edges})
    hub = max(names, key=lambda n: (sum(n in (e[0], e[2]) for e in edges), n))  # evidence: at the centre
    ring = [n for n in names if n != hub]
    where = {
        n: (math.cos(2 * math.pi * i / len(ring)), math.sin(2 * math.pi * i / len(ring))) for i, n in enumerate(ring)
    }
    where[hub] = (0.0, 0.0)
    figure, axes = plt.subplots(figsize=(12, 10))
    seen_pairs: dict[frozenset, int] = defaultdict(int)
    for source, prop, target in edges:
        pair = frozenset((source, target))
        bend = 0.12 * (1 + seen_pairs[pair]) * (1 if source < target else -1)
        seen_pairs[pair] += 1
        (x1, y1), (x2, y2) = where[source], where[target]
        axes.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#666666",
                "shrinkA": 38,
                "shrinkB": 38,
                "connectionstyle": f"arc3,rad={bend}",
            },
        )
        t = 0.35 if target == hub else 0.65 if source == hub else 0.5  # labels away from the crowded centre
        mx, my = x1 + t * (x2 - x1) - bend * (y2 - y1) / 2, y1 + t * (y2 - y1) + bend * (x2 - x1) / 2
        axes.text(
            mx,
            my,
            prop,
            fontsize=7.5,
            ha="center",
            va="center",
            color="#333333",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    for i, name in enumerate(names):
        x, y = where[name]
        axes.text(
            x,
            y,
            name,
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.5", "fc": COLOURS[i % len(COLOURS)], "ec": "#333333", "alpha": 0.9},
        )
    axes.set_xlim(-1.35, 1.35)
    axes.set_ylim(-1.25, 1.25)
    axes.set_axis_off()
    axes.set_title("celltx data model: object properties between the main classes (from rdfs:domain / rdfs:range)")
    return _svg(figure)


_COMPONENT_LIST = ", ".join(f"celltx:{p}" for p in COMPONENTS)
CAR_QUERY = (
    PREFIX_BLOCK
    + f"""
SELECT ?car ?generation ?property ?component WHERE {{
  ?class celltx:generationNumber ?generation .
  ?car a ?class ; ?property ?component ; celltx:hasEvidence/celltx:locator "Fig.2" .
  FILTER(?property IN ({_COMPONENT_LIST}))
}} ORDER BY ?generation ?car ?property ?component
"""
)


def _rows(graph: Graph, query: str) -> list[tuple]:
    """The rows of a SELECT on ``graph``, as tuples of rdflib terms."""
    return [tuple(row) for row in graph.query(query)]  # type: ignore[arg-type]


def car_generations(graph: Graph) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """(generation, prototype label, [(component property label, component label)]) per prototype."""
    rows = defaultdict(list)
    generation = {}
    for car, number, prop, component in _rows(graph, CAR_QUERY):
        generation[car] = int(str(number))
        rows[car].append((label(graph, prop), label(graph, component)))
    order = sorted(rows, key=lambda c: (generation[c], str(c)))
    return [(generation[c], label(graph, c), sorted(rows[c], key=lambda r: (_rank(graph, r[0]), r[1]))) for c in order]


def _rank(graph: Graph, prop_label: str) -> int:
    names = [label(graph, URIRef(CELLTX + p)) for p in COMPONENTS]
    return names.index(prop_label) if prop_label in names else len(names)


def car_generations_svg(graph: Graph) -> bytes:
    plt = _pyplot()
    cars = car_generations(graph)
    kinds = sorted({k for _, _, parts in cars for k, _ in parts}, key=lambda k: _rank(graph, k))
    colour = {k: COLOURS[i % len(COLOURS)] for i, k in enumerate(kinds)}
    figure, axes = plt.subplots(figsize=(2.3 * len(cars) + 1, 6.5))
    for x, (number, name, parts) in enumerate(cars):
        for y, (kind, part) in enumerate(parts):
            axes.add_patch(plt.Rectangle((x - 0.42, -y - 0.9), 0.84, 0.8, fc=colour[kind], ec="#333333"))
            axes.text(x, -y - 0.5, part, ha="center", va="center", fontsize=8, wrap=True)
        axes.text(x, 0.45, f"generation {number}", ha="center", va="bottom", fontsize=10, fontweight="bold")
        axes.text(x, 0.1, "\n".join(_wrap(name, 28)[:3]), ha="center", va="bottom", fontsize=6.5, color="#444444")
    deepest = max(len(parts) for _, _, parts in cars)
    for kind in kinds:
        axes.bar(0, 0, color=colour[kind], label=kind)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, -0.16), ncol=min(4, len(kinds)), fontsize=8, frameon=False)
    axes.set_xlim(-0.6, len(cars) - 0.4)
    axes.set_ylim(-deepest - 0.2, 1.6)
    axes.set_axis_off()
    axes.set_title("CAR generations (review Fig.2): construct components of each prototype in the graph")
    return _svg(figure)


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


APPROVAL_QUERY = (
    PREFIX_BLOCK
    + """
SELECT ?approval ?agency ?year WHERE {
  ?approval a celltx:RegulatoryApproval ; celltx:grantedBy ?agency ; celltx:year ?year .
} ORDER BY ?year ?agency ?approval
"""
)


def approvals_by_year(graph: Graph) -> dict[str, dict[int, int]]:
    """Agency label → year → number of approvals that agency granted that year."""
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for _approval, agency, year in _rows(graph, APPROVAL_QUERY):
        counts[label(graph, agency)][int(str(year))] += 1
    return {a: dict(sorted(years.items())) for a, years in sorted(counts.items())}


def approvals_svg(graph: Graph) -> bytes:
    plt = _pyplot()
    counts = approvals_by_year(graph)
    years = list(range(min(min(y) for y in counts.values()), max(max(y) for y in counts.values()) + 1))
    figure, axes = plt.subplots(figsize=(9, 4.5))
    bottom = [0] * len(years)
    for i, (agency, by_year) in enumerate(counts.items()):
        values = [by_year.get(y, 0) for y in years]
        axes.bar(years, values, bottom=bottom, label=agency, color=COLOURS[i % len(COLOURS)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(years)
    axes.set_ylabel("approvals")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    axes.set_title("Cell therapy approvals per agency and year (celltx:RegulatoryApproval)")
    return _svg(figure)


# ---------------------------------------------------------------- writing


def write_docs(out_dir: Path | None = None, images_dir: Path | None = None, graph: Graph | None = None) -> list[Path]:
    """Write celltx.html into ``out_dir`` (default ./build) and the pictures into ``images_dir``."""
    from ..graph.build import build_graph, read_ontology

    graph = graph if graph is not None else build_graph()
    ontology = read_ontology()
    out_dir = Path(out_dir or "build")
    images_dir = Path(images_dir) if images_dir is not None else paths.images_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    images_dir.mkdir(parents=True, exist_ok=True)
    written = {
        out_dir / "celltx.html": ontology_html(ontology).encode("utf-8"),
        images_dir / "data-model.svg": data_model_svg(ontology),
        images_dir / "car-generations.svg": car_generations_svg(graph),
        images_dir / "approvals-by-year.svg": approvals_svg(graph),
    }
    for path, data in written.items():
        write_atomic(path, data)
    return list(written)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m celltx_kg.release.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="build", help="folder for celltx.html (default: ./build)")
    parser.add_argument("--images", default=None, help="folder for the pictures (default: docs/images)")
    args = parser.parse_args(argv)
    for path in write_docs(Path(args.out), Path(args.images) if args.images else None):
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
