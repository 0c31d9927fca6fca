"""``did you mean …?`` for a misspelt name (a query, a parameter, a format, a command)."""

from __future__ import annotations


def did_you_mean(word: str, choices) -> str:
    """``"; did you mean 'x'?"`` when a choice is close to ``word``, else ``""``.

    >>> did_you_mean("aproved-products", ["approved-products", "developers"])
    "; did you mean 'approved-products'?"
    """
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
