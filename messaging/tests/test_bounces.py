"""Bounces: the admin action, and Postmark's bounce webhook behind a shared secret."""

import base64
import json

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.mail import send_templated_email
from messaging.models import Message

pytestmark = pytest.mark.django_db

# A bounce as Postmark posts it to a bounce webhook (the example of Postmark's webhook
# documentation, with our outbox id in Metadata, which Postmark copies from the
# X-PM-Metadata-outbox-id header we send).
POSTMARK_BOUNCE = {
    "RecordType": "Bounce",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "reference_request",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Metadata": {"outbox-id": "OUTBOX_ID"},
    "ServerID": 23,
    "MessageStream": "outbound",
    "Description": (
        "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
    ),
    "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "Email": "rater@example.org",
    "From": "endorsement@example.org",
    "BouncedAt": "2026-12-01T16:28:10.2735393-05:00",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Mina asks you for a reference rating",
}


class Person:
    given_name = "Rae"


def sent_message(to="rater@example.org"):
    send_templated_email(
        "verify_email", to=to, context={"user": Person()}, idempotency_key=f"k:{to}"
    )
    message = Message.objects.get(recipient=to)
    Message.objects.filter(pk=message.pk).update(status="sent")
    return message


def post(client, payload, secret="s3cret"):
    auth = base64.b64encode(f"postmark:{secret}".encode()).decode()
    return client.post(
        reverse("messaging:postmark_webhook"),
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


def test_webhook_marks_the_message_bounced(client, settings):
    settings.MAIL_WEBHOOK_SECRET = "s3cret"
    other = sent_message("someone@example.org")
    message = sent_message()
    payload = json.loads(json.dumps(POSTMARK_BOUNCE).replace("OUTBOX_ID", str(message.pk)))

    response = post(client, payload)

    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.reason) == ("bounced", "bounced")
    assert "does not exist" in message.last_error
    other.refresh_from_db()
    assert other.status == "sent"


def test_webhook_without_metadata_finds_the_last_message_to_the_address(client, settings):
    settings.MAIL_WEBHOOK_SECRET = "s3cret"
    message = sent_message()
    payload = {k: v for k, v in POSTMARK_BOUNCE.items() if k != "Metadata"}

    post(client, payload)

    message.refresh_from_db()
    assert message.status == "bounced"


def test_webhook_ignores_soft_bounces(client, settings):
    settings.MAIL_WEBHOOK_SECRET = "s3cret"
    message = sent_message()

    post(client, {**POSTMARK_BOUNCE, "Type": "SoftBounce", "TypeCode": 4096})

    message.refresh_from_db()
    assert message.status == "sent"


def test_webhook_refuses_a_wrong_or_missing_secret(client, settings):
    settings.MAIL_WEBHOOK_SECRET = "s3cret"
    message = sent_message()

    assert post(client, POSTMARK_BOUNCE, secret="guess").status_code == 401
    unauthenticated = client.post(
        reverse("messaging:postmark_webhook"), "{}", content_type="application/json"
    )
    assert unauthenticated.status_code == 401
    settings.MAIL_WEBHOOK_SECRET = ""
    assert post(client, POSTMARK_BOUNCE, secret="").status_code == 401  # unset: refuses all

    message.refresh_from_db()
    assert message.status == "sent"


def test_staff_mark_bounced_and_resend_from_the_admin_and_see_failures(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    message = sent_message()
    fine = sent_message("fine@example.org")
    client.force_login(admin)
    url = reverse("admin:messaging_message_changelist")

    client.post(url, {"action": "mark_bounced", "_selected_action": [message.pk]})
    failures = client.get(url, {"delivery": "failed"}).content.decode()

    message.refresh_from_db()
    assert message.status == "bounced"
    assert "rater@example.org" in failures and "fine@example.org" not in failures

    client.post(url, {"action": "resend", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.status == "queued" and fine.pk != message.pk
