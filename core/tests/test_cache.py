"""The cache backend against a real Redis."""


def test_the_redis_backend_keeps_one_client_and_works():
    """core.cache.RedisCache shares its client between calls (the stock backend builds one
    per call) and still reads, writes and counts against a real Redis."""
    import os

    from core.cache import RedisCache

    url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    backend = RedisCache(f"{url}/9", {"KEY_PREFIX": "test-fragments"})
    backend.set("k", {"a": 1})
    backend.add("n", 1)
    backend.incr("n")

    assert backend.get("k") == {"a": 1} and backend.get("n") == 2
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.delete_many(["k", "n"])
