"""Login throttling per IP address across all addresses (password spraying).

django-axes pauses one address tried from one IP address. Someone trying one password on many
addresses never trips that, so failed logins are also counted per IP address, whatever the
address typed: past LOGIN_IP_FAILURE_LIMIT within AXES_COOLOFF_MINUTES, logins from there
wait. The count lives in the cache (shared Redis in production, CACHE_URL).

While the cache's Redis is down, failures are not counted and nobody is paused by this count
(django-axes, which keeps its counts in the database, still pauses an address tried too often):
a Redis outage must not turn the sign-in page into an error page.
"""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from redis.exceptions import RedisError

from core.clientip import client_ip

logger = logging.getLogger(__name__)


def _key(request) -> str:
    return f"login-failures-ip:{client_ip(request) or 'unknown'}"


def window_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def ip_blocked(request) -> bool:
    """Whether logins from this request's address are paused."""
    try:
        failures = cache.get(_key(request), 0)
    except RedisError as exc:  # the cache's Redis is down: not paused by this count
        logger.warning("login throttle not read, the cache is unavailable: %s", exc)
        return False
    return failures >= settings.LOGIN_IP_FAILURE_LIMIT


@receiver(user_login_failed, dispatch_uid="throttle_ip_failures")
def _failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    key = _key(request)
    try:
        if not cache.add(key, 1, timeout=window_seconds()):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, timeout=window_seconds())
    except RedisError as exc:  # the cache's Redis is down: this failure is not counted
        logger.warning("failed login not counted, the cache is unavailable: %s", exc)
