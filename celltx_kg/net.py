"""HTTP to SPARQL endpoints and stores: URL checks, one-line error messages, credentials.

Credentials for protected stores: from the environment or ~/.netrc, never from the command line.

``CELLTX_KG_USER`` / ``CELLTX_KG_PASSWORD`` (HTTP Basic) or ``CELLTX_KG_TOKEN`` (Bearer) take
precedence; otherwise the netrc entry for the endpoint's host is used. Nothing here is logged.
"""

from __future__ import annotations

import base64
import netrc
import os
from urllib.parse import urlsplit


def auth_header(url: str) -> str | None:
    token = os.environ.get("CELLTX_KG_TOKEN")
    if token:
        return f"Bearer {token}"
    user, password = os.environ.get("CELLTX_KG_USER"), os.environ.get("CELLTX_KG_PASSWORD")
    if not user:
        host = urlsplit(url).hostname or ""
        try:
            entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError, OSError):
            entry = None
        if entry:
            user, _, password = entry
    if not user:
        return None
    raw = f"{user}:{password or ''}".encode()
    return "Basic " + base64.b64encode(raw).decode()


def apply_credentials(client, url: str) -> None:
    header = auth_header(url)
    if header:
        client.addCustomHttpHeader("Authorization", header)


def check_url(url: str) -> None:
    """Refuse URLs that are not http(s) or that carry credentials (they would show in logs)."""
    from urllib.parse import urlsplit

    from .errors import UsageError

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {redact(url)}")
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            "credentials do not belong in the URL: set CELLTX_KG_USER and CELLTX_KG_PASSWORD "
            "(or CELLTX_KG_TOKEN), or a netrc entry for the host"
        )


def redact(url: str) -> str:
    """The URL without its user:password part and query string (fit for a message)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


#: One-line reasons per HTTP status; the hint says what to check.
HTTP_REASONS = {
    400: "the store rejected the request (400 Bad Request)",
    401: "authentication required or credentials rejected (401): set CELLTX_KG_USER and "
    "CELLTX_KG_PASSWORD, or CELLTX_KG_TOKEN, or a netrc entry for the host",
    403: "access forbidden (403): the account lacks permission for this operation",
    404: "not found (404): check the URL",
    405: "method not allowed (405): check that the URL is the right endpoint",
    413: "request too large (413): raise the store's upload size limit",
    414: "request URI too long (414)",
    415: "unsupported media type (415)",
}


def describe_http_error(exc: Exception, what: str = "") -> str:
    """One line for an HTTP or network failure; ``what`` names the step (``during …``)."""
    import http.client
    import socket
    import urllib.error

    during = f" during {what}" if what else ""
    if isinstance(exc, urllib.error.HTTPError):
        reason = HTTP_REASONS.get(exc.code)
        if reason is None:
            kind = "server error" if exc.code >= 500 else "HTTP error"
            reason = f"{kind} {exc.code} {exc.reason}".rstrip()
        detail = _body_line(exc) if exc.code in (400, 415) or exc.code >= 500 else ""
        if ": " in reason:  # keep the hint last
            head, hint = reason.split(": ", 1)
            return f"{head}{during}{detail}: {hint}"
        return f"{reason}{during}{detail}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason  # type: ignore[assignment]
        if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
            return f"timed out{during}"
        if isinstance(reason, ConnectionRefusedError):
            return f"connection refused{during} (is the server running?)"
        if isinstance(reason, (ConnectionResetError, BrokenPipeError)):
            return f"the server closed the connection{during}"
        if isinstance(reason, socket.gaierror):
            return f"unknown host{during}"
        return f"cannot connect{during} ({reason})"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out{during}"
    if isinstance(exc, ConnectionRefusedError):
        return f"connection refused{during} (is the server running?)"
    if isinstance(exc, (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return f"the server closed the connection{during}"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP answer{during} ({type(exc).__name__})"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{text}{during}"


def _body_line(exc) -> str:
    """The first line of an error body (the store's own message), shortened."""
    try:
        body = exc.read(2000).decode("utf-8", "replace")
    except Exception:  # the body is a courtesy: never fail on it
        return ""
    line = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    if not line or line.lstrip().startswith("<"):  # HTML error pages say nothing useful in one line
        return ""
    return f" ({line[:157] + '…' if len(line) > 160 else line})"
