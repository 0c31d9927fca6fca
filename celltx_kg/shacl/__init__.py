"""SHACL validation of the graph and of new facts (pySHACL, with SPARQL constraints on pyoxigraph)."""

from __future__ import annotations

from .report import SEVERITIES, Report, Result
from .validate import FactsValidator, validate_files, validate_graph, validate_new

__all__ = ["SEVERITIES", "FactsValidator", "Report", "Result", "validate_files", "validate_graph", "validate_new"]
