"""The client's address as the project trusts it, behind zero or more reverse proxies.

Every per-client limit (allauth's login and signup limits, the certificate lookup) keys on this one
function, so that behind a proxy one client's failures never lock out everyone else, and a header a
client sets itself is never believed when no proxy is configured to overwrite it.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443" from some proxies
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """Return the client's address, never raising.

    With ``LMS_TRUSTED_PROXY_COUNT`` = 0 (the default) this is ``REMOTE_ADDR`` and forwarding headers are
    ignored. With N trusted proxies and ``X-Forwarded-For``, the address the outermost trusted proxy saw is
    the N-th entry from the right (entries further left were written by the client and prove nothing). With
    another header (``X-Real-IP``), the proxy sets it to one address. A missing or malformed header falls
    back to ``REMOTE_ADDR``.
    """
    remote = _clean(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104 - a key, not a bind address
    count = settings.LMS_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = settings.LMS_CLIENT_IP_HEADER
    raw = request.headers.get(header, "")
    if header.lower() == "x-forwarded-for":
        entries = [item for item in raw.split(",") if item.strip()]
        if not entries:
            return remote
        # Fewer entries than proxies: the request skipped a proxy; the leftmost is the best we know.
        candidate = entries[-count] if len(entries) >= count else entries[0]
    else:
        candidate = raw
    return _clean(candidate) or remote
