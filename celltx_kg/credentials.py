"""Credentials for protected stores: from the environment or ~/.netrc, never from the command line.

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
