"""celltx-kg bench: time the project's paths against their baselines at several graph sizes."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("bench", help="benchmark load, queries, validation, reasoning and server load by size",
                              description="Run the benchmark on synthetic graphs: medians, ratios to the baselines "
                                          "(raw pyoxigraph, rdflib, plain pySHACL, naive owlready2), JSON and a PNG plot.")
    p.add_argument("--sizes", default="1000,10000,100000,1000000",
                   help="comma-separated graph sizes in triples (default 1000,10000,100000,1000000)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    p.add_argument("--out", default="bench-results", metavar="DIR", help="where bench.json and bench.png go")
    p.add_argument("--skip", default="", help="comma-separated steps to skip: rdflib, validate, reason, server, cold")
    p.add_argument("--rdflib-cap", type=float, default=30.0, metavar="SECONDS",
                   help="stop one rdflib query after this long and report it as a lower bound (default 30)")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from ..bench import run as run_bench
    from ..bench import text_report
    from ..errors import UsageError

    try:
        sizes = [int(float(s)) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        raise UsageError(f"--sizes takes numbers such as 1000,10000, got {args.sizes!r}") from None
    if not sizes or min(sizes) < 100 or args.repeat < 1:
        raise UsageError("--sizes must be numbers of at least 100 and --repeat at least 1")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    results = run_bench(sizes, args.repeat, Path(args.out), skip, rdflib_cap=args.rdflib_cap)
    print(text_report(results))
    return 0
