"""Where additions live (checkout, user data directory, --data) and the query-store cache shared by
several processes: one entry per data root, no entry deleted while another process reads it, one
writer per data root. Every test runs real `celltx-kg` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

GOOD = ROOT / "tests" / "curation" / "approval.conforming.ttl"  # celltxd:test-approval, Kymriah NMPA 2024
ASK_TEST_APPROVAL = "SELECT (COUNT(*) AS ?n) WHERE { celltxd:test-approval ?p ?o }"
#: celltxd:test-approval in approval.conforming.ttl: type, label, product, printed name, agency, year, indication,
#: evidence
TEST_APPROVAL_TRIPLES = 8


def count(result) -> int:
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[1])


def entries(cache: Path) -> set[Path]:
    return {e for root in cache.iterdir() if root.is_dir() for e in root.iterdir()
            if e.is_dir() and not e.name.startswith(".")}


# ---------------------------------------------------------------- an installed copy


@pytest.fixture(scope="module")
def installed(tmp_path_factory, built_wheel):
    """The wheel (built once per test run) installed into a fresh venv (dependencies from the running
    environment)."""
    wheel = built_wheel
    venv = tmp_path_factory.mktemp("wheel") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    # --ignore-installed: the running environment (seen through dependencies.pth) may hold an installed
    # celltx_kg of its own; the venv gets the wheel's copy regardless.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--ignore-installed",
                    "--quiet", str(wheel)], check=True, capture_output=True)
    package = site / "celltx_kg"
    assert (package / "ontology" / "celltx.ttl").is_file(), "the wheel's copy is the one installed"
    return venv, package


@pytest.mark.slow
def test_installed_copy_adds_to_the_user_data_directory_and_every_entry_point_sees_it(installed, tmp_path):
    venv, package = installed
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "xdg"), "CELLTX_KG_CACHE": str(tmp_path / "cache")}

    def run(*args):
        return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True, timeout=600)

    added = run("celltx-kg", "add", str(GOOD))
    assert added.returncode == 0, added.stdout + added.stderr
    user_file = tmp_path / "xdg" / "celltx-kg" / "ontology" / "facts" / "added" / "approval-conforming.ttl"
    assert user_file.read_bytes() == GOOD.read_bytes()
    assert not list(package.rglob("approval-conforming.ttl")), "nothing written into site-packages"

    cli = run("celltx-kg", "sparql", ASK_TEST_APPROVAL, "-f", "csv")
    module = run(str(venv / "bin" / "python"), "-m", "celltx_kg", "sparql", ASK_TEST_APPROVAL, "-f", "csv")
    api = run(str(venv / "bin" / "python"), "-c", textwrap.dedent(f"""
        import celltx_kg as kg
        from celltx_kg.namespaces import PREFIX_BLOCK
        print("n"); print(next(iter(kg.open_store().query(PREFIX_BLOCK + {ASK_TEST_APPROVAL!r})))["n"].value)
        g = kg.build_graph()
        from rdflib import URIRef
        print(len(list(g.triples((URIRef("https://w3id.org/celltx/id/test-approval"), None, None)))))
    """))
    assert count(cli) == count(module) == TEST_APPROVAL_TRIPLES
    assert api.returncode == 0, api.stderr
    assert api.stdout.split() == ["n", str(TEST_APPROVAL_TRIPLES), str(TEST_APPROVAL_TRIPLES)]

    # --data DIR: additions there, seen only with --data DIR
    other = tmp_path / "project"
    assert run("celltx-kg", "--data", str(other), "add", str(GOOD)).returncode == 0
    assert (other / "ontology" / "facts" / "added" / "approval-conforming.ttl").is_file()
    env["XDG_DATA_HOME"] = str(tmp_path / "empty")
    assert count(run("celltx-kg", "sparql", ASK_TEST_APPROVAL, "-f", "csv")) == 0
    assert count(run("celltx-kg", "--data", str(other), "sparql", ASK_TEST_APPROVAL, "-f", "csv")) == \
        TEST_APPROVAL_TRIPLES


def test_a_checkout_keeps_additions_in_its_facts_folder(monkeypatch):
    from celltx_kg import paths

    monkeypatch.delenv("CELLTX_KG_DATA", raising=False)
    assert not paths.installed()
    assert paths.additions_dir() == ROOT / "ontology" / "facts" / "added"
    assert paths.registry_file() == ROOT / "sources" / "sources.tsv"


def test_data_dir_without_a_data_tree_keeps_the_shipped_ontology(monkeypatch, tmp_path):
    from celltx_kg import paths

    monkeypatch.setenv("CELLTX_KG_DATA", str(tmp_path))
    assert paths.data_root() == ROOT and paths.user_root() == tmp_path.resolve()
    assert paths.additions_dir() == tmp_path.resolve() / "ontology" / "facts" / "added"
    (paths.additions_dir()).mkdir(parents=True)
    (paths.additions_dir() / "x.ttl").write_text("", encoding="utf-8")
    files = paths.fact_files()
    assert files[-1] == paths.additions_dir() / "x.ttl" and ROOT / "ontology" / "facts" / "table2.ttl" in files


# ---------------------------------------------------------------- the cache, with several processes


def user_root_with_addition(base: Path, name: str) -> Path:
    root = base / name
    (root / "ontology" / "facts" / "added").mkdir(parents=True)
    (root / "ontology" / "facts" / "added" / "extra.ttl").write_text(
        '@prefix celltxd: <https://w3id.org/celltx/id/> .\n'
        '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
        f'celltxd:kymriah skos:altLabel "{name}"@en .\n', encoding="utf-8")
    return root


ALT = "SELECT ?l WHERE { celltxd:kymriah skos:altLabel ?l } ORDER BY ?l"


def test_alternating_data_roots_keeps_one_entry_each_and_does_not_rebuild(tmp_path):
    cache = tmp_path / "cache"
    env = {"CELLTX_KG_CACHE": str(cache)}
    roots = [user_root_with_addition(tmp_path, n) for n in ("alpha", "beta")]
    for root in roots:  # one build each
        assert run_cli("--data", str(root), "sparql", ALT, "-f", "csv", env=env).returncode == 0
    built = entries(cache)
    assert len(built) == 2
    inodes = {e: e.stat().st_ino for e in built}
    for root in roots * 2:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "celltx_kg", "--data", str(root), "sparql",
                               ALT, "-f", "csv"], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, **env}, timeout=600)
        assert done.returncode == 0, done.stderr
        assert f"\n{root.name}\n" in done.stdout, done.stdout
        assert "| rdflib" not in done.stderr, "a warm entry opens without rebuilding (no rdflib)"
    assert {e: e.stat().st_ino for e in entries(cache)} == inodes


def test_two_processes_at_once_on_two_data_roots(tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "CELLTX_KG_CACHE": str(cache)}
    roots = [user_root_with_addition(tmp_path, n) for n in ("alpha", "beta")]
    for _ in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "celltx_kg", "--data", str(r), "sparql", ALT, "-f", "csv"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
                 for r in roots]
        for root, proc in zip(roots, procs, strict=True):
            out, err = proc.communicate(timeout=600)
            assert proc.returncode == 0 and err == "", err
            assert out.splitlines()[1:] == [root.name]
    assert len(entries(cache)) == 2


READER = textwrap.dedent("""
    import sys
    from celltx_kg.namespaces import PREFIX_BLOCK
    from celltx_kg.sparql.store import open_store, cache_dir
    store = open_store()
    print(cache_dir(), flush=True)
    sys.stdin.readline()  # the other process rebuilds meanwhile
    rows = list(store.query(PREFIX_BLOCK + "SELECT ?l WHERE { celltxd:kymriah skos:altLabel ?l }"))
    print(sorted(r["l"].value for r in rows), flush=True)
