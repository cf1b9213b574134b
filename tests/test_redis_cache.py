"""The Redis cache backend (lms/redis_cache.py): Django's, with one redis client per connection pool."""

from unittest import mock

import pytest
import redis

from lms.redis_cache import RedisCache

from .redis_space import redis_key_space


@pytest.fixture
def redis_cache():
    """The backend on the tests' own Redis database, under a prefix of its own (its keys deleted after)."""
    with redis_key_space("cache") as (url, prefix):
        yield RedisCache(url, {"KEY_PREFIX": prefix})


def test_cache_operations_share_one_client_and_still_read_and_write(redis_cache):
    with mock.patch.object(redis.Redis, "__init__", wraps=redis.Redis.__init__, autospec=True) as built:
        redis_cache.set("greeting", {"vi": "Xin chào"}, 30)
        assert redis_cache.get("greeting") == {"vi": "Xin chào"}
        assert redis_cache.add("greeting", "other", 30) is False
        redis_cache.delete("greeting")
        assert redis_cache.get("greeting") is None
    assert built.call_count == 1
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
