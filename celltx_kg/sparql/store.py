"""The embedded SPARQL store: pyoxigraph, cached on disk so a query does not re-parse sources.

The cache key is a fingerprint of the source files (path, size, modification time) and the
package version. On a miss the graph is built once (rdflib), bulk-loaded into a RocksDB store
in a temporary folder and moved into place atomically; later calls open it read-only in
milliseconds without importing rdflib.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pyoxigraph as ox

from .. import __version__, paths


def fingerprint(files=None) -> str:
    """A key for the state of the source files. Two checksums of the listing (zlib's: hashlib's
    import alone costs a cold query more than a millisecond); any edit changes a size or an mtime."""
    listing = [__version__]
    for path in files if files is not None else paths.source_files():
        stat = os.stat(path)
        listing.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    data = "\n".join(listing).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) & 0xFFFFFFFF:08x}"


def cache_dir() -> Path:
    return paths.cache_root() / fingerprint()


#: The read-only store opened in this process (cache folder → store, and its name memo).
_OPENED: dict[str, tuple[ox.Store, dict]] = {}


def open_store() -> ox.Store:
    """A read-only store holding the whole graph in its default graph (one per process and source
    state: a second call returns the same store)."""
    target = cache_dir()
    key = str(target)
    if key not in _OPENED:
        if not (target / "store").is_dir():
            _populate(target)
        _OPENED.clear()  # the sources changed: let the older store close
        _OPENED[key] = (ox.Store.read_only(str(target / "store")), {})
    return _OPENED[key][0]


def memo_for(store: ox.Store) -> dict | None:
    """A dict for caching look-ups on ``store`` when it is the read-only store from
    :func:`open_store` (its content cannot change); ``None`` for any other store."""
    return next((memo for opened, memo in _OPENED.values() if opened is store), None)


def graph_ntriples() -> Path:
    """The built graph as sorted N-Triples (in the cache; built on first use)."""
    target = cache_dir()
    if not (target / "graph.nt").is_file():
        _populate(target)
    return target / "graph.nt"


def memory_store_from_ntriples(data: bytes) -> ox.Store:
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _populate(target: Path) -> None:
    import shutil
    import tempfile

    from ..graph.build import build_graph
    from ..graph.serialize import serialize  # rdflib: only on a cache miss

    data = serialize(build_graph(), "nt")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        (staging / "graph.nt").write_bytes(data)
        store = ox.Store(str(staging / "store"))
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        try:
            os.replace(staging, target)
        except OSError:  # another process filled the cache first: use theirs
            pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _drop_stale(target)


def _drop_stale(keep: Path) -> None:
    import shutil

    for entry in keep.parent.iterdir():
        if entry != keep and entry.is_dir() and not entry.name.startswith(".staging-"):
            shutil.rmtree(entry, ignore_errors=True)
