"""Where command output goes: a file (written atomically) or standard output."""

from __future__ import annotations

import sys


def write_output(data: bytes, output: str | None) -> None:
    """Write to ``output`` (a path) or to stdout; ``-`` and ``None`` mean stdout."""
    if output and output != "-":
        from .fsutil import write_atomic

        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
