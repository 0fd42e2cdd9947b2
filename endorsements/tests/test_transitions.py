import datetime as dt
import threading

import pytest
from django.db import connection

from endorsements.models import ApplicationEvent, ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.services.credentials import endorsement_issue, renewal_deadline
from endorsements.services.transitions import (
    TransitionNotAllowed,
    application_transition,
    endorsement_transition,
)
from endorsements.tests.factories import ApplicationFactory, category

pytestmark = pytest.mark.django_db


def test_transition_writes_history_and_timestamps(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    seen = []

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application,
            to=ApplicationStatus.SUBMITTED,
            actor=application.applicant,
            note="Submitted",
            on_commit=lambda a: seen.append(a.status),
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "submitted",
        application.applicant,
    )
    assert seen == ["submitted"]


def test_transition_not_in_table_is_refused_and_changes_nothing():
    application = ApplicationFactory()

    with pytest.raises(TransitionNotAllowed):
        application_transition(application=application, to=ApplicationStatus.ENDORSED)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not ApplicationEvent.objects.exists()


def test_decision_twice_is_refused():
    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    application_transition(application=application, to=ApplicationStatus.ENDORSED)

    stale = type(application).objects.get(pk=application.pk)
    stale.status = ApplicationStatus.IN_REVIEW  # what a second, stale page still believes
    with pytest.raises(TransitionNotAllowed):
        application_transition(application=stale, to=ApplicationStatus.DENIED)

    assert ApplicationEvent.objects.count() == 1


def test_issue_numbers_endorsements_per_category_and_year():
    first = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    second = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)

    a = endorsement_issue(application=first, issued_on=dt.date(2026, 5, 10))
    b = endorsement_issue(application=second, issued_on=dt.date(2026, 6, 1))

    assert a.number == "CT-AIMH-IFA-2026-0001"
    assert b.number == "CT-AIMH-IFA-2026-0002"
    assert a.status == EndorsementStatus.ACTIVE
    assert a.events.get().to_status == "active"
    assert a.verification_code != b.verification_code


def test_issue_under_annual_policy_skips_first_renewal():
    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)

    endorsement = endorsement_issue(application=application, issued_on=dt.date(2026, 5, 10))

    assert endorsement.valid_through == dt.date(2027, 12, 31)


def test_renewal_deadline_on_three_year_cycle():
    # The 3-year grid: 31 Dec 2027 and every 3 years after [Florida, Pennsylvania and
    # First3Years associations]; nothing is owed on the day of endorsement, so someone endorsed
    # on a deadline is first due on the next one (this test expected the same day before).
    imhs = category("IMHS")
    assert renewal_deadline(category=imhs, issued_on=dt.date(2028, 3, 1)) == dt.date(2030, 12, 31)
    assert renewal_deadline(category=imhs, issued_on=dt.date(2027, 12, 31)) == dt.date(2030, 12, 31)


def test_endorsement_renewal_and_lapse_keep_history():
    endorsement = endorsement_issue(
        application=ApplicationFactory(status=ApplicationStatus.IN_REVIEW),
        issued_on=dt.date(2026, 1, 5),
    )

    endorsement_transition(
        endorsement=endorsement,
        to="active",
        valid_through=dt.date(2028, 12, 31),
        effective_on=dt.date(2027, 12, 1),
        note="Renewed",
    )
    endorsement_transition(endorsement=endorsement, to="lapsed", effective_on=dt.date(2029, 2, 1))

    endorsement.refresh_from_db()
    assert endorsement.status == "lapsed"
    assert [e.to_status for e in endorsement.events.all()] == ["active", "active", "lapsed"]
    # A lapsed credential may come back (reinstatement) or be archived, never be suspended.
    with pytest.raises(TransitionNotAllowed):
        endorsement_transition(endorsement=endorsement, to="suspended")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_deciders_at_once_produce_one_decision():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(target):
        from django.db import connections, transaction

        try:
            barrier.wait()
            with transaction.atomic():
                app = type(application).objects.get(pk=application.pk)
                # Endorsing issues the credential inside the transition (the invariant).
                application_transition(application=app, to=target)
            outcomes.append(target)
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(t,)) for t in ("endorsed", "denied")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes).count("refused") == 1
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert Endorsement.objects.filter(application=application).count() <= 1


def test_a_failing_side_effect_after_commit_neither_raises_nor_undoes(
    django_capture_on_commit_callbacks, caplog
):
    import smtplib

    application = ApplicationFactory()

    def mail_server_gone(app):
        raise smtplib.SMTPServerDisconnected("mail server gone")

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application, to=ApplicationStatus.SUBMITTED, on_commit=mail_server_gone
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "mail server gone" in caplog.text
