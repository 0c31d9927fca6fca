"""One load at a time per graph: a lock held in the store itself, in the control graph.

Taking the lock is one SPARQL Update that inserts the lock triple only where none exists
(``INSERT … WHERE { FILTER NOT EXISTS … }``). Stores that run updates under snapshot isolation
(Oxigraph) may let two such updates both insert; so a load then reads the locks back and goes on
only when it holds the only one: of two racing loads, at least one sees both and steps back.

The holder renews a heartbeat (the store's ``NOW()``) every few seconds; a lock whose heartbeat
is older than ``stale_after`` belongs to a load that was killed, and the next load takes it over.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime

from ..errors import EndpointError
from . import versions as v
from .http import Endpoints, Http, StepFailed


class StoreBusy(EndpointError):
    """Another load holds the graph's lock."""


@dataclass
class State:
    """The control graph as read: current and previous version per target, versions recorded,
    the locks held (lock IRI → heartbeat) and the store's clock."""

    current: dict[str, str]
    previous: dict[str, str]
    versions: set[tuple[str, str]]
    readers: list[str]
    locks: dict[str, str]
    now: str


def read_state(http: Http, urls: Endpoints, graph: str) -> State:
    rows = http.sparql_select(urls.query, v.state_query(graph), "reading the control graph")
    state = State({}, {}, set(), [], {}, "")
    beats = {}
    for row in rows:
        s, p, o = (row[k].value if row.get(k) is not None else "" for k in ("s", "p", "o"))
        state.now = row["now"].value if row.get("now") is not None else state.now
        if p == v.STORE + "currentVersion":
            state.current[s] = o
        elif p == v.STORE + "previousVersion":
            state.previous[s] = o
        elif p == v.STORE + "version":
            state.versions.add((s, o))
        elif p == v.STORE + "defaultGraph":
            state.readers.append(o)
        elif p == v.STORE + "loadLock":
            state.locks.setdefault(o, "")
        elif p == v.STORE + "heartbeat":
            beats[s] = o
    state.locks = {lock: beats.get(lock, "") for lock in state.locks}
    return state


def unchanged(graph: str, state: State) -> str:
    """What readers see after a load that changed nothing."""
    if not state.readers:
        return f"readers of <{graph}> see nothing loaded yet, as before"
    return f"readers of <{graph}> still see {', '.join(f'<{g}>' for g in state.readers)}, as before"


def age_seconds(beat: str, now: str) -> float | None:
    try:
        return (_parse_time(now) - _parse_time(beat)).total_seconds()
    except ValueError:
        return None


def _parse_time(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.now().astimezone().tzinfo)


class Lock:
    """The load lock of ``graph``; ``acquire()`` raises :class:`StoreBusy` with a clear message."""

    def __init__(self, http: Http, urls: Endpoints, graph: str, stale_after: float = 60.0, beat_every: float = 5.0):
        self.http, self.urls, self.graph = http, urls, graph
        self.token = secrets.token_hex(8)
        self.iri = v.lock_iri(self.token)
        self.stale_after, self.beat_every = stale_after, beat_every
        self.held = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> State:
        self.http.sparql_update(self.urls.update, v.acquire_update(self.graph, self.token), "taking the load lock")
        state = read_state(self.http, self.urls, self.graph)
        others = {lock: beat for lock, beat in state.locks.items() if lock != self.iri}
        stale = {
            lock: beat
            for lock, beat in others.items()
            if (age := age_seconds(beat, state.now)) is not None and age > self.stale_after
        }
        if others and len(stale) == len(others):  # left by killed loads: remove them (if not renewed meanwhile)
            for lock, beat in stale.items():
                self.http.sparql_update(
                    self.urls.update, v.break_update(self.graph, lock, beat), "removing a stale load lock"
                )
            if self.iri not in state.locks:
                self.http.sparql_update(
                    self.urls.update, v.acquire_update(self.graph, self.token), "taking the load lock"
                )
            state = read_state(self.http, self.urls, self.graph)
        if list(state.locks) == [self.iri]:
            self.held = True
            self._thread = threading.Thread(target=self._beat, daemon=True)
            self._thread.start()
            return state
        if self.iri in state.locks:  # two loads raced (or, as Virtuoso 7.2 does, the store ignored the condition)
            self._release()
            raise StoreBusy(self._busy(state, "another load is under way"))
        raise StoreBusy(self._busy(state, "another load is under way"))

    def _busy(self, state: State, why: str) -> str:
        ages = [age_seconds(b, state.now) for lock, b in state.locks.items() if lock != self.iri]
        seen = (
            f", last renewed {min(a for a in ages if a is not None):.0f} s ago"
            if any(a is not None for a in ages)
            else ""
        )
        return (
            f"{self.urls.query}: busy: {why} on <{self.graph}>{seen}; {unchanged(self.graph, state)}; "
            f"try again when it ends (a lock not renewed for {self.stale_after:.0f} s is taken over: "
            "--lock-timeout)"
        )

    def _beat(self) -> None:
        while not self._stop.wait(self.beat_every):
            try:
                self.http.sparql_update(
                    self.urls.update, v.heartbeat_update(self.graph, self.token), "the lock heartbeat"
                )
            except StepFailed:
                pass  # the store is busy or gone: the step under way will say so

    def release(self) -> bool:
        """Give the lock back; ``False`` when the store did not answer (it then goes stale)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.http.timeout)
        if not self.held:
            return True
        return self._release()

    def _release(self) -> bool:
        try:
            self.http.sparql_update(
                self.urls.update, v.release_update(self.graph, self.token), "releasing the load lock"
            )
        except StepFailed:
            return False
        self.held = False
        return True
