"""A fixed-window request counter per client address (or per API key), kept in Django's cache.

Used by the public pages that anyone can hammer (verification, registry, RSC roster). With
several processes the count holds only with a shared cache (CACHE_URL on Redis).
"""

import time

from django.core.cache import cache

from core.clientip import client_ip


def hit(*, scope: str, request, limit: int, window: int = 60) -> bool:
    """Count one request; True while the client is within `limit` requests per `window` s."""
    return hit_key(scope=scope, key=client_ip(request) or "unknown", limit=limit, window=window)


def hit_key(*, scope: str, key: str, limit: int, window: int = 60) -> bool:
    """Count one request for `key` (an address, an API key's prefix); True while within
    `limit` requests per `window` seconds."""
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{key}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True
    return count <= limit
