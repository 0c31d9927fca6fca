"""Triplestores and query engines the tests run for real: Virtuoso (Debian's
virtuoso-opensource-7-bin) and Apache Jena's ARQ (Debian's libapache-jena-java).

Each listens on 127.0.0.1 at a free port (Virtuoso) or runs as one process per query (ARQ);
each is skipped, saying why, where its package is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from celltx_kg.stores.server import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")


def sparql(url: str, text: str) -> list[dict]:
    body = urllib.parse.urlencode({"query": text}).encode()
    req = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        result = ox.parse_query_results(resp.read(), format=ox.QueryResultsFormat.JSON)
    return [{v.value: (s[v].value if s[v] is not None else None) for v in result.variables} for s in result]


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
"""


class Virtuoso:
    """Virtuoso Open Source (Debian's virtuoso-opensource-7-bin) in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder, self.sql, self.http = folder, free_port(), free_port()
        (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=self.sql, http=self.http))
        self.process = None
        self.start()
        self.grant()

    def start(self) -> None:
        self.process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(self.folder / "virtuoso.ini")], cwd=self.folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.folder / "virtuoso.log").read_text()[-2000:]
            try:
                sparql(self.query_url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                return
            except OSError:
                time.sleep(0.25)
        self.stop()
        pytest.fail("Virtuoso did not start within 120 s")

    @property
    def port(self) -> int:  # for the proxy
        return self.http

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def grant(self) -> None:
        """The grants a user runs: the script `celltx-kg load --print-grants virtuoso` prints."""
        from conftest import run_cli

        done = run_cli("load", "--print-grants", "virtuoso")
        assert done.returncode == 0 and "GRANT" in done.stdout, done.stderr
        self.run_script(done.stdout)

    def isql(self, statements: list[str]) -> None:
        self.run_script("".join(f"{s};\n" for s in statements))

    def run_script(self, text: str) -> None:
        script = self.folder / "setup.sql"
        script.write_text(text)
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql}", "dba", "dba", str(script)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql"

    def load_args(self) -> list[str]:
        return ["--endpoint", self.query_url, "--update-endpoint", self.query_url,
                "--gsp-endpoint", f"http://127.0.0.1:{self.http}/sparql-graph-crud"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if not (VIRTUOSO and ISQL):
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource-7-bin)")
    store = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield store
    store.stop()


# --------------------------------------------------------------------------- Apache Jena ARQ

JENA_PACKAGE = "libapache-jena-java"

#: One JVM runs every query over one dataset: reads the data, then for each query file writes
#: SPARQL JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) beside it.
ARQ_RUNNER = """
import org.apache.jena.query.*;
import org.apache.jena.riot.*;
import java.io.*;
public class ArqRun {
  public static void main(String[] args) throws Exception {
    Dataset ds = RDFDataMgr.loadDataset(args[0]);
    for (int i = 1; i < args.length; i++) {
      String out = args[i] + ".out";
      try (OutputStream os = new FileOutputStream(out);
           QueryExecution qe = QueryExecutionFactory.create(QueryFactory.read(args[i]), ds)) {
        Query q = qe.getQuery();
        if (q.isSelectType()) ResultSetFormatter.outputAsJSON(os, qe.execSelect());
        else if (q.isAskType()) ResultSetFormatter.outputAsJSON(os, qe.execAsk());
        else if (q.isConstructType()) RDFDataMgr.write(os, qe.execConstruct(), Lang.NTRIPLES);
        else RDFDataMgr.write(os, qe.execDescribe(), Lang.NTRIPLES);
      } catch (Exception e) {
        try (PrintStream ps = new PrintStream(new FileOutputStream(args[i] + ".err"))) { ps.println(e); }
      }
    }
  }
}
"""


def _java_packages(root: str) -> set[str]:
    """``root`` and the Java packages it depends on, as installed (dpkg)."""
    seen, todo = set(), [root]
    while todo:
        pkg = todo.pop()
        if pkg in seen:
            continue
        seen.add(pkg)
        done = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", pkg], capture_output=True, text=True)
        for dep in done.stdout.split(","):
            name = dep.split("|")[0].split("(")[0].strip().split(":")[0]
            if name.endswith("-java"):
                todo.append(name)
    return seen


def arq_classpath(workdir: Path) -> str:
    """Jena's jars and their dependencies from Debian's packages, one SLF4J binding (the silent one).

    Works around a packaging bug of Debian's libapache-jena-java 4.5.0: its Xerces classes are
    relocated to the package ``xerces`` while their message files stay under
    ``org/apache/jena/ext/xerces``, so XSD datatypes fail to initialise ("RuntimeException:
    internal error" in XSSimpleTypeDecl.applyFacets1); the files are copied where the classes look.
    """
    jars = set()
    for pkg in _java_packages(JENA_PACKAGE):
        listed = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout.split()
        jars.update(p for p in listed if p.startswith("/usr/share/java/") and p.endswith(".jar")
                    and not any(ch.isdigit() for ch in Path(p).stem.rsplit("-", 1)[-1][:1]))
    jars = {j for j in jars if "slf4j" not in Path(j).name}
    jars |= {"/usr/share/java/slf4j-api.jar", "/usr/share/java/slf4j-nop.jar"}
    fix = workdir / "xerces-messages"
    with zipfile.ZipFile("/usr/share/java/jena-core.jar") as jar:
        for name in jar.namelist():
            prefix = "org/apache/jena/ext/xerces/"
            if name.startswith(prefix) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([str(fix), *sorted(jars)])


def arq_available() -> str:
    """Why ARQ cannot run here (``""`` when it can)."""
    if not (shutil.which("java") and shutil.which("javac")):
        return "Java (a JDK with javac) is not installed"
    if not Path("/usr/share/java/jena-arq.jar").is_file():
        return f"Apache Jena is not installed (Debian: apt-get install {JENA_PACKAGE})"
    return ""


def run_arq(workdir: Path, data: Path, queries: dict[str, str]) -> dict[str, tuple[str, bytes]]:
    """Run every query (name → text) with ARQ over ``data`` in one JVM: name → ("ok", output) or ("error", message)."""
    cp = arq_classpath(workdir)
    (workdir / "ArqRun.java").write_text(ARQ_RUNNER)
    done = subprocess.run(["javac", "-cp", cp, "-d", str(workdir), str(workdir / "ArqRun.java")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    files = {}
    for i, (name, text) in enumerate(queries.items()):
        files[name] = workdir / f"q{i}.rq"
        files[name].write_text(text, encoding="utf-8")
    done = subprocess.run(["java", "-cp", f"{workdir}:{cp}", "ArqRun", str(data), *map(str, files.values())],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = {}
    for name, path in files.items():
        err = Path(f"{path}.err")
        out[name] = ("error", err.read_text()) if err.exists() else ("ok", Path(f"{path}.out").read_bytes())
    return out

