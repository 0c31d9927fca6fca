"""Progress of long work (build, validate, reason, load) on standard error.

Shown only when standard error is a terminal and ``--quiet`` was not given; otherwise every call
here does nothing, so scripts and logs stay clean. The bars are tqdm's (imported only when shown).

    with progress("uploading", total=n, unit="triples") as bar:
        bar.update(1000)
        bar.phase("verifying")
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

#: Set by the CLI's ``--quiet``.
QUIET = False


def enabled() -> bool:
    return not QUIET and hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def phase(self, name: str) -> None:
        pass


class _Bar:
    def __init__(self, bar):
        self._bar = bar

    def update(self, n: int = 1) -> None:
        self._bar.update(n)

    def phase(self, name: str) -> None:
        self._bar.set_description_str(name)


@contextmanager
def progress(what: str, total: int | None = None, unit: str = "it"):
    """A progress bar (or spinner, without ``total``) for ``what``; see the module docstring."""
    if not enabled():
        yield _Silent()
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=what, unit=unit, unit_scale=True, file=sys.stderr, leave=False, dynamic_ncols=True)
    try:
        yield _Bar(bar)
    finally:
        bar.close()


def step(message: str) -> None:
    """One line about the phase a long command has reached (terminal only)."""
    if enabled():
        print(f"celltx-kg: {message}", file=sys.stderr, flush=True)
