"""Bad input: one line on stderr naming what is valid, exit code 2, no traceback."""

from __future__ import annotations

import pytest

BAD = [
    (["query", "no-such-query"], "celltx-kg queries lists"),
    (["query", "aproved-products"], "did you mean 'approved-products'"),
    (["query", "approved-products", "-p", "targt=BCMA"], "did you mean 'target'"),
    (["query", "approved-products", "-f", "jsn"], "did you mean 'json'"),
    (["qurey", "approved-products"], "did you mean 'query'"),
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
    assert lines[0].startswith("celltx-kg: error: "), "one error prefix for every command"
    assert done.stdout == ""


def test_stacktrace_shows_the_traceback_and_keeps_the_exit_code(cli):
    done = cli("--stacktrace", "query", "no-such-query")
    assert done.returncode == 2, done.stderr
    assert "Traceback" in done.stderr and "UsageError" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("celltx-kg: error: unknown query")


def test_query_help_describes_the_query(cli):
    done = cli("query", "approved-products", "--help")
    assert done.returncode == 0
    assert "target" in done.stdout and "按靶点" in done.stdout and "Example:" in done.stdout


def test_queries_lists_saved_queries(cli):
    done = cli("queries")
    assert done.returncode == 0
    assert "approved-products" in done.stdout and "table2-approvals" in done.stdout


def test_a_dash_reads_standard_input(cli, tmp_path):
    """validate - and query --file - take what a pipe gives them; an empty pipe is a one-line error."""
    from conftest import ROOT

    bad = (ROOT / "docs" / "examples" / "approval-two-agencies.ttl").read_text(encoding="utf-8")
    done = cli("validate", "-", input=bad)
    assert done.returncode == 1 and "exactly one regulatory agency" in done.stdout, done.stderr
    empty = cli("validate", "-", input="")
    assert empty.returncode == 2 and empty.stderr.startswith("celltx-kg: error: standard input"), empty.stderr
    query = (ROOT / "docs" / "examples" / "my-query.rq").read_text(encoding="utf-8")
    done = cli("query", "--file", "-", "-p", "year=2017", "-f", "csv", input=query)
    assert done.returncode == 0, done.stderr
    # Table 2: Kymriah and Yescarta, both FDA 2017
    assert {line.split(",")[0] for line in done.stdout.splitlines()[1:]} == {"Kymriah", "Yescarta"}
