"""Delivery against a real SMTP server in the test process: claims, retries, failures."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from core.mail import send_templated_email
from messaging.models import Message
from messaging.services import delivery, message_resend, messages_sweep

pytestmark = pytest.mark.django_db


class Person:
    given_name = "Lee"


def queue(key="k", to="lee@example.org", **extra):
    send_templated_email(
        "verify_email",
        to=to,
        context={"user": Person(), "link": "http://x/y", "days": 3},
        idempotency_key=key,
        **extra,
    )
    return Message.objects.get(idempotency_key=key, recipient=to)


def test_sent_once_with_its_headers(smtp_server, settings):
    settings.COORDINATORS_EMAIL = "coordinators@example.org"
    message = queue(kind="review_reminder", reminder=True)

    messages_sweep()
    messages_sweep()

    assert len(smtp_server.received) == 1
    received = smtp_server.received[0]
    assert received["To"] == "lee@example.org"
    assert received["Reply-To"] == "coordinators@example.org"
    assert received["From"] == settings.DEFAULT_FROM_EMAIL
    assert received["X-PM-Metadata-outbox-id"] == str(message.pk)
    assert received["List-Unsubscribe"].strip().startswith("<mailto:coordinators@example.org")
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None


def test_server_away_keeps_it_queued_with_backoff_then_sends_it_once(smtp_server, settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    message = queue()
    smtp_server.down()

    messages_sweep()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert "Connection refused" in message.last_error or "Errno 111" in message.last_error
    assert message.next_attempt_at >= timezone.now() + timedelta(seconds=55)

    smtp_server.up()
    messages_sweep()  # not due yet: backoff
    assert smtp_server.received == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        messages_sweep()
        messages_sweep()

    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_a_refused_recipient_fails_at_once_with_a_plain_reason(smtp_server):
    message = queue(to="nosuch@example.org")

    messages_sweep()
    messages_sweep()

    message.refresh_from_db()
    assert (message.status, message.reason, message.attempts) == ("failed", "recipient_refused", 1)
    assert "spelled right" in message.reason_text
    assert "550" in message.last_error


def test_a_long_outage_ends_in_a_plain_failure(smtp_server, settings):
    settings.OUTBOX_GIVE_UP_SECONDS = 3600
    message = queue()
    smtp_server.down()

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        messages_sweep()

    message.refresh_from_db()
    assert (message.status, message.reason) == ("failed", "gave_up")


def test_a_claim_whose_worker_died_is_sent_again_by_the_sweep(smtp_server):
    message = queue()
    claimed = delivery.message_claim(message_id=message.pk)
    assert claimed is not None  # ... and the worker holding it is killed here

    messages_sweep()
    assert smtp_server.received == []  # the claim still runs
    with time_machine.travel(timezone.now() + delivery.LEASE + timedelta(seconds=1)):
        messages_sweep()

    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_message_waits_for_the_one_it_comes_after(smtp_server):
    first = queue(key="news")
    second = queue(key="certificate", after="news")

    assert delivery.message_claim(message_id=second.pk) is None  # news not sent yet
    delivery.messages_send(message_ids=[second.pk, first.pk])

    assert [m["X-PM-Metadata-outbox-id"] for m in smtp_server.received] == [
        str(first.pk),
        str(second.pk),
    ]


def test_staff_resend_sends_it_again(smtp_server, django_capture_on_commit_callbacks):
    message = queue(to="nosuch@example.org")
    messages_sweep()
    Message.objects.filter(pk=message.pk).update(recipient="lee@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assert message_resend(message=message)

    message.refresh_from_db()
    assert (message.status, message.reason) == ("sent", "")
    assert len(smtp_server.received) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_send_each_message_once(smtp_server):
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test needs PostgreSQL")
    for i in range(20):
        queue(key=f"k{i}", to=f"person{i}@example.org")
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            messages_sweep()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(str(m["To"]) for m in smtp_server.received) == sorted(
        f"person{i}@example.org" for i in range(20)
    )
    assert Message.objects.filter(status="sent").count() == 20
