"""Queueing: one row per event and recipient, written in the causing transaction, rendered
with the plain-text part as typed and the HTML part escaped."""

import pytest
from django.core import mail
from django.db import transaction

from core.mail import send_templated_email, send_templated_emails
from messaging.models import Message

pytestmark = pytest.mark.django_db


class Person:
    given_name = "Siobhán O'Neil & A <b>"
    email = "siobhan@example.org"


def queue(**extra):
    return send_templated_email(
        "verify_email",
        to=extra.pop("to", "siobhan@example.org"),
        context={"user": Person(), "link": "http://x/y?a=1&b=2", "days": 3},
        **extra,
    )


def test_plain_text_reads_as_typed_and_html_is_escaped():
    queue(idempotency_key="k1")

    message = Message.objects.get()
    assert "Siobhán O'Neil & A <b>" in message.body_text
    assert "http://x/y?a=1&b=2" in message.body_text
    assert "O&#x27;Neil &amp; A &lt;b&gt;" in message.body_html
    assert "&#x27;" not in message.subject and "&amp;" not in message.subject


def test_subject_is_not_escaped(settings):
    settings.ASSOCIATION_CODE = "A & B"
    queue(idempotency_key="k1")

    assert "&amp;" not in Message.objects.get().body_text
    assert "A & B" in Message.objects.get().body_text


def test_same_event_makes_one_message_per_recipient():
    assert queue(idempotency_key="verify:1") == 1
    assert queue(idempotency_key="verify:1") == 1  # still one waiting, not two
    queue(idempotency_key="verify:1", to=["siobhan@example.org", "other@example.org"])

    assert sorted(Message.objects.values_list("recipient", flat=True)) == [
        "other@example.org",
        "siobhan@example.org",
    ]


def test_without_a_key_every_call_is_an_event():
    queue()
    queue()

    assert Message.objects.count() == 2


def test_row_is_written_in_the_causing_transaction_and_rolls_back_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(idempotency_key="k")
        raise RuntimeError("the change failed")

    assert Message.objects.count() == 0


def test_nothing_is_sent_before_commit_and_it_is_sent_after(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(idempotency_key="k")
        assert mail.outbox == []  # inside the transaction: only a row

    assert [m.to for m in mail.outbox] == [["siobhan@example.org"]]
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("sent", 1) and message.sent_at


def test_message_carries_kind_language_about_sender_and_reply_to(settings):
    from accounts.tests.factories import UserFactory

    settings.COORDINATORS_EMAIL = "coordinators@example.org"
    user = UserFactory()
    queue(idempotency_key="k", kind="verify_email", about=user)

    message = Message.objects.get()
    assert (message.kind, message.language) == ("verify_email", "en")
    assert (message.about_type, message.about_id) == ("accounts.user", str(user.pk))
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.reply_to == ["coordinators@example.org"]
    assert "List-Unsubscribe" not in message.headers


def test_reminders_carry_list_unsubscribe(settings):
    settings.COORDINATORS_EMAIL = "coordinators@example.org"
    queue(idempotency_key="k", kind="review_reminder", reminder=True)

    header = Message.objects.get().headers["List-Unsubscribe"]
    assert header == "<mailto:coordinators@example.org?subject=Unsubscribe%20review_reminder>"


def test_an_impossible_address_fails_at_once_with_a_reason():
    queue(idempotency_key="k", to="not an address")

    message = Message.objects.get()
    assert (message.status, message.reason) == ("failed", "bad_address")
    assert "not a valid address" in message.reason_text


def test_queueing_many_recipients_takes_the_same_three_queries(django_assert_num_queries):
    one = [{"name": "verify_email", "to": "a0@example.org", "context": {"user": Person()}}]
    many = [
        {"name": "verify_email", "to": f"a{i}@example.org", "context": {"user": Person()}}
        for i in range(1, 40)
    ]

    # 1 SELECT of the readers' languages, 1 INSERT of the rows, 1 SELECT of the ids waiting
    # to be sent: whatever their number.
    with django_assert_num_queries(3):
        send_templated_emails(one)
    with django_assert_num_queries(3):
        send_templated_emails(many)
    with django_assert_num_queries(3):
        queue(idempotency_key="k", to=[f"b{i}@example.org" for i in range(40)])

    assert Message.objects.count() == 80
