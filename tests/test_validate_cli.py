"""`celltx-kg validate` and `celltx-kg add`: exit codes, output formats, input formats, unsafe input.

Tests that run `add` work on a copy of the data tree (CELLTX_KG_DATA), never on ontology/facts/.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from celltx_kg.namespaces import CELLTX, CELLTXD, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "shapes"
GOOD = ROOT / "tests" / "curation" / "approval.conforming.ttl"  # Kymriah, NMPA 2024, a quote from the review
BAD = ROOT / "tests" / "curation" / "approval-two-agencies.violating.ttl"  # the same approval granted by FDA and NMPA
TEST_APPROVAL = URIRef(CELLTXD + "test-approval")
SUMMARY = re.compile(r"^(\d+) violations?, (\d+) warnings? in (\d+) nodes?: (conforms|does not conform)")
CJK = re.compile("[\u4e00-\u9fff]")


def summary(stdout: str) -> re.Match:
    match = SUMMARY.match(stdout.strip().splitlines()[-1])
    assert match, f"no summary line in:\n{stdout}"
    return match


def one_line_error(result, fragment: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("celltx-kg: error: "), result.stderr
    assert fragment in lines[0], f"expected “{fragment}” in: {lines[0]}"
    assert result.stdout == ""


# ---------------------------------------------------------------- exit codes 0 and 1


def test_conforming_file_exits_0(cli):
    result = cli("validate", str(GOOD))
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary(result.stdout).group(4) == "conforms"


def test_violating_file_exits_1_with_one_line_per_violation(cli):
    result = cli("validate", str(BAD))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Test approval (celltxd:test-approval)  celltx:grantedBy: An approval needs exactly "
                               "one regulatory agency"), lines[0]
    assert " / " in lines[0] and CJK.search(lines[0]), "the message in English and Chinese"
    assert summary(result.stdout).groups() == ("1", "0", "1", "does not conform")


def test_whole_graph(cli):
    result = cli("validate")
    assert result.returncode in (0, 1), result.stderr
    verdict = summary(result.stdout).group(4)
    assert result.returncode == (0 if verdict == "conforms" else 1)


def test_new_facts_use_existing_nodes_and_subclass_instances_are_targeted(cli, tmp_path):
    """A new product points at the existing CD19 node; shapes on super-classes (celltx:CellTherapy)
    and on derived classes (celltx:EngineeredReceptorCellTherapy, added by the build) apply."""
    path = tmp_path / "new-product.ttl"
    path.write_text(f"""
        @prefix celltx: <{CELLTX}> . @prefix celltxd: <{CELLTXD}> . @prefix prov: <{PREFIXES['prov']}> .
        @prefix rdfs: <{PREFIXES['rdfs']}> . @prefix obo: <{PREFIXES['obo']}> .
        celltxd:test-product a celltx:CellTherapyProduct ;
            rdfs:label "Test product"@en , "测试产品"@zh ;
            celltx:hasReceptor [ a celltx:ChimericAntigenReceptor ; celltx:bindsAntigen celltxd:bcma ] ;
            celltx:targetsAntigen celltxd:cd19 ;
            celltx:developedBy celltxd:novartis ;
            celltx:hasEvidence [ a celltx:Evidence ; prov:wasDerivedFrom celltxd:review ;
                                 celltx:locator "2.1.1" ; celltx:quote "测试"@zh ] .
    """, encoding="utf-8")
    result = cli("validate", "--format", "json", str(path))
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)["results"]
    shapes = {(r["sourceShape"], r["sourceConstraint"]) for r in rows if r["focusNode"] == CELLTXD + "test-product"}
    assert (CELLTX + "TherapyEffectorCellShape", None) in shapes  # targetClass celltx:CellTherapy
    assert (CELLTX + "EngineeredTherapyShape", CELLTX + "ReceptorAntigenIsTargetConstraint") in shapes
    assert not [r for r in rows if r["focusNode"] in (CELLTXD + "cd19", CELLTXD + "bcma")], \
        "existing nodes the new facts point at are known"


# ---------------------------------------------------------------- report formats


def test_json_report(cli, tmp_path):
    out = tmp_path / "report.json"
    result = cli("validate", "-f", "json", "-o", str(out), str(BAD))
    assert result.returncode == 1
    assert SUMMARY.match(result.stderr.strip()), result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["conforms"] is False and doc["violations"] == 1 and doc["nodes"] == 1
    row = doc["results"][0]
    assert row["focusNode"] == str(TEST_APPROVAL)
    assert row["resultPath"] == CELLTX + "grantedBy"
    assert row["sourceShape"] == CELLTX + "ApprovalAgencyShape"
    assert row["sourceConstraintComponent"] == str(SH.MaxCountConstraintComponent)
    assert set(row["message"]) == {"en", "zh"}


def test_turtle_report_is_a_w3c_validation_report(cli):
    result = cli("validate", "--format", "turtle", str(BAD))
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    (row,) = report.objects(node, SH.result)
    assert report.value(row, SH.focusNode) == TEST_APPROVAL
    assert report.value(row, SH.resultSeverity) == SH.Violation
    assert report.value(row, SH.resultPath) == URIRef(CELLTX + "grantedBy")
    assert {m.language for m in report.objects(row, SH.resultMessage)} == {"en", "zh"}


# ---------------------------------------------------------------- input formats


FORMATS = {"nt": "nt", "trig": "trig", "jsonld": "json-ld", "rdf": "xml", "nq": "nquads"}


def _convert(source: Path, target: Path, fmt: str) -> None:
    graph = Graph().parse(source, format="turtle")
    if fmt == "json-ld":
        context = {k: v for k, v in PREFIXES.items()}
        target.write_text(graph.serialize(format="json-ld", context=context), encoding="utf-8")
    elif fmt in ("trig", "nquads"):
        from rdflib import Dataset

        ds = Dataset()
        named = ds.graph(URIRef("https://example.org/graph"))
        named += graph
        target.write_text(ds.serialize(format=fmt), encoding="utf-8")
    else:
        target.write_text(graph.serialize(format=fmt), encoding="utf-8")


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_each_input_format_reads_the_same_triples(tmp_path, ext):
    from celltx_kg.graph.ingest import read_rdf_file

    target = tmp_path / f"facts.{ext}"
    _convert(GOOD, target, FORMATS[ext])
    assert isomorphic(read_rdf_file(target), Graph().parse(GOOD, format="turtle"))


def test_jsonld_with_the_project_context(tmp_path):
    """celltx.jsonld as `celltx-kg build` writes it refers to "context.jsonld": that one is known."""
    from celltx_kg.graph.serialize import serialize
    from celltx_kg.graph.ingest import read_rdf_file

    graph = Graph().parse(GOOD, format="turtle")
    target = tmp_path / "facts.jsonld"
    doc = json.loads(serialize(graph, "json-ld"))
    doc["@context"] = "context.jsonld"  # as a file beside the release's context.jsonld would say
    target.write_text(json.dumps(doc), encoding="utf-8")
    assert isomorphic(read_rdf_file(target), graph)


def test_validate_every_format_from_the_command_line(cli, tmp_path):
    files = []
    for ext, fmt in sorted(FORMATS.items()):
        files.append(tmp_path / f"good.{ext}")
        _convert(GOOD, files[-1], fmt)
    bad = tmp_path / "bad.jsonld"
    _convert(BAD, bad, "json-ld")
    assert cli("validate", *map(str, files)).returncode == 0
    result = cli("validate", str(bad))
    assert result.returncode == 1 and "exactly one regulatory agency" in result.stdout


# ---------------------------------------------------------------- unusable input: exit 2


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/celltx/id/test-drug"><rdfs:label>&d;</rdfs:label></rdf:Description>
</rdf:RDF>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> <!ENTITY remote SYSTEM "http://127.0.0.1:9/x"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/celltx/id/test-drug">
    <rdfs:label>&secret;&remote;</rdfs:label></rdf:Description>
</rdf:RDF>
"""
REMOTE_CONTEXT = json.dumps({"@context": "http://127.0.0.1:9/context.jsonld",
                             "@id": CELLTXD + "test-drug", "rdfs:label": "x"})
