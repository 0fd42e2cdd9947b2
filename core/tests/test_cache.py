"""The counters kept in the cache, against a real Redis through Django's own Redis backend
(the one settings use for CACHE_URL=redis://...)."""

import os
import time
import uuid

import pytest
from django.core.cache import cache

from core.ratelimit import hit_key


@pytest.fixture
def redis_cache(settings):
    url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{url}/9",
            # A prefix of this run's own, so that clearing touches nothing else's keys.
            "KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}",
        }
    }
    yield cache
    bucket = int(time.time() // 3600)
    cache.delete_many([f"rl:test:{who}:{b}" for who in ("a", "b") for b in (bucket - 1, bucket)])


def test_the_rate_limit_counts_in_redis_and_stops_at_the_limit(redis_cache):
    assert [hit_key(scope="test", key="a", limit=2, window=3600) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert hit_key(scope="test", key="b", limit=2, window=3600)  # another client's own count


def test_the_rate_limit_lets_requests_through_while_redis_is_down(settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed}/1",
        }
    }

    assert all(hit_key(scope="test", key="a", limit=1, window=3600) for _ in range(3))
