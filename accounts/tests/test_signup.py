import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "given_name": "Maria",
    "family_name": "Lopez",
    "email": "Maria.Lopez@Example.org",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def test_signup_creates_unverified_applicant_and_emails_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), GOOD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="maria.lopez@example.org")
    assert user.email_verified_at is None
    assert user.has_role(Role.APPLICANT)
    assert user.check_password(GOOD["password1"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria.lopez@example.org"]
    assert "Confirm your email address" in message.subject
    assert re.search(r"http://testserver/accounts/verify/[^/\s]+/", message.body)
    html = message.alternatives[0][0]
    assert "Hello Maria" in html


def test_signup_done_page_names_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), GOOD)

    response = client.get(reverse("accounts:signup_done"))

    assert "maria.lopez@example.org" in response.content.decode()


def test_signup_with_taken_email_answers_as_for_a_new_one_and_emails_the_holder(
    client, django_capture_on_commit_callbacks
):
    # The page must not tell a visitor whether an address has an account (it used to say so).
    holder = UserFactory(email="maria.lopez@example.org", given_name="Maria")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), GOOD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert User.objects.count() == 1
    holder.refresh_from_db()
    assert holder.check_password("correct-horse-battery-staple")  # nothing changed in it
    (message,) = mail.outbox
    assert message.to == ["maria.lopez@example.org"]
    assert "tried to create an account" in message.subject
    assert "already has an account" in message.body and "/accounts/password_reset/" in message.body


def test_signup_with_weak_password_explains_next_to_field(client):
    data = {**GOOD, "password1": "password", "password2": "password"}

    response = client.post(reverse("accounts:signup"), data)

    html = response.content.decode()
    assert "This password is too common." in html
    assert 'id="id_password2_error"' in html or 'id="id_password1_error"' in html
    assert 'value="Maria.Lopez@Example.org"' in html or 'value="maria.lopez@example.org"' in html
    assert not User.objects.exists()


def test_signup_with_mismatched_passwords_explains_next_to_field(client):
    data = {**GOOD, "password2": "something-else-entirely"}

    response = client.post(reverse("accounts:signup"), data)

    html = response.content.decode()
    assert "The two password fields didn’t match." in html
    assert 'id="id_password2_error"' in html
    assert 'href="#id_password2"' in html  # the error summary links to the field
    assert 'value="Lopez"' in html
    assert not User.objects.exists()


def test_signup_gives_role_even_when_groups_were_flushed(client):
    Group.objects.all().delete()

    client.post(reverse("accounts:signup"), GOOD)

    assert User.objects.get().has_role(Role.APPLICANT)


def test_signup_page_redirects_signed_in_people_home(client):
    client.force_login(UserFactory())

    response = client.get(reverse("accounts:signup"))

    assert response["Location"] == reverse("core:home")
