"""How the benchmark times things: A and B in turn, after a warm-up, as medians with their spread.

Timing A then B in separate loops lets the machine's drift (other processes, frequency scaling,
a cache warming up) fall on one side. Here every round runs both, alternating which goes first
(A B, B A, A B …), and the ratio is taken round by round, so its median is about the two paths
and not about when each ran. The machine's load average is recorded with every comparison.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (empty where the platform has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def summary(values: list[float]) -> dict:
    """Median, min and max of a list of seconds (the spread says how noisy the machine was)."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def paired(a, b, runs: int = 5, warmup: int = 1) -> dict:
    """Time ``a()`` and ``b()`` in alternating order ``runs`` times each, after ``warmup`` untimed
    calls of each. Returns ``a`` and ``b`` summaries (seconds), ``ratio`` (median of a/b by round,
    with its min and max), the load average, and ``a_value`` (the last value ``a`` returned)."""
    value = None
    for _ in range(warmup):
        value = a()
        b()
    times_a, times_b = [], []
    for i in range(max(1, runs)):
        for which in ((a, times_a), (b, times_b)) if i % 2 == 0 else ((b, times_b), (a, times_a)):
            func, times = which
            start = time.perf_counter()
            result = func()
            times.append(time.perf_counter() - start)
            if func is a:
                value = result
    ratios = [x / y for x, y in zip(times_a, times_b, strict=True) if y > 0]
    return {"a": summary(times_a), "b": summary(times_b), "ratio": summary(ratios) if ratios else None,
            "load": load_average(), "a_value": value}


def single(func, runs: int = 3, warmup: int = 0) -> tuple[dict, object]:
    """Summary of ``runs`` timed calls of ``func`` after ``warmup`` untimed ones, and the last value."""
    value = None
    for _ in range(warmup):
        value = func()
    times = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return summary(times), value


def process(argv: list[str], env: dict | None = None, cwd=None) -> tuple[float, float]:
    """Run a command to its end, output thrown away: (wall seconds, CPU seconds of the child)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, cwd=cwd)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err.decode(errors='replace').strip()[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime


def paired_processes(argv_a: list[str], argv_b: list[str], runs: int = 11, warmup: int = 2,
                     env: dict | None = None, cwd=None) -> dict:
    """Fresh processes of two commands in alternating order: wall and CPU summaries of each and
    their ratios by round (CPU time is the steadier figure on a shared machine)."""
    for _ in range(warmup):
        process(argv_a, env, cwd)
        process(argv_b, env, cwd)
    rows = {"a": [], "b": []}
    for i in range(max(1, runs)):
        for key, argv in (("a", argv_a), ("b", argv_b)) if i % 2 == 0 else (("b", argv_b), ("a", argv_a)):
            rows[key].append(process(argv, env, cwd))
    out = {"load": load_average()}
    for kind, index in (("wall", 0), ("cpu", 1)):
        a = [r[index] for r in rows["a"]]
        b = [r[index] for r in rows["b"]]
        out[f"a_{kind}"] = summary(a)
        out[f"b_{kind}"] = summary(b)
        out[f"ratio_{kind}"] = summary([x / y for x, y in zip(a, b, strict=True) if y > 0])
    return out
