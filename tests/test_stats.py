"""celltx-kg stats: completeness figures, text and JSON."""

from __future__ import annotations

import json


def test_stats_json_counts(cli):
    done = cli("stats", "--format", "json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    # Table 2's 14 rows, plus Tecelra (2.2) and Lifileucel (2.3) approved by the FDA in the prose.
    assert stats["provenance"]["RegulatoryApproval"]["total"] == 16
    # Every fact node carries evidence.
    assert all(v["total"] > 0 and v["without_evidence"] == 0 for v in stats["provenance"].values())
    # Table 1 has 11 rows.
    assert stats["provenance"]["TherapyTypeProfile"]["total"] == 11
    # No organisation has a confirmed identifier in the reference tables.
    assert stats["standard_identifiers"]["Organisation"]["with_identifier"] == 0
    assert stats["standard_identifiers"]["Molecule"]["with_identifier"] > 50
    assert stats["labels"]["en"]["missing"] == 0
    assert stats["triples"] > 10_000


def test_stats_text(cli):
    done = cli("stats")
    assert done.returncode == 0, done.stderr
    for heading in ("Fact nodes and provenance", "Entities and standard identifiers", "Labels of individuals",
                    "Nodes per class"):
        assert heading in done.stdout
