"""User-facing errors. The CLI prints each as one line and exits with its code."""

from __future__ import annotations

#: Exit codes (documented in the README).
EXIT_OK = 0
EXIT_FINDINGS = 1  # validation found violations; reasoning found an inconsistency
EXIT_USAGE = 2  # bad input, unknown name, unreachable endpoint: nothing was done


class CelltxError(Exception):
    """Base of every error meant for the user; ``str(err)`` is the one-line message."""

    exit_code = EXIT_USAGE


class UsageError(CelltxError):
    """A bad option, name or parameter value."""


class InputError(CelltxError):
    """An input file that cannot be used (missing, malformed, unsafe, too large)."""


class QueryError(CelltxError):
    """A SPARQL query that cannot be run."""


class EndpointError(CelltxError):
    """A remote store that failed or refused a request."""


class ReasonerError(CelltxError):
    """The reasoner could not run (no Java, out of memory, timeout)."""
