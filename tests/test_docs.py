"""The README and docs/: short, no section twice, links that resolve, and every example runs.

A command example is a line of a ```sh block that starts with ``celltx-kg`` (or a ``$ celltx-kg``
line of a transcript). It runs in a copy of the data (so ``add`` changes nothing here), from a
folder holding ``docs/examples/``; its exit code must be the one the text documents: 0, or the
number after ``# exit`` at the end of the line. ```python blocks run as scripts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


def blocks(path: Path):
    return FENCE.findall(path.read_text(encoding="utf-8"))


def prose(path: Path) -> str:
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def command_examples() -> list[tuple[str, str, int]]:
    found = []
    for path in DOCS:
        for lang, body in blocks(path):
            text = re.sub(r"\\\n\s*", " ", body)
            for line in text.splitlines():
                line = line.strip()
                if lang in ("sh", "bash", "shell") and line.startswith("celltx-kg "):
                    command = line
                elif line.startswith("$ celltx-kg "):
                    command = line[2:]
                else:
                    continue
                match = EXIT.search(command)
                code = int(match.group(1)) if match else 0
                command = re.sub(r"\s+#.*$", "", command)
                found.append((path.relative_to(ROOT).as_posix(), command, code))
    return found


def python_examples() -> list[tuple[str, str]]:
    return [(p.relative_to(ROOT).as_posix(), body) for p in DOCS for lang, body in blocks(p) if lang == "python"]


def test_readme_is_short():
    size = len((ROOT / "README.md").read_bytes())
    assert size <= 12_500, f"README.md is {size} bytes: keep it near 12 KB and move detail into docs/"


def test_the_readme_has_the_two_quick_start_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1]
    lang, body = FENCE.findall(quick)[0]
    assert body.strip().splitlines() == [
        "python3 -m pip install . && celltx-kg query approved-products --param target=BCMA --param agency=NMPA",
        "python3 -m pip install '.[test]' && python3 -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 -m pip install '.[test]' && python3 -m pytest" in ci, ".ci/run runs the README's test command"


def test_no_heading_or_paragraph_twice():
    seen: dict[str, str] = {}
    repeated = []
    for path in DOCS:
        name = path.relative_to(ROOT).as_posix()
        headings = re.findall(r"^#{1,6} (.+)$", prose(path), re.M)
        for h in headings:
            key = "heading " + h.strip().lower()
            if key in seen:
                repeated.append(f"{name}: heading {h!r} also in {seen[key]}")
            seen.setdefault(key, name)
        for para in re.split(r"\n\s*\n", prose(path)):
            para = " ".join(para.split())
            if len(para) < 80 or para.startswith(("|", "#")):
                continue
            key = "para " + para
            if key in seen:
                repeated.append(f"{name}: paragraph {para[:70]!r}… also in {seen[key]}")
            seen.setdefault(key, name)
    assert not repeated, "\n".join(repeated)


def test_links_resolve():
    broken = []
    for path in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", prose(path)):
            if re.match(r"[a-z]+://", target):
                continue
            if not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert not broken, "links to files that do not exist:\n" + "\n".join(broken)


def test_examples_are_found():
    assert len(command_examples()) >= 20
    assert python_examples()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A copy of the data and of docs/examples/, and an environment whose PATH finds celltx-kg."""
    home = tmp_path_factory.mktemp("docs-examples")
    for name in ("ontology", "shapes", "queries", "sources", "docs", "tests"):
        shutil.copytree(ROOT / name, home / name, ignore=shutil.ignore_patterns("__pycache__"))
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "CELLTX_KG_DATA": str(home), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "PYTHONPATH": str(ROOT)}
    if shutil.which("celltx-kg", path=env["PATH"]) is None:  # run from a checkout without the console script
        shim = home / "bin"
        shim.mkdir()
        (shim / "celltx-kg").write_text(f"#!/bin/sh\nexec {sys.executable} -m celltx_kg \"$@\"\n")
        (shim / "celltx-kg").chmod(0o755)
        env["PATH"] = str(shim) + os.pathsep + env["PATH"]
    return home, env


@pytest.fixture(scope="module")
def store_server():
    """An Oxigraph server for the examples that name one at 127.0.0.1:7878 (started on a free port)."""
    from celltx_kg.stores.server import OxigraphServer

    with OxigraphServer().start() as server:
        yield server


#: Commands that run until stopped (a server): they pass when still running after this many seconds.
SERVING_SECONDS = 8


def _marked(examples):
    """Examples as test parameters, marked by what they need (a reasoner, a server)."""
    for doc, command, code in examples:
        marks = [pytest.mark.java] if command.startswith("celltx-kg reason") else []
        if "127.0.0.1:7878" in command or command.startswith("celltx-kg serve"):
            marks.append(pytest.mark.server)
        yield pytest.param(doc, command, code, marks=marks, id=f"{doc}: {command}")


@pytest.mark.slow
@pytest.mark.parametrize("doc,command,code", list(_marked(command_examples())))
def test_command_example_runs(sandbox, request, doc, command, code):
    home, env = sandbox
    if "127.0.0.1:7878" in command:
        server = request.getfixturevalue("store_server")
        command = command.replace("http://127.0.0.1:7878", server.base_url)
    proc = subprocess.Popen(["bash", "-o", "pipefail", "-c", command], cwd=home, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    serving = command.startswith("celltx-kg serve")
    try:
        out, err = proc.communicate(timeout=SERVING_SECONDS if serving else 600)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 15)
        out, err = proc.communicate()
        assert serving, f"{doc}: `{command}` did not finish"
        return
    assert proc.returncode == code, (f"{doc}: `{command}` exited {proc.returncode}, the text says {code}\n"
                                     f"{out[-1500:]}\n{err[-1500:]}")


@pytest.mark.slow
@pytest.mark.parametrize("doc,code", [pytest.param(d, c, marks=[pytest.mark.java] if "reason(" in c else [],
                                                   id=f"{d}: python {i}") for i, (d, c) in enumerate(python_examples())])
def test_python_example_runs(sandbox, doc, code):
    home, env = sandbox
    done = subprocess.run([sys.executable, "-c", code], cwd=home, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{doc}:\n{code}\n{done.stderr[-2000:]}"
