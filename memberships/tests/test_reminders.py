"""Dues reminders at each offset, sent once; the dues invoice raised once per period."""

from datetime import date

import pytest
from django.core import mail

from fees.models import Invoice
from fees.tests.factories import schedule
from memberships.models import MembershipReminderLog, MembershipReminderPolicy
from memberships.reminders import membership_reminders_claim
from memberships.tests.factories import AssociationFactory, MembershipFactory
from messaging.models import Message
from messaging.services import messages_send

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 1)


def test_the_shipped_policy_reminds_60_30_and_7_days_before():
    assert MembershipReminderPolicy.objects.get().reminder_offsets == [60, 30, 7]


def test_a_reminder_is_claimed_once_however_often_the_job_runs():
    record = MembershipFactory(ends_on=date(2026, 12, 31))  # 60 days after TODAY

    first = membership_reminders_claim(today=TODAY)
    again = membership_reminders_claim(today=TODAY)
    next_day = membership_reminders_claim(today=date(2026, 11, 2))

    assert len(first) == 1 and again == [] and next_day == []
    log = MembershipReminderLog.objects.get()
    assert (log.membership_id, log.offset_days, log.ends_on) == (record.pk, 60, record.ends_on)
    assert Message.objects.filter(kind="memberships_dues_reminder").count() == 1


def test_each_offset_reminds_once_and_a_missed_day_is_caught_up():
    MembershipFactory(ends_on=date(2026, 12, 31))

    membership_reminders_claim(today=date(2026, 11, 1))  # 60 days before
    membership_reminders_claim(today=date(2026, 12, 3))  # 28 days: the 30-day one, a day late
    membership_reminders_claim(today=date(2026, 12, 24))  # 7 days
    membership_reminders_claim(today=date(2026, 12, 25))

    assert sorted(MembershipReminderLog.objects.values_list("offset_days", flat=True)) == [
        7,
        30,
        60,
    ]


def test_no_reminder_once_renewed_or_for_another_association():
    person_record = MembershipFactory(ends_on=date(2026, 12, 31))
    MembershipFactory(
        person=person_record.person, starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31)
    )
    MembershipFactory(association=AssociationFactory(), ends_on=date(2026, 12, 31))

    assert membership_reminders_claim(today=TODAY) == []


def test_the_reminder_email_says_why_and_what_to_do_in_the_readers_language():
    record = MembershipFactory(number="CT-77", ends_on=date(2026, 12, 31))
    record.person.preferred_language = "es"
    record.person.save()

    membership_reminders_claim(today=TODAY)
    messages_send(message_ids=list(Message.objects.values_list("pk", flat=True)))

    sent = mail.outbox[-1]
    assert sent.to == [record.person.email]
    assert "Su membresía en la asociación termina el 31 de diciembre de 2026" in sent.subject
    assert "CT-77" in sent.body
    assert "/memberships/mine/" in sent.body


def test_the_first_reminder_raises_the_dues_invoice_once_by_membership_type():
    schedule(membership_student=3000)  # a student's dues, not an individual's
    record = MembershipFactory(membership_type="student", ends_on=date(2026, 12, 31))

    membership_reminders_claim(today=TODAY)
    membership_reminders_claim(today=date(2026, 12, 1))  # the 30-day reminder

    invoice = Invoice.objects.get(person=record.person)
    assert invoice.reason == "membership_renewal"
    assert [line.kind for line in invoice.lines.all()] == ["membership_student"]
    assert invoice.total_cents == 3000
    assert MembershipReminderLog.objects.count() == 2
