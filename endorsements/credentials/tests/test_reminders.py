import threading
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from endorsements.models import Endorsement, EndorsementEvent, EndorsementStatus

from ..models import ReminderLog
from ..services import reminders
from .factories import endorsement, evidence_for_renewal, submission


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("America/New_York"))


def run(day: date) -> dict:
    with time_machine.travel(noon(day), tick=False):
        return reminders.reminders_and_lapses_run(today=day)


def reminder_mails():
    return [m for m in mail.outbox if m.subject.startswith("Renew your")]


@pytest.mark.django_db
def test_reminder_goes_out_on_the_offset_day_with_what_is_missing(
    django_capture_on_commit_callbacks,
):
    e = endorsement()  # valid through 31 Dec 2026; reminders 90, 60, 30, 7 days before
    evidence_for_renewal(user=e.holder, hours="6")

    with django_capture_on_commit_callbacks(execute=True):
        assert run(date(2026, 10, 1))["reminders_claimed"] == 0  # 91 days before
    # Sent (after commit) on the same day, so the email counts 90 days.
    with (
        time_machine.travel(noon(date(2026, 10, 2)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert run(date(2026, 10, 2))["reminders_claimed"] == 1

    [message] = reminder_mails()
    assert message.to == [e.holder.email]
    assert message.subject == "Renew your IFA endorsement by 31 December 2026"
    assert "in 90 days" in message.body
    assert "In-service training: 6.0 of 15 training hours" in message.body
    assert f"http://testserver/renewals/endorsement/{e.pk}/" in message.body


@pytest.mark.django_db
def test_reminder_job_run_twice_sends_each_reminder_once(django_capture_on_commit_callbacks):
    endorsement()
    endorsement()

    with django_capture_on_commit_callbacks(execute=True):
        run(date(2026, 12, 24))  # 7 days before
        run(date(2026, 12, 24))
        run(date(2026, 12, 25))

    assert len(reminder_mails()) == 2
    assert list(ReminderLog.objects.values_list("offset_days", flat=True)) == [7, 7]


@pytest.mark.django_db
def test_missed_day_is_caught_up_once_at_the_next_run(django_capture_on_commit_callbacks):
    endorsement()

    with django_capture_on_commit_callbacks(execute=True):
        run(date(2026, 11, 3))  # 58 days before: the 60-day reminder was missed on 1 Nov
        run(date(2026, 11, 4))

    assert len(reminder_mails()) == 1
    assert ReminderLog.objects.get().offset_days == 60


@pytest.mark.django_db
def test_no_reminder_once_the_renewal_is_submitted(django_capture_on_commit_callbacks):
    e = endorsement()
    submission(endorsement=e)

    with django_capture_on_commit_callbacks(execute=True):
        run(date(2026, 12, 1))

    assert reminder_mails() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminder_job_run_concurrently_sends_each_reminder_once(shipped_rules):
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test needs PostgreSQL")
    for _ in range(30):
        endorsement()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def job():
        try:
            barrier.wait()
            results.append(reminders.reminders_and_lapses_run(today=date(2026, 12, 1)))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r["reminders_claimed"] for r in results) == 30
    assert len(reminder_mails()) == 30
    assert len({m.to[0] for m in reminder_mails()}) == 30
    assert ReminderLog.objects.filter(sent_at__isnull=False).count() == 30


@pytest.mark.django_db
def test_lapse_happens_the_day_after_the_grace_period(django_capture_on_commit_callbacks):
    e = endorsement()  # deadline 31 Dec 2026, grace 30 days: last day 30 Jan 2027

    with django_capture_on_commit_callbacks(execute=True):
        assert run(date(2027, 1, 30))["lapsing"] == 0
        e.refresh_from_db()
        assert e.status == EndorsementStatus.ACTIVE
        assert run(date(2027, 1, 31))["lapsing"] == 1

    e.refresh_from_db()
    assert e.status == EndorsementStatus.LAPSED
    event = EndorsementEvent.objects.filter(endorsement=e).latest("pk")
    assert (event.to_status, event.effective_on) == ("lapsed", date(2027, 1, 31))
    lapse_mails = [m for m in mail.outbox if "has lapsed" in m.subject]
    assert len(lapse_mails) == 1 and lapse_mails[0].to == [e.holder.email]


@pytest.mark.django_db
def test_lapse_job_run_twice_lapses_and_emails_once(django_capture_on_commit_callbacks):
    endorsement()

    with django_capture_on_commit_callbacks(execute=True):
        run(date(2027, 2, 5))
        run(date(2027, 2, 5))

    assert Endorsement.objects.get().status == EndorsementStatus.LAPSED
    assert len([m for m in mail.outbox if "has lapsed" in m.subject]) == 1


@pytest.mark.django_db
def test_pending_renewal_does_not_lapse(django_capture_on_commit_callbacks):
    e = endorsement()
    submission(endorsement=e)

    with django_capture_on_commit_callbacks(execute=True):
        run(date(2027, 2, 5))

    e.refresh_from_db()
    assert e.status == EndorsementStatus.ACTIVE


@pytest.mark.django_db
def test_reminder_candidates_take_at_most_two_queries_per_offset(django_assert_num_queries):
    for _ in range(5):
        endorsement()

    # A savepoint and its release (the claim is one transaction); 1 policies; 4 offsets x 1
    # query for what is due; for the one window with something due (30 days), 1 for the
    # claims already made and 1 bulk insert; 1 read back (with the holders' addresses); the
    # five outbox messages: 1 for the holders' languages, 1 insert and 1 read back of their
    # ids; 1 marking the claims queued.
    with django_assert_num_queries(14):
        claimed = reminders.reminders_claim(today=date(2026, 12, 1))

    assert len(claimed) == 5
    assert reminders.reminders_claim(today=date(2026, 12, 1)) == []  # claimed once