IMPORTED_CONTEXT = json.dumps({"@context": {"@import": "http://127.0.0.1:9/context.jsonld"},
                               "@id": CELLTXD + "test-drug"})


def _malformed(path: Path) -> None:
    path.write_text(f'@prefix celltxd: <{CELLTXD}> .\n@prefix rdfs: <{PREFIXES["rdfs"]}> .\n'
                    'celltxd:test-drug rdfs:label "unterminated ;\n    rdfs:label "x"@en .\n', encoding="utf-8")


def _huge(path: Path) -> None:
    """A sparse file far larger than any fact file (11 MB)."""
    path.write_bytes(b"")
    os.truncate(path, 11 * 1024 * 1024)


BAD_INPUTS = {
    # name: (file name, writer, expected fragment of the error)
    "malformed-turtle": ("bad.ttl", _malformed, "bad.ttl:3:"),
    "unknown-prefix": ("prefix.ttl", lambda p: p.write_text("foo:a foo:b foo:c .\n"), "unknown prefix foo:"),
    "malformed-ntriples": ("bad.nt", lambda p: p.write_text("<http://a> <http://b> \"c .\n"), "bad.nt:1:"),
    "malformed-json": ("bad.jsonld", lambda p: p.write_text('{"@id": "x",,}'), "bad.jsonld:1:"),
    "empty": ("empty.ttl", lambda p: p.write_bytes(b""), "empty file"),
    "only-comments": ("comments.ttl", lambda p: p.write_text("# nothing\n@prefix a: <http://a/> .\n"), "no triples"),
    "binary": ("image.ttl", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
               "binary file"),
    "not-utf8": ("latin1.ttl", lambda p: p.write_bytes('<http://a> <http://b> "caf\xe9" .\n'.encode("latin-1")),
                 "not UTF-8"),
    "missing": ("missing.ttl", None, "no such file"),
    "unknown-extension": ("facts.xlsx", lambda p: p.write_text("a,b,c\n"), "unknown extension '.xlsx'"),
    "xml-external-entity": ("xxe.rdf", lambda p: p.write_text(XXE), "DOCTYPE or ENTITY declaration is refused"),
    "xml-entity-bomb": ("bomb.rdf", lambda p: p.write_text(BOMB), "DOCTYPE or ENTITY declaration is refused"),
    "jsonld-remote-context": ("remote.jsonld", lambda p: p.write_text(REMOTE_CONTEXT), "remote JSON-LD @context"),
    "jsonld-import": ("import.jsonld", lambda p: p.write_text(IMPORTED_CONTEXT), "@import"),
    "too-large": ("huge.nt", _huge, "larger than the 10 MB limit"),
    "relative-iri": ("relative.ttl", lambda p: p.write_text("<drug> <label> <x> .\n"), "relative or file: IRI"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_unusable_input_exits_2_with_one_line(cli, tmp_path, case):
    name, writer, fragment = BAD_INPUTS[case]
    path = tmp_path / name
    if writer:
        writer(path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli("validate", str(path))
    one_line_error(result, fragment)
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing written"


def test_unknown_option_value_exits_2(cli):
    result = cli("validate", "--format", "xml", str(GOOD))
    assert result.returncode == 2 and "invalid choice" in result.stderr


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    import socket

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("case", ["xml-external-entity", "jsonld-remote-context", "jsonld-import"])
def test_unsafe_files_are_refused_without_network_access(tmp_path, no_network, case):
    from celltx_kg.errors import InputError
    from celltx_kg.graph.ingest import read_rdf_file

    name, writer, fragment = BAD_INPUTS[case]
    writer(tmp_path / name)
    with pytest.raises(InputError, match=re.escape(fragment)):
        read_rdf_file(tmp_path / name)
    assert no_network == []


# ---------------------------------------------------------------- add


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the data tree; CELLTX_KG_DATA points the CLI at it."""
    root = tmp_path / "data"
    for folder in ("ontology", "shapes", "queries"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    return root


def tree_hash(root: Path) -> str:
    """Every path (files and folders) and every file's bytes under root/ontology."""
    digest = hashlib.sha256()
    for path in sorted((root / "ontology").rglob("*")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def add(cli, data: Path, tmp_path: Path, *args):
    return cli("add", *args, env={"CELLTX_KG_DATA": str(data), "CELLTX_KG_CACHE": str(tmp_path / "cache")})


def test_add_copies_a_conforming_turtle_file_into_the_sources(cli, data_copy, tmp_path, monkeypatch):
    result = add(cli, data_copy, tmp_path, str(GOOD))
    assert result.returncode == 0, result.stdout + result.stderr
    target = data_copy / "ontology" / "facts" / "added" / "approval-conforming.ttl"
    assert target.read_bytes() == GOOD.read_bytes()
    assert "added" in result.stderr
    from celltx_kg.graph.build import build_graph

    monkeypatch.setenv("CELLTX_KG_DATA", str(data_copy))
    assert (TEST_APPROVAL, RDF.type, URIRef(CELLTX + "RegulatoryApproval")) in build_graph(), "the next build has it"


def test_add_writes_other_formats_as_turtle_with_the_project_prefixes(cli, data_copy, tmp_path):
    source = tmp_path / "new-approval.jsonld"
    _convert(GOOD, source, "json-ld")
    result = add(cli, data_copy, tmp_path, str(source))
    assert result.returncode == 0, result.stdout + result.stderr
    target = data_copy / "ontology" / "facts" / "added" / "new-approval.ttl"
    text = target.read_text(encoding="utf-8")
    assert f"@prefix celltxd: <{CELLTXD}> ." in text and "ns1:" not in text
    assert isomorphic(Graph().parse(target, format="turtle"), Graph().parse(GOOD, format="turtle"))


@pytest.mark.parametrize("source,code", [(BAD, 1), (FIXTURES / "missing.ttl", 2)], ids=["violations", "missing"])
def test_failed_add_leaves_the_sources_byte_identical(cli, data_copy, tmp_path, source, code):
    before = tree_hash(data_copy)
    result = add(cli, data_copy, tmp_path, str(source))
    assert result.returncode == code, result.stdout + result.stderr
    assert tree_hash(data_copy) == before
    if code == 1:
        assert "nothing was written" in result.stderr


def test_add_malformed_file_leaves_the_sources_byte_identical(cli, data_copy, tmp_path):
    path = tmp_path / "bad.ttl"
    _malformed(path)
    before = tree_hash(data_copy)
    one_line_error(add(cli, data_copy, tmp_path, str(path)), "bad.ttl:3:")
    assert tree_hash(data_copy) == before


def test_add_never_replaces_an_existing_file(cli, data_copy, tmp_path):
    assert add(cli, data_copy, tmp_path, str(GOOD)).returncode == 0
    before = tree_hash(data_copy)
    one_line_error(add(cli, data_copy, tmp_path, str(GOOD)), "already exists")
    assert tree_hash(data_copy) == before


def test_add_refuses_a_file_that_is_already_a_source(cli, data_copy, tmp_path):
    before = tree_hash(data_copy)
    one_line_error(add(cli, data_copy, tmp_path, str(data_copy / "ontology" / "facts" / "table2.ttl")),
                   "already one of the curated sources")
    assert tree_hash(data_copy) == before


def test_a_failure_while_writing_leaves_the_sources_byte_identical(data_copy, monkeypatch, graph):
    """The last step (linking the staged file into place) fails: no file, no staging file, no folder."""
    from celltx_kg.errors import CelltxError
    from celltx_kg.curate.add import add_file

    monkeypatch.setenv("CELLTX_KG_DATA", str(data_copy))
    before = tree_hash(data_copy)

    def broken_link(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", broken_link)
    with pytest.raises(CelltxError, match="No space left on device"):
        add_file(GOOD, base=graph)
    assert tree_hash(data_copy) == before
    assert not (data_copy / "ontology" / "facts" / "added").exists()
