"""The embedded SPARQL store: pyoxigraph, cached on disk so a query does not re-parse sources.

Layout: ``<cache root>/<root key>/<fingerprint>/`` holds ``store/`` (RocksDB), ``graph.nt`` and
``lock``. The root key names the data root and user root (see :mod:`celltx_kg.paths`), so
several data roots keep one entry each and alternating between them costs no rebuild. The
fingerprint covers the source files (path, size, modification time) and the package version.

Several processes may share the cache:

- a rebuild writes into a staging folder beside the entry and renames it into place (a reader
  sees no entry or a whole one; the first of two concurrent builders wins, the other uses it);
- a reader holds a shared ``flock`` on the entry's ``lock`` file while its process runs; an entry
  is deleted only by a process that gets the exclusive lock without waiting, after renaming the
  entry aside, so no process deletes a store another one is reading;
- superseded entries of the same root go at the next rebuild; entries of other roots, and
  abandoned staging folders, when unused for :data:`UNUSED_DAYS` days.

A miss builds the graph (rdflib); a hit opens the store read-only in milliseconds without
importing rdflib.
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

import pyoxigraph as ox

from .. import __version__, paths
from ..errors import CelltxError

#: Entries of other data roots, and staging folders, unused this long are removed.
UNUSED_DAYS = 7
_STAGING = ".staging-"
_TRASH = ".trash-"

try:  # POSIX; elsewhere entries are only replaced, never deleted while possibly in use
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: Open lock files of the entries this process reads (kept open: the shared lock lasts).
_held: dict[Path, int] = {}


class StoreError(CelltxError):
    """The cached store cannot be opened or built."""


def fingerprint(files=None) -> str:
    """A key for the state of the source files. Two checksums of the listing (zlib's: hashlib's
    import alone costs a cold query more than a millisecond); any edit changes a size or an mtime."""
    listing = [__version__]
    for path in files if files is not None else paths.source_files():
        stat = os.stat(path)
        listing.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    data = "\n".join(listing).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) & 0xFFFFFFFF:08x}"


def root_key() -> str:
    """Names the data root and user root: one cache folder per pair."""
    data = f"{paths.data_root()}\0{paths.user_root()}".encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def cache_dir() -> Path:
    return paths.cache_root() / root_key() / fingerprint()


#: The stores opened in this process ((cache folder, in memory) → the store).
_OPENED: dict[tuple[str, bool], ox.Store] = {}
#: Stores whose content does not change (id → the store and a memo of look-ups on it).
_FIXED: dict[int, tuple[ox.Store, dict]] = {}


def open_store(memory: bool = False) -> ox.Store:
    """The whole graph in a store's default graph, one per process and source state (a second call
    returns the same store): the cached on-disk store opened read-only, or with ``memory`` a copy
    in memory loaded from the same entry. The copy answers the saved queries 2.3–3.4x faster at
    the median (no RocksDB reads; docs/performance.md) but costs a load at the start (about 25 ms
    for the review's graph) and its size in memory, so one-shot commands take the on-disk store
    and long-running processes (the web workbench, a notebook) the copy. Treat either as
    read-only: both are :func:`fixed`."""
    target = _entry()
    key = (str(target), memory)
    if key not in _OPENED:
        try:
            if memory:
                store = ox.Store()
                store.bulk_load(path=str(target / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
            else:
                store = ox.Store.read_only(str(target / "store"))
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise StoreError(f"cannot open the cached store {target}: {exc}; remove the folder and retry") from None
        for stale in [k for k in _OPENED if k[0] != key[0]]:
            release(_OPENED.pop(stale))  # the sources changed: let the older stores close
        _OPENED[key] = fixed(store)
    return _OPENED[key]


def fixed(store: ox.Store) -> ox.Store:
    """Declare that ``store``'s content will not change (opened read-only, or a copy nobody writes
    to), so that name look-ups and short query runs on it are remembered (see
    :mod:`.run`); returns ``store``, which is kept alive until :func:`release` forgets it."""
    _FIXED.setdefault(id(store), (store, {}))
    return store


def release(store: ox.Store) -> None:
    """Forget a :func:`fixed` store and what was remembered about it."""
    if memo_for(store) is not None:
        del _FIXED[id(store)]


def memo_for(store: ox.Store) -> dict | None:
    """A dict for caching look-ups on ``store`` when it is :func:`fixed` (as the stores of
    :func:`open_store` are); ``None`` for any other store."""
    held = _FIXED.get(id(store))
    return held[1] if held is not None and held[0] is store else None


def graph_ntriples() -> Path:
    """The built graph as sorted N-Triples (in the cache; built on first use)."""
    return _entry() / "graph.nt"


# ---------------------------------------------------------------- entries and locks


def _entry() -> Path:
    """The current entry, built if missing, with this process holding its shared lock."""
    target = cache_dir()
    for _ in range(3):
        if _hold(target):
            return target
        _populate(target)
    raise StoreError(f"the cached store {target} keeps disappearing; check {paths.cache_root()}")


def _hold(entry: Path) -> bool:
    """Take a shared lock on a complete ``entry``; False when it does not exist (or just went)."""
    if entry in _held:
        return True
    lock = entry / "lock"
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_SH)
    try:
        same = os.stat(lock).st_ino == os.fstat(fd).st_ino  # not renamed aside while we waited
    except FileNotFoundError:
        same = False
    if not same or not (entry / "store").is_dir():
        os.close(fd)
        return False
    try:
        os.utime(lock)  # "last used", for the clean-up of other roots' entries
    except OSError:
        pass
    _held[entry] = fd
    return True


def _populate(target: Path) -> None:
    import shutil
    import tempfile

    from ..graph.build import build_graph
    from ..graph.serialize import serialize  # rdflib: only on a cache miss

    data = serialize(build_graph(), "nt")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=target.parent))
    except OSError as exc:
        raise StoreError(f"cannot write the store cache in {paths.cache_root()}: {exc.strerror or exc}") from None
    try:
        (staging / "graph.nt").write_bytes(data)
        store = ox.Store(str(staging / "store"))
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        (staging / "lock").write_bytes(b"")
        try:
            os.rename(staging, target)
        except OSError:  # another process filled the cache first: use theirs
            pass
    except OSError as exc:
        raise StoreError(f"cannot write the store cache {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    sweep(keep=target)


def sweep(keep: Path | None = None) -> list[Path]:
    """Remove unused entries: superseded ones of ``keep``'s root, and any unused for
    :data:`UNUSED_DAYS` days. An entry in use (shared-locked) is never removed. Returns those removed."""
    if fcntl is None:
        return []
    root = paths.cache_root()
    old = time.time() - UNUSED_DAYS * 86400
    removed = []
    for folder in _listdir(root):
        if (folder / "store").is_dir() and not (folder / "lock").exists():  # an older layout: no lock
            if _mtime(folder) < old:
                _remove(folder)
            continue
        for entry in _listdir(folder):
            if entry == keep or entry in _held:
                continue
            if entry.name.startswith((_STAGING, _TRASH)):
                if _mtime(entry) < old:
                    _remove(entry)
                continue
            same_root = keep is not None and folder == keep.parent
            if (same_root or _mtime(entry / "lock") < old) and _remove_unused(entry):
                removed.append(entry)
        if folder != (keep.parent if keep else None) and not _listdir(folder):
            try:
                folder.rmdir()
            except OSError:
                pass
    return removed


def _remove_unused(entry: Path) -> bool:
    """Rename ``entry`` aside and delete it, only if no process holds its lock."""
    import secrets

    try:
        fd = os.open(entry / "lock", os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a reader has it
        trash = entry.with_name(f"{_TRASH}{secrets.token_hex(6)}")
        try:
            os.rename(entry, trash)
        except OSError:
            return False
    finally:
        os.close(fd)
    _remove(trash)
    return True


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _listdir(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
