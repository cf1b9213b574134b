"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>", sent as ``X-LMS-Signature: t=<ts>,v1=<hex>``.

The timestamp is inside the signed text, so a receiver that refuses signatures older than a few minutes
(``TOLERANCE_SECONDS``) and remembers the ``X-LMS-Delivery`` ids it has seen is safe against replays.
``signature_verify`` is the reference implementation that docs/api.md explains to receivers.
"""

import hashlib
import hmac
import time

HEADER = "X-LMS-Signature"
TOLERANCE_SECONDS = 300


def signature_header(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_verify(
    *, secret: str, body: bytes, header: str, now: float | None = None, tolerance: int = TOLERANCE_SECONDS
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and its timestamp is within ``tolerance``."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))
