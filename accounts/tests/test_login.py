import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_any_capitalisation_of_email(client):
    user = UserFactory(email="casey@example.org")

    response = client.post(
        reverse("login"), {"username": "Casey@Example.ORG", "password": PASSWORD}
    )

    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_wrong_password_keeps_email_and_explains(client):
    UserFactory(email="casey@example.org")

    response = client.post(reverse("login"), {"username": "casey@example.org", "password": "nope"})

    html = response.content.decode()
    assert "Enter a correct email address and password" in html
    assert 'value="casey@example.org"' in html


def test_login_rotates_the_session_key(client):
    UserFactory(email="casey@example.org")
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("login"), {"username": "casey@example.org", "password": PASSWORD})

    assert client.session.session_key != before


def test_logout_needs_post_and_ends_session(client):
    client.force_login(UserFactory())

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("core:home")
    assert "_auth_user_id" not in client.session


def test_password_change_ends_other_sessions_but_keeps_this_one(client):
    from django.test import Client

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "new-unusual-passphrase",
            "new_password2": "new-unusual-passphrase",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change")).status_code == 200
    assert other_device.get(reverse("password_change")).status_code == 302


def test_password_change_page_needs_login(client):
    response = client.get(reverse("password_change"))

    assert response["Location"].startswith(reverse("login"))


def test_password_reset_emails_a_working_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="casey@example.org", given_name="Casey")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "casey@example.org"})

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Hello Casey" in body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line).strip()
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.content.decode()
