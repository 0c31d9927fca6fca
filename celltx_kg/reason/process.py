"""Child processes with a deadline, killed with their whole process group (the JVM too)."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from ..errors import ReasonerError


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def run_killable(command: list[str], deadline: Deadline, what: str, env=None, cwd=None) -> subprocess.CompletedProcess:
    """Run ``command`` in its own process group; on timeout or Ctrl-C kill the group (the JVM too)."""
    if deadline.left() <= 0:
        raise ReasonerError(f"{what} did not finish within --timeout {deadline.seconds:g} s; raise --timeout")
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=deadline.left())
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReasonerError(
            f"{what} did not finish within --timeout {deadline.seconds:g} s; raise --timeout "
            "(a run over the whole graph takes tens of seconds, see benchmarks/bench_reason.py)"
        ) from None
    except BaseException:
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()
