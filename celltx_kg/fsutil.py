"""Writing files so that a reader never sees half of one: the one place that writes atomically.

- :func:`write_atomic` replaces a file: the data goes to a temporary file beside it, is flushed
  to disk, then renamed over the target (a reader sees the old or the new file, never a mix).
- :func:`create_new` creates a file that must not exist yet: staged, then hard-linked into place,
  which fails rather than replace a file another process created meanwhile.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CelltxError, InputError


def _stage(target: Path, data: bytes) -> str:
    fd, staging = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(staging)
        raise
    return staging


def write_atomic(path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; on failure the old file stays as it was."""
    target = Path(path)
    try:
        staging = _stage(target, data)
    except OSError as exc:
        raise CelltxError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.replace(staging, target)
    except OSError as exc:
        os.unlink(staging)
        raise CelltxError(f"cannot write {path}: {exc.strerror or exc}") from None


def create_new(path, data: bytes, check=None) -> None:
    """Create ``path`` holding ``data``; never replaces an existing file.

    ``check(staging_path)`` may inspect the staged file before it is linked into place (and raise
    to abandon it). On any failure nothing is left behind.
    """
    target = Path(path)
    created_dir = not target.parent.exists()
    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = _stage(target, data)
        if check is not None:
            check(staging)
        try:
            os.link(staging, target)
        except FileExistsError:
            raise InputError(f"{target} already exists: rename the file or remove the old one first") from None
    except OSError as exc:
        raise CelltxError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if staging is not None and os.path.exists(staging):
            os.unlink(staging)
        if created_dir and target.parent.exists() and not any(target.parent.iterdir()):
            target.parent.rmdir()


def replace_dir(path, fill, is_ours=None) -> None:
    """Replace folder ``path`` by a new one that ``fill(staging_dir)`` writes.

    The new folder is written beside the target and swapped in with two renames; on any failure
    (a full disk, an interrupt) the staging folder is removed and the old folder stays whole. An
    existing non-empty folder is replaced only if ``is_ours(path)`` says it holds an earlier
    result, so unrelated files are never deleted.
    """
    import shutil

    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (is_ours and is_ours(target)):
        raise InputError(f"{target} holds other files; give an empty or new folder")
    staging = old = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent))
        fill(staging)
        for entry in staging.iterdir():
            with entry.open("rb") as handle:
                os.fsync(handle.fileno())
        staging.chmod(0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", suffix=".tmp", dir=target.parent))
            os.replace(target, old)
        os.replace(staging, target)
        staging = None
    except OSError as exc:
        if old is not None and not target.exists():
            os.replace(old, target)
            old = None
        raise CelltxError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
