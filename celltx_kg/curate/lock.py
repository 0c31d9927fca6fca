"""One writer at a time per user root: ``add`` and ``source add`` hold an exclusive lock."""

from __future__ import annotations

import os
from contextlib import contextmanager

from .. import paths
from ..errors import CelltxError


class BusyError(CelltxError):
    """Another process is adding to the same data root."""


@contextmanager
def writer_lock():
    """Hold the user root's lock file (:func:`celltx_kg.paths.add_lock_file`) exclusively; BusyError (exit 2)
    if another process has it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    path = paths.add_lock_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise CelltxError(f"cannot create the lock file {path}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BusyError(
                f"busy: another celltx-kg process is adding to {paths.user_root()}; try again when it has finished"
            ) from None
        yield
    finally:
        os.close(fd)


__all__ = ["BusyError", "writer_lock"]
