from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import include, path

from core.mail import OutboxBackend, send_templated_email
from endorsement_portal.urls import urlpatterns as portal_urls

urlpatterns = [*portal_urls, path("dev/", include("core.dev_urls"))]


class Person:
    given_name = "Lee <b>"
    email = "lee@example.org"


@pytest.mark.django_db
def test_templated_email_has_text_and_html_parts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_templated_email(
            "verify_email",
            to="lee@example.org",
            context={"user": Person(), "link": "http://x/y", "days": 3},
        )

    assert sent == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Confirm your email address")
    assert "\n" not in message.subject
    assert "http://x/y" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Lee &lt;b&gt;" in html  # user text is escaped in the HTML part
    assert "Connecticut Association for Infant Mental Health" in html


def test_outbox_backend_keeps_a_copy_of_each_message(settings, tmp_path, capsys):
    settings.DEV_OUTBOX_DIR = str(tmp_path / "box")
    message = mail.EmailMessage("Hello there", "Body text", to=["a@example.org"])

    OutboxBackend().send_messages([message])

    files = list(Path(settings.DEV_OUTBOX_DIR).glob("*.eml"))
    assert len(files) == 1
    assert "Hello there" in capsys.readouterr().out


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=True)
def test_dev_outbox_lists_and_shows_messages(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DEV_OUTBOX_DIR = str(tmp_path / "box")
    settings.EMAIL_BACKEND = "core.mail.OutboxBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            "verify_email",
            to="lee@example.org",
            context={"user": Person(), "link": "http://x/verify/abc/", "days": 3},
        )

    listing = client.get("/dev/outbox/").content.decode()
    message_id = Path(next(Path(settings.DEV_OUTBOX_DIR).glob("*.eml"))).name
    detail = client.get(f"/dev/outbox/{message_id}/").content.decode()

    assert "Confirm your email address" in listing
    assert "lee@example.org" in listing
    assert '<a href="http://x/verify/abc/"' in detail  # links can be followed


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=True)
def test_dev_outbox_refuses_paths_outside_the_outbox(client, settings, tmp_path):
    settings.DEV_OUTBOX_DIR = str(tmp_path / "box")

    response = client.get("/dev/outbox/..%2F..%2Fetc%2Fpasswd/")

    assert response.status_code == 404
