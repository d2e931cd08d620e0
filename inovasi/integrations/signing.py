"""Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the endpoint's secret.

Header `Inovasi-Signature: t=<unix seconds>,v1=<hex digest>`. A receiver recomputes the digest over
the timestamp and the raw body, compares in constant time, and refuses a timestamp older than its
tolerance (replays). `verify` is what docs/api.md shows a receiver doing.
"""

import hashlib
import hmac
import time

HEADER = "Inovasi-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time() if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = DEFAULT_TOLERANCE_SECONDS, now=None) -> bool:
    try:
        parts = dict(item.split("=", 1) for item in (header or "").split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given)
