import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def verify_url(user):
    return reverse("accounts:verify_email", args=[services.email_verification_token(user=user)])


def test_verification_link_confirms_address_and_sends_to_login(client):
    user = UserFactory(email_verified_at=None)

    response = client.get(verify_url(user))

    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert response["Location"] == reverse("login")


def test_verification_link_followed_twice_is_harmless(client):
    user = UserFactory(email_verified_at=None)
    url = verify_url(user)
    client.get(url)
    user.refresh_from_db()
    first = user.email_verified_at

    response = client.get(url)

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.email_verified_at == first


def test_tampered_verification_link_is_refused(client):
    user = UserFactory(email_verified_at=None)
    token = services.email_verification_token(user=user)

    response = client.get(reverse("accounts:verify_email", args=[token[:-2] + "xx"]))

    user.refresh_from_db()
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert user.email_verified_at is None


def test_expired_verification_link_is_refused(client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        user = UserFactory(email_verified_at=None)
        url = verify_url(user)
    with time_machine.travel(dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC), tick=False):
        response = client.get(url)

    user.refresh_from_db()
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert user.email_verified_at is None


def test_link_for_an_old_address_is_refused(client):
    user = UserFactory(email_verified_at=None, email="old@example.org")
    url = verify_url(user)
    user.email = "new@example.org"
    user.save()

    response = client.get(url)

    assert response.status_code == 400


def test_unverified_person_cannot_log_in_and_is_told_why(client):
    UserFactory(email="new@example.org", email_verified_at=None)

    response = client.post(reverse("login"), {"username": "new@example.org", "password": PASSWORD})

    html = response.content.decode()
    assert "Confirm your email address first" in html
    assert reverse("accounts:resend_verification") in html
    assert "_auth_user_id" not in client.session


def test_resend_verification_sends_a_new_link_without_revealing_accounts(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="new@example.org", email_verified_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:resend_verification"), {"email": "NEW@example.org"})
        unknown = client.post(
            reverse("accounts:resend_verification"), {"email": "nobody@example.org"}
        )

    assert known["Location"] == unknown["Location"] == reverse("login")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
