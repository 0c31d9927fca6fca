"""The ``celltx-kg`` command line: a thin layer over the library.

Each sub-command lives in ``celltx_kg/commands/<name>.py`` with a ``register(subparsers)``
function that declares its options and sets ``func(args) -> int``. Heavy libraries (rdflib,
pyshacl, owlready2, SPARQLWrapper) are imported inside the functions that need them, so
``--help`` and queries start fast.

Exit codes: 0 success; 1 findings (violations, inconsistency); 2 bad input or failure
(one line on stderr, nothing written); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM or
SIGHUP, handled like Ctrl-C: children, the JVM and temporary files are removed).
"""

from __future__ import annotations

import sys

from . import __version__
from .errors import EXIT_USAGE, CelltxError

#: The one prefix of every error line.
PREFIX = "celltx-kg: error: "

COMMANDS = (
    "build",
    "query",
    "queries",
    "sparql",
    "stats",
    "validate",
    "add",
    "template",
    "source",
    "load",
    "serve",
    "reason",
)


def _parser_class():
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse that reports usage errors in one line, with the CLI's one prefix and exit code 2,
        and suggests the closest choice for a misspelt command or option value."""

        def error(self, message):  # argparse API
            import re

            match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
            if match:
                from .suggest import did_you_mean

                choices = re.findall(r"'([^']*)'|([\w-]+)", match.group(2))
                message += did_you_mean(match.group(1), [a or b for a, b in choices])
            self.exit(EXIT_USAGE, f"{PREFIX}{message}\n")

    return _Parser


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so every ``finally`` and ``except
    BaseException`` clean-up that serves Ctrl-C serves it too."""


def _terminate_like_interrupt() -> None:
    # The C module under ``signal``: the same call, without building signal's enums at import
    # (most of a millisecond of a cold query).
    import _signal

    def handler(signum, frame):
        raise Terminated

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(_signal, name):
            _signal.signal(getattr(_signal, name), handler)


def make_parser(argv: list[str] | None = None):
    """The parser (argparse); with ``argv`` naming a command, only that command's module is imported."""
    import importlib

    _Parser = _parser_class()
    parser = _Parser(
        prog="celltx-kg",
        description="A knowledge graph of immune cell therapy: build, query, validate, load and reason.",
        epilog="Exit codes: 0 ok; 1 violations or inconsistency found; 2 bad input or failure.",
    )
    parser.add_argument("--version", action="version", version=f"celltx-kg {__version__}")
    parser.add_argument("--stacktrace", action="store_true", help="show the full traceback on errors (same exit code)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr (shown only on a terminal)")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="keep additions and registered sources in DIR (default: the checkout, or the user data "
        "directory of an installed copy); the same as CELLTX_KG_DATA=DIR",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    words = [a for i, a in enumerate(argv or ()) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--data")]  # type: ignore[index]
    chosen = words[0] if words else None
    for name in (chosen,) if chosen in COMMANDS else COMMANDS:
        try:
            module = importlib.import_module(f"celltx_kg.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"celltx_kg.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def quick_query_args(argv: list[str]):
    """The arguments of the common line ``query NAME [-p NAME=VALUE …] [-f FORMAT]`` without
    argparse (whose import and help formatter cost more than the query); ``None`` for any other
    line, which argparse then parses."""
    if len(argv) < 2 or argv[0] != "query" or argv[1].startswith("-") or argv[1] in ("help",):
        return None
    params, fmt = [], "table"
    words = iter(argv[2:])
    for word in words:
        value = next(words, None)
        if value is None:
            return None
        if word in ("-p", "--param"):
            params.append(value)
        elif word in ("-f", "--format") and value in ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples"):
            fmt = value
        else:
            return None
    from types import SimpleNamespace

    from .commands import query

    return SimpleNamespace(
        command="query",
        name=argv[1],
        param=params,
        format=fmt,
        help=False,
        file=None,
        output=None,
        endpoint=None,
        timeout=60.0,
        quiet=False,
        stacktrace=False,
        data=None,
        func=query.run,
        parser=None,
    )


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        read_only = sys.argv[1:2] in (["query"], ["queries"], ["sparql"])
        if read_only:  # a short process that makes no reference cycles worth collecting
            import gc

            gc.disable()
        code = main(sys.argv[1:])
        if read_only:  # nothing left running: end without the interpreter's teardown
            _exit(code)
        return code
    args = quick_query_args(argv)
    if args is None:
        parser = make_parser(argv)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
    if args.data:
        import os

        from .paths import DATA_ENV

        os.environ[DATA_ENV] = args.data
    if args.quiet:
        from . import progress

        progress.QUIET = True
    _terminate_like_interrupt()
    try:
        return int(args.func(args) or 0)
    except CelltxError as err:
        if args.stacktrace:
            import traceback

            traceback.print_exc()
        from .output import terminal_safe

        print(f"{PREFIX}{terminal_safe(str(err))}", file=sys.stderr)
        return err.exit_code
    except Terminated:
        print("celltx-kg: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("celltx-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head and closed: not an error
        sys.stderr.close()
        return 0
    except (RecursionError, MemoryError, OSError, Exception) as exc:  # a bug or an exhausted machine: one line
        if args.stacktrace:
            raise
        from .output import terminal_safe

        first = (str(exc).splitlines() or [""])[0]
        print(
            f"{PREFIX}{type(exc).__name__}: {terminal_safe(first)[:300]} (run with --stacktrace for details)",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _exit(code: int):
    """Flush the output and end the process at once. For the read-only commands everything is
    written by now (files atomically) and nothing runs in the background, so the interpreter's
    teardown (collecting every object, cleaning up modules) would only add time."""
    import os

    try:
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into head and closed
        pass
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
