"""Quotes are checked against the text of the source they cite (whitespace-insensitive).

An evidence record's ``prov:wasDerivedFrom`` names its source: ``celltxd:review`` (sources/review.txt)
or a source registered with ``celltx-kg source add`` (its text file). Each piece of a quote (pieces
are joined with ``…`` where the text breaks) must occur in that text once all whitespace is removed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..namespaces import CELLTX

if TYPE_CHECKING:
    from rdflib import Graph

MESSAGE = {
    "en": "The quote does not occur in the text of its source (whitespace aside): copy it verbatim from the source "
    "named by prov:wasDerivedFrom, joining pieces with …",
    "zh": "引文未出现在其来源文献的原文中（空白字符除外）：请从 prov:wasDerivedFrom 所指来源逐字照抄，分段处用 … 连接。",
}
_PIECES = re.compile(r"\s*(?:…|\.\.\.)\s*")


def compact(text: str) -> str:
    """The text with all whitespace removed (quotes and sources are compared this way)."""
    return re.sub(r"\s+", "", text)


def quote_found(quote: str, compact_text: str) -> bool:
    pieces = [compact(p) for p in _PIECES.split(quote)]
    return all(p in compact_text for p in pieces if p)


def missing_quotes(graph: Graph) -> list[tuple]:
    """``(evidence node, quote literal, source IRI)`` for each quote its source's text lacks.
    Sources without a known text are left to the shapes (prov:wasDerivedFrom sh:class)."""
    from rdflib import URIRef
    from rdflib.namespace import PROV

    from ..graph.registry import source_texts

    texts = source_texts()
    cache: dict[str, str | None] = {}
    missing = []
    for evidence, quote in graph.subject_objects(URIRef(CELLTX + "quote")):
        for source in graph.objects(evidence, PROV.wasDerivedFrom):
            path = texts.get(str(source))
            if path is None:
                continue
            if str(source) not in cache:
                try:
                    cache[str(source)] = compact(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    cache[str(source)] = None
            text = cache[str(source)]
            if text is not None and not quote_found(str(quote), text):
                missing.append((evidence, quote, source))
    return missing


def add_quote_results(report, graph: Graph) -> None:
    """Add a violation to ``report`` (results, W3C report graph, display data) per missing quote."""
    from rdflib import RDF, BNode, Literal, URIRef
    from rdflib.namespace import SH

    from ..shacl.report import Result

    for evidence, quote, _source in missing_quotes(graph):
        node = BNode()
        g = report.report_graph
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, evidence))
        g.add((node, SH.resultPath, URIRef(CELLTX + "quote")))
        g.add((node, SH.value, quote))
        g.add((node, SH.resultSeverity, SH.Violation))
        g.add((node, SH.sourceShape, URIRef(CELLTX + "EvidenceQuoteShape")))
        for lang, text in MESSAGE.items():
            g.add((node, SH.resultMessage, Literal(text, lang=lang)))
        report.results.append(
            Result(
                "violation",
                evidence,
                f"<{CELLTX}quote>",
                quote,
                dict(MESSAGE),
                URIRef(CELLTX + "EvidenceQuoteShape"),
                None,
                None,
                node,
            )
        )
        for triple in graph.triples((evidence, None, None)):
            report.data.add(triple)
        for triple in graph.triples((None, None, evidence)):
            report.data.add(triple)
            for label in graph.triples((triple[0], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None)):
                report.data.add(label)


__all__ = ["MESSAGE", "add_quote_results", "compact", "missing_quotes", "quote_found"]
