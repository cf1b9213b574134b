"""Django's Redis cache, with one ``redis.Redis`` client per connection pool instead of one per operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache read and write; its
constructor copies redis-py's table of about 170 response callbacks each time, which cost more CPU than the
round trip itself (about 85 of 130 microseconds for a read on the bench machine; a page view makes two to
four; issue #20). The client holds no connection of its own (each command borrows one from the pool), so one
per pool serves every thread, and after a fork the pool notices the new process and opens fresh connections.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
