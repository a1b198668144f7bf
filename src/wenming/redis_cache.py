"""Django's Redis cache, keeping one Redis client per connection pool.

Django's ``RedisCache`` builds a new ``redis.Redis`` client for every operation (0.06 ms
each, a third of a cache read on loopback), and every request reads its session from the
cache, every save queues its coalesced tasks through it (``wenming.coalesce``). A client
holds no connection of its own (its pool does) and redis-py's clients may be shared
between threads, so one per pool serves every operation. The pool itself stays Django's:
after a fork a pool opens new connections, and so does the client with it.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        client = self.clients.get(id(pool))
        if client is None:
            client = self.clients[id(pool)] = super().get_client(key, write=write)
        return client


class RedisCache(DjangoRedisCache):
    """``CACHES`` backend: Django's, with the client kept (settings_env.caches)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _Client  # the client class Django's backend builds its client from
