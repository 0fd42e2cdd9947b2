"""The client's address: the one helper behind the audit trail, rate limits and login throttling.

By default it is REMOTE_ADDR, the address the server saw: an `X-Forwarded-For` header is
whatever the client chose to send, and trusting it would let anyone dodge a rate limit or write
someone else's address into the audit trail. Behind reverse proxies, set TRUSTED_PROXY_COUNT to
how many of them stand in front of the portal (each appends the address it received the request
from to X-Forwarded-For): the client is then the entry that many places from the right, the
last one no client can write. A header shorter than that, or an entry that is not an address,
means the request did not come through the proxies as configured: REMOTE_ADDR is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the request came from, or None when there is no request or no address."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
