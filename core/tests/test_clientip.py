"""core.clientip: the client's address for the audit trail, rate limits and login throttling.
X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT proxies vouch for it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from core.clientip import client_ip

PROXY = "10.0.0.2"


def _request(forwarded=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_ip_ignores_the_forwarded_header_unless_proxies_are_configured(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(_request("203.0.113.7")) == PROXY
    assert client_ip(_request()) == PROXY
    assert client_ip(None) is None
    assert client_ip(_request(remote="")) is None


def test_client_ip_behind_one_proxy_is_the_last_entry_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client sent "198.51.100.1" itself; the proxy appended the address it saw.
    assert client_ip(_request("198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(" 2001:db8::1 ")) == "2001:db8::1"


def test_client_ip_behind_two_proxies_is_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(_request("198.51.100.1, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_client_ip_falls_back_to_the_server_address_when_the_header_cannot_be_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(_request("203.0.113.7")) == PROXY  # fewer hops than proxies
    assert client_ip(_request()) == PROXY  # no header: not through the proxies
    assert client_ip(_request("not-an-address, 10.0.0.9")) == PROXY


@pytest.mark.django_db
def test_audit_rate_limit_and_login_lockout_all_use_the_trusted_address(client, settings):
    from axes.models import AccessAttempt

    from core.models import AuditEvent
    from core.ratelimit import hit

    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    a = _request("198.51.100.1, 203.0.113.7")
    b = _request("198.51.100.1, 203.0.113.8")

    # Rate limit: two clients behind one proxy are counted apart (one each of a limit of 1).
    assert hit(scope="t", request=a, limit=1) and hit(scope="t", request=b, limit=1)
    assert not hit(scope="t", request=a, limit=1)
    # Login throttling (django-axes) and the audit trail record the client, not the proxy.
    client.post(
        reverse("login"),
        {"username": "nobody@example.org", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    assert set(AuditEvent.objects.values_list("ip_address", flat=True)) <= {"203.0.113.7"}
    assert AuditEvent.objects.exists()
