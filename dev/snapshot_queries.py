"""Write every saved query's example output (in each format) into a folder, to compare two versions.

Before and after a change that must not alter answers (a refactoring, a speed-up)::

    python dev/snapshot_queries.py /tmp/before      # on the old commit
    python dev/snapshot_queries.py /tmp/after       # on the new one
    diff -r /tmp/before /tmp/after                  # no output: every answer is byte-identical

Each query runs as ``celltx-kg`` runs it, in a fresh process, from the checkout this file is in.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for rq in sorted((ROOT / "queries").glob("*.rq")):
        text = rq.read_text(encoding="utf-8")
        example = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("#+ example:"))
        args = shlex.split(example)[1:]
        formats = ("turtle", "ntriples") if "CONSTRUCT" in text else ("table", "json", "csv")
        for fmt in formats:
            done = subprocess.run([sys.executable, "-m", "celltx_kg", *args, "-f", fmt], capture_output=True,
                                  cwd=ROOT, env=env)
            (out / f"{rq.stem}.{fmt}").write_bytes(done.stdout + b"\n--stderr--\n" + done.stderr
                                                   + f"\n--exit {done.returncode}\n".encode())
    print(f"wrote {len(list(out.iterdir()))} outputs to {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python dev/snapshot_queries.py FOLDER")
    sys.exit(main(Path(sys.argv[1])))
