"""Fixed-window rate limits in the shared cache (Redis in production): per API client, and per address on
the public verification endpoint. A full window answers 429 with the seconds until it ends (Retry-After)."""

import time

from django.core.cache import cache

WINDOW_SECONDS = 60


def rate_limit_hit(*, key: str, limit: int, now: float | None = None) -> int:
    """Count one request under ``key``; 0 when allowed, else the seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    cache_key = f"api-rate:{key}:{window}"
    cache.add(cache_key, 0, WINDOW_SECONDS + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(cache_key, 1, WINDOW_SECONDS + 5)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
