"""A key space of a test's own on the tests' Redis database (LMS_TEST_REDIS_URL)."""

import contextlib
import uuid

import pytest
import redis
from django.conf import settings


@contextlib.contextmanager
def redis_key_space(label: str):
    """Yield ``(url, prefix)``: the tests' Redis and a fresh key prefix, whose keys are deleted afterwards (never
    the whole database: the RQ tests share it). Skips the test when no Redis answers."""
    url = settings.RQ_QUEUES["default"]["URL"]
    server = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}")
    prefix = f"lms-test-{label}-{uuid.uuid4().hex[:8]}"
    try:
        yield url, prefix
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