""")


def test_a_rebuild_never_deletes_the_store_another_process_reads(tmp_path):
    cache = tmp_path / "cache"
    root = user_root_with_addition(tmp_path, "alpha")
    env = {**os.environ, "CELLTX_KG_CACHE": str(cache), "CELLTX_KG_DATA": str(root)}
    reader = subprocess.Popen([sys.executable, "-c", READER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        old = Path(reader.stdout.readline().strip())
        assert (old / "store").is_dir(), reader.stderr.read() if reader.poll() is not None else old
        # a source changes; another process rebuilds and sweeps superseded entries
        (root / "ontology" / "facts" / "added" / "more.ttl").write_text(
            '@prefix celltxd: <https://w3id.org/celltx/id/> .\n'
            '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
            'celltxd:kymriah skos:altLabel "gamma"@en .\n', encoding="utf-8")
        rebuilt = run_cli("sparql", ALT, "-f", "csv", env={"CELLTX_KG_CACHE": str(cache), "CELLTX_KG_DATA": str(root)})
        assert rebuilt.returncode == 0 and rebuilt.stdout.splitlines()[1:] == ["alpha", "gamma"], rebuilt.stderr
        assert (old / "store").is_dir(), "the entry in use was kept"
        out, err = reader.communicate("go\n", timeout=600)
        assert reader.returncode == 0, err
        assert out.strip() == "['alpha']" and "Traceback" not in err
    finally:
        if reader.poll() is None:
            reader.kill()
    # now unused: the next sweep removes it, and keeps the current entry
    swept = subprocess.run([sys.executable, "-c", "from celltx_kg.sparql.store import sweep, cache_dir; "
                            "print(len(sweep(keep=cache_dir())))"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert swept.stdout.strip() == "1", swept.stderr
    assert not old.exists() and len(entries(cache)) == 1


def test_a_second_writer_is_told_the_data_root_is_busy(tmp_path, monkeypatch):
    from celltx_kg.curate.lock import writer_lock

    root = tmp_path / "data"
    monkeypatch.setenv("CELLTX_KG_DATA", str(root))
    with writer_lock():  # this process is adding
        result = run_cli("add", str(GOOD), env={"CELLTX_KG_DATA": str(root),
                                                 "CELLTX_KG_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("celltx-kg: error: busy: another celltx-kg process is adding to ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (root / "ontology").exists(), "nothing written"
    after = run_cli("add", str(GOOD), env={"CELLTX_KG_DATA": str(root), "CELLTX_KG_CACHE": str(tmp_path / "cache")})
    assert after.returncode == 0, after.stdout + after.stderr


def test_an_unreadable_entry_is_a_one_line_error(tmp_path):
    cache = tmp_path / "cache"
    env = {"CELLTX_KG_CACHE": str(cache)}
    assert run_cli("sparql", ALT, "-f", "csv", env=env).returncode == 0
    (entry,) = entries(cache)
    for path in (entry / "store").iterdir():  # damage the store in place
        if path.is_file():
            path.write_bytes(b"\0garbage")
    result = run_cli("sparql", ALT, "-f", "csv", env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("celltx-kg: error: cannot open the cached store ")
