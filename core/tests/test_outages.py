"""What people see when a service the portal needs is down: never a 500 that promises what
it cannot know, and signed-in pages that keep working without the cache."""

import errno
import os
import socket
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import applicant
from core.views import server_error


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_down_answers_503_try_again_with_retry_after():
    if connection.vendor != "postgresql":
        pytest.skip("points PostgreSQL at a closed port")
    client = Client(raise_request_exception=False)
    client.force_login(applicant())
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = _closed_port()  # PostgreSQL is "down"
    try:
        response = client.get(reverse("endorsements:application_list"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Try again in a minute" in text
    assert "was lost" not in text and "may not have been saved" in text


def test_redis_down_answers_503_not_500(rf):
    import redis

    client = redis.Redis(host="127.0.0.1", port=_closed_port(), socket_connect_timeout=1)
    try:
        client.ping()  # a real client meeting a Redis that is down
    except redis.exceptions.ConnectionError:
        response = server_error(rf.get("/"))

    assert response.status_code == 503
    assert "Try again in a minute" in response.content.decode()


def test_a_bug_still_answers_500_without_promising_anything(rf):
    try:
        raise KeyError("a bug")
    except KeyError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "may not have been saved" in response.content.decode()


@pytest.mark.django_db
def test_signed_in_pages_work_with_the_cache_redis_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/1",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    person = applicant(given_name="Cachefree")
    client.force_login(person)  # sessions live in the database

    home = client.get(reverse("core:home"))
    applications = client.get(reverse("endorsements:application_list"))
    registry = client.get(reverse("reports:registry"))  # counted by the rate limit

    assert home.status_code == applications.status_code == registry.status_code == 200
    assert "Cachefree" in home.content.decode()
    assert "Registry of endorsed professionals" in registry.content.decode()


@pytest.mark.django_db
def test_public_pages_work_with_the_cache_redis_down(client, settings):
    """The public pages count requests per address in the cache (core.ratelimit): with its
    Redis down they are not counted, and the visitor still gets the page."""
    from endorsements.credentials.tests.factories import endorsement as issued

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/1",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    endorsement = issued()

    verify = client.get(reverse("credentials:verify", args=[endorsement.verification_code]))
    roster = client.get(reverse("reports:rsc_providers"))

    assert verify.status_code == roster.status_code == 200


@pytest.mark.django_db
def test_staff_sign_in_with_both_factors_while_the_cache_redis_is_down(client, settings):
    """Issue 21 keeps sessions in the database so the cache may fail; issue 15's sign-in (the
    per-address throttle counted in the cache, "logged in" recorded after the second factor)
    must hold all the same: the throttle lets the person through, the audit is right."""
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Role
    from accounts.tests.factories import PASSWORD, UserFactory
    from accounts.tests.test_two_factor import current_code
    from core.models import AuditAction, AuditEvent

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/1",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    staff = UserFactory(roles=[Role.COORDINATOR])
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    client.post(reverse("login"), {"username": staff.email, "password": "wrong"})
    client.post(reverse("login"), {"username": staff.email, "password": PASSWORD})
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=staff).exists()
    client.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    inbox = client.get(reverse("review:inbox"))

    assert inbox.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=staff).count() == 1
    assert Session.objects.filter(session_key=client.session.session_key).exists()


class _FullDisk:
    """A file handle on a disk that fills up after the first few bytes (the OS boundary)."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


@pytest.mark.django_db
def test_a_full_disk_during_an_upload_leaves_no_partial_file_and_says_so(monkeypatch, settings):
    import core.files
    from applicants.models import Education, StoredFile
    from applicants.tests.factories import pdf_bytes, upload

    real_fdopen = os.fdopen
    monkeypatch.setattr(core.files.os, "fdopen", lambda fd, mode: _FullDisk(real_fdopen(fd, mode)))
    client = Client(raise_request_exception=False)
    client.force_login(applicant())

    response = client.post(
        reverse("applicants:education_add"),
        {
            "degree_level": "bachelor",
            "field_of_study": "Social work",
            "institution": "Southern Connecticut State University",
            "completed_on": "2016-05-15",
            "transcript_upload": upload("transcript.pdf", pdf_bytes(), "application/pdf"),
        },
    )

    assert response.status_code == 507
    assert "Your file was not saved" in response.content.decode()
    assert "no part of the file was kept" in response.content.decode()
    stored = [p for p in Path(settings.PRIVATE_FILES_ROOT).rglob("*") if p.is_file()]
    assert stored == []  # neither a partial file nor a temporary one
    assert not StoredFile.objects.exists() and not Education.objects.exists()
