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


#: Characters that would act on a terminal rather than show: C0 and C1 controls (ESC starts ANSI
#: sequences), DEL, bidirectional embeddings, overrides, isolates and marks, line/paragraph separators.
_UNSAFE = frozenset(
    [chr(c) for c in range(0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029")
)


def terminal_safe(text: str) -> str:
    """``text`` with every character that could move the cursor, recolour, reorder or hide text
    written as a visible escape (``\\x1b``, ``\\u202e``); everything else unchanged."""
    if not any(ch in _UNSAFE for ch in text):
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if ch in _UNSAFE else ch for ch in text)
