"""The reference identifier tables (sources/reference/*.tsv): which identifiers they confirm, and where.

Only rows marked ``confirmed`` give identifiers. Every CURIE in a confirmed row's identifier
columns (``curie``, ``other_ids`` and the ``*_exact`` columns; never ``notes``) is read, whatever
the spelling of its prefix (``HGNC:1633`` and ``hgnc:1633`` name the same record), and kept with the
row it came from, so that a mapping can cite that row as its justification.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from .. import paths
from ..namespaces import expand_curie

#: Columns that hold identifiers; every other column is prose.
ID_COLUMNS = ("curie", "other_ids", "ncit_exact", "doid_exact", "efo_exact", "mesh_exact", "trial_id")
#: Columns that name the record the identifier denotes, in order of preference.
LABEL_COLUMNS = ("ontology_label", "mondo_label", "symbol", "inn", "label_en")
_CURIE = re.compile(r"\b([A-Za-z][A-Za-z0-9]*):([A-Za-z0-9][A-Za-z0-9_.-]*)")
_NCT = re.compile(r"^NCT\d{8}$")


@dataclass(frozen=True)
class ReferenceRow:
    """One row of a reference table: the file, its line (1 = header) and the row's columns."""

    file: str  # e.g. "sources/reference/antigens.tsv"
    line: int
    columns: tuple[tuple[str, str], ...]

    def get(self, column: str) -> str:
        return dict(self.columns).get(column, "") or ""

    @property
    def confirmed(self) -> bool:
        return self.get("confidence") == "confirmed"

    @property
    def label(self) -> str:
        return next((self.get(c) for c in LABEL_COLUMNS if self.get(c)), "")

    @property
    def locator(self) -> str:
        """``sources/reference/antigens.tsv#L4``: the row a reader can open."""
        return f"{self.file}#L{self.line}"

    def iris(self) -> list[str]:
        """The IRIs of the identifiers in the row's identifier columns (unknown prefixes left out)."""
        found = []
        for column in ID_COLUMNS:
            value = self.get(column)
            if column == "trial_id" and _NCT.match(value):
                value = f"clinicaltrials:{value}"
            for prefix, local in _CURIE.findall(value):
                iri = expand_curie(f"{prefix}:{local}")
                if iri and iri not in found:
                    found.append(iri)
        return found


@cache
def reference_rows() -> tuple[ReferenceRow, ...]:
    """Every row of every reference table, in file and line order."""
    rows = []
    root = paths.data_root()
    for path in sorted(paths.reference_dir().glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
                rows.append(
                    ReferenceRow(
                        path.relative_to(root).as_posix(),
                        line,
                        tuple((k, (v or "").strip()) for k, v in row.items() if k),
                    )
                )
    return tuple(rows)


@cache
def confirmed_identifiers() -> dict[str, ReferenceRow]:
    """IRI → the first confirmed row that gives it."""
    found: dict[str, ReferenceRow] = {}
    for row in reference_rows():
        if row.confirmed:
            for iri in row.iris():
                found.setdefault(iri, row)
    return found


def review_trial_ids() -> set[str]:
    """The trial numbers the review names (``named_in_review`` = yes in trials.tsv)."""
    return {
        row.get("trial_id")
        for row in reference_rows()
        if row.file.endswith("trials.tsv") and row.get("named_in_review") == "yes" and _NCT.match(row.get("trial_id"))
    }
