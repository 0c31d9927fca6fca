"""Bad input: one line on stderr naming what is valid, exit code 2, no traceback."""

from __future__ import annotations

import pytest

BAD = [
    (["query", "no-such-query"], "approved-products"),
    (["query", "approved-products", "--param", "colour=red"], "target"),
    (["query", "approved-products", "--param", "target"], "NAME=VALUE"),
    (["query", "approved-products", "--param", "target=NoSuchAntigen"], "NoSuchAntigen"),
    (["query", "approved-products", "--param", "year=twenty"], "integer"),
    (["query", "approved-products", "--format", "yaml"], "table"),
    (["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "SERVICE"),
    (["sparql", "SELEKT nonsense"], "syntax"),
    (["query", "--file", "does-not-exist.rq"], "does-not-exist.rq"),
]


@pytest.mark.parametrize("args,hint", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_gives_one_line_and_exit_2(cli, args, hint):
    done = cli(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert hint.lower() in lines[0].lower()
    assert done.stdout == ""


def test_query_help_describes_the_query(cli):
    done = cli("query", "approved-products", "--help")
    assert done.returncode == 0
    assert "target" in done.stdout and "按靶点" in done.stdout and "Example:" in done.stdout


def test_queries_lists_saved_queries(cli):
    done = cli("queries")
    assert done.returncode == 0
    assert "approved-products" in done.stdout and "table2-approvals" in done.stdout
