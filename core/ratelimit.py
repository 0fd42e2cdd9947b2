"""A fixed-window request counter per client address (or per API key), kept in Django's cache.

Used by the public pages that anyone can hammer (verification, registry, RSC roster). With
several processes the count holds only with a shared cache (CACHE_URL on Redis).

A Redis that is down must not turn these pages into error pages: the count is a guard against
abuse, not something a visitor's request depends on, so while the cache cannot be reached the
request is let through (and the log says so).
"""

import logging
import time

from django.core.cache import cache
from redis.exceptions import RedisError

from core.clientip import client_ip

logger = logging.getLogger(__name__)


def hit(*, scope: str, request, limit: int, window: int = 60) -> bool:
    """Count one request; True while the client is within `limit` requests per `window` s."""
    return hit_key(scope=scope, key=client_ip(request) or "unknown", limit=limit, window=window)


def hit_key(*, scope: str, key: str, limit: int, window: int = 60) -> bool:
    """Count one request for `key` (an address, an API key's prefix); True while within
    `limit` requests per `window` seconds."""
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{key}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            return True
    except RedisError as exc:  # the cache's Redis is down: not counted, let through
        logger.warning("rate limit %s not counted, the cache is unavailable: %s", scope, exc)
        return True
    return count <= limit
