"""The shared cache on a real Redis (wenming.redis_cache): Django's cache, answering as
Django's does, with one Redis client kept for every operation."""

from wenming.redis_cache import RedisCache


def test_the_cache_answers_as_djangos_and_keeps_one_client(redis_url: str) -> None:
    cache = RedisCache(redis_url, {"KEY_PREFIX": "test-redis-cache"})
    cache.clear()
    assert cache.add("flag", True, timeout=5) is True
    assert cache.add("flag", True, timeout=5) is False  # coalescing relies on this
    cache.set("session", {"user": 7, "名": "李卫东"}, timeout=60)
    assert cache.get("session") == {"user": 7, "名": "李卫东"}
    assert cache.get_many(["session", "missing"]) == {"session": {"user": 7, "名": "李卫东"}}
    cache.delete("session")
    assert cache.get("session", "gone") == "gone"
    cache.add("n", 1)
    assert cache.incr("n") == 2

    client = cache._cache  # the client object Django's backend asks for a Redis client
    first = client.get_client(write=True)
    assert client.get_client(write=True) is first
    assert client.get_client() is first  # one server: reads and writes share its pool
