"""Fixed-window rate limits in the shared cache (Redis in production): per API client, and per address on
the public verification endpoint. A full window answers 429 with the seconds until it ends (Retry-After).

Counting a request is one round trip to Redis (INCR and EXPIRE in one pipeline); other caches (the
in-process one of development and tests) count with add and incr."""

import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

WINDOW_SECONDS = 60


def _count(cache_key: str) -> int:
    """Add one to ``cache_key``'s counter (created at 1, expiring after its window); the new count."""
    cache = caches["default"]
    ttl = WINDOW_SECONDS + 5
    if isinstance(cache, RedisCache):
        # Django's incr() asks EXISTS first, and add() would be a third trip: one pipelined INCR and EXPIRE
        # instead (the key names the window, so setting its expiry again on each request changes nothing).
        key = cache.make_and_validate_key(cache_key)
        pipeline = cache._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, ttl)
        count, _expiry_set = pipeline.execute()
        return int(count)
    cache.add(cache_key, 0, ttl)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(cache_key, 1, ttl)
        return 1


def rate_limit_count(*, key: str, limit: int, now: float | None = None) -> tuple[int, int]:
    """Count one request under ``key``: (its number in the current window, 0 when allowed else the seconds
    until the window ends)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    count = _count(f"api-rate:{key}:{window}")
    if count <= limit:
        return count, 0
    return count, max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))


def rate_limit_hit(*, key: str, limit: int, now: float | None = None) -> int:
    """Count one request under ``key``; 0 when allowed, else the seconds until the window ends."""
    return rate_limit_count(key=key, limit=limit, now=now)[1]
