"""What ``celltx-kg load`` uploads: the built graph whole, or split by source."""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import DEFAULT_GRAPH_IRI

# --------------------------------------------------------------------------- what to load


@dataclass
class Part:
    """One graph to upload: its target IRI and its N-Triples."""

    name: str
    graph: str
    data: bytes
    reader: bool = True  # part of what readers query (shapes and the query catalogue are not)


def single_part(graph: str = DEFAULT_GRAPH_IRI) -> list[Part]:
    """The built graph (ontology + facts + derived types), from the query-store cache."""
    from ..sparql.store import graph_ntriples

    return [Part("graph", graph, graph_ntriples().read_bytes())]


def split_parts(graph: str = DEFAULT_GRAPH_IRI, notes: list[str] | None = None) -> list[Part]:
    """Ontology, facts (with derived types), shapes and query catalogue, each into ``<graph>/<part>``."""
    from ..graph.build import build_graph, read_shapes
    from ..graph.serialize import serialize

    full = build_graph()
    ontology = build_graph(files=[], derive=False)
    sources = {"ontology": ontology, "facts": full - ontology, "shapes": read_shapes()}
    # Blank-node labels canonical (RDFC-1.0): the same content gives the same bytes, so the same version.
    data = {name: canonical_ntriples(serialize(g, "nt")) for name, g in sources.items()}
    catalogue = catalogue_ntriples()
    if catalogue is None:
        if notes is not None:
            notes.append("the query catalogue has no RDF form in this version: no /queries graph was loaded")
    else:
        data["queries"] = catalogue
    return [
        Part(name, f"{graph.rstrip('/')}/{name}", body, name in ("ontology", "facts")) for name, body in data.items()
    ]


def catalogue_ntriples() -> bytes | None:
    """The saved-query catalogue as N-Triples (``None`` where the catalogue has no RDF form)."""
    try:
        from ..sparql.catalogue_rdf import catalogue_rdf
    except ImportError:
        return None
    return catalogue_rdf("ntriples")


def canonical_ntriples(data: bytes) -> bytes:
    """N-Triples with blank nodes relabelled canonically (RDFC-1.0) and lines sorted."""
    import pyoxigraph as ox

    dataset = ox.Dataset(
        ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .".encode() for q in dataset})
    return b"\n".join(lines) + b"\n" if lines else b""


# --------------------------------------------------------------------------- parallel upload


def _blank_node_lines(data: bytes) -> list[tuple[int, int]]:
    """Where the lines that hold ``_:`` start and end, in order (found with ``bytes.find``: a
    regular expression over the whole text took seconds at 10^6 triples)."""
    spans = []
    at = data.find(b"_:")
    while at != -1:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end == -1 else end + 1
        spans.append((start, end))
        at = data.find(b"_:", end)
    return spans


def upload_pieces(data: bytes, count: int) -> list[bytes]:
    """N-Triples cut at line ends into about ``count`` pieces of similar size, to upload at once.

    A blank-node label names the same node only within one document, so every line that holds
    ``_:`` goes into the first piece; the rest is cut anywhere between lines."""
    if count <= 1 or not data:
        return [data]
    head = b""
    spans = _blank_node_lines(data)
    if spans:
        head = b"".join(data[a:b] if data[b - 1 : b] == b"\n" else data[a:b] + b"\n" for a, b in spans)
        ends = [0, *(b for _, b in spans)]
        starts = [*(a for a, _ in spans), len(data)]
        data = b"".join(data[b:a] for b, a in zip(ends, starts))
    step = (len(head) + len(data)) // count
    pieces, start = [], 0
    for i in range(count):
        end = len(data) if i == count - 1 else data.find(b"\n", max(start, step * (i + 1) - len(head))) + 1
        if end <= 0:
            end = len(data)
        piece = (head if i == 0 else b"") + data[start:end]
        if piece:
            pieces.append(piece)
        start = end
    return pieces or [b""]
