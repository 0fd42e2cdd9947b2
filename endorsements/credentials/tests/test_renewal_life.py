"""One approved renewal per cycle, when "Renew" is offered, renewals nobody decided in time,
the audit of attestations with its deadline and consequence, and renewal by attestation."""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from competencies.models import RenewalPolicy
from core.transitions import TransitionNotAllowed
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.services.transitions import endorsement_transition

from .. import selectors
from ..models import RenewalStatus, RenewalSubmission
from ..services import overdue, renewals
from .factories import endorsement, evidence_for_renewal, submission

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def policy_on(day: date, code: str = "IFA") -> RenewalPolicy:
    return RenewalPolicy.objects.in_effect(day).get(category__code=code)


def submit(e, **kwargs):
    return renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True, **kwargs)


# --- One approved renewal per endorsement and cycle ---------------------------------------------


def test_the_database_keeps_one_approved_renewal_per_endorsement_and_cycle():
    e = endorsement()
    submission(endorsement=e, status=RenewalStatus.APPROVED)

    with pytest.raises(IntegrityError), transaction.atomic():
        submission(endorsement=e, status=RenewalStatus.APPROVED)
    # ...and none beside one waiting either; a declined one may be followed by another.
    submission(endorsement=endorsement(), status=RenewalStatus.DECLINED)
    assert RenewalSubmission.objects.filter(status=RenewalStatus.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_approving_the_same_renewal_at_once_approve_it_once(shipped_rules):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    e = endorsement()
    waiting = submission(endorsement=e)
    deciders = [coordinator(), coordinator()]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(actor):
        try:
            barrier.wait()
            renewals.renewal_approve(
                submission=RenewalSubmission.objects.get(pk=waiting.pk), actor=actor
            )
            outcomes.append("approved")
        except renewals.RenewalNotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused"]
    e.refresh_from_db()
    assert e.valid_through == date(2027, 12, 31)  # one cycle added, not two
    assert e.events.filter(code="renewed").count() == 1
    assert RenewalSubmission.objects.get(pk=waiting.pk).events.count() == 1


# --- When "Renew" is offered ------------------------------------------------------------------


def test_renew_is_not_offered_while_a_renewal_waits():
    e = endorsement()
    submit(e)  # no evidence: it waits for a coordinator

    offer = renewals.renewal_offer(endorsement=e)

    assert (offer.offered, offer.reason) == (False, "waiting")
    with pytest.raises(renewals.RenewalNotAllowed):
        submit(e)


def test_after_an_approval_the_next_renewal_opens_the_day_after_the_old_deadline():
    """Renewed for 31 Dec 2026 the three-year grid makes the next deadline 31 Dec 2027, a
    cycle that began in 2025 [Florida, Pennsylvania and First3Years associations]; the next
    renewal still waits until 1 Jan 2027, so one approval adds one cycle."""
    e = endorsement()
    evidence_for_renewal(user=e.holder)
    assert submit(e).status == RenewalStatus.APPROVED
    e.refresh_from_db()
    assert e.valid_through == date(2027, 12, 31)

    offer = renewals.renewal_offer(endorsement=e, today=date(2026, 12, 31))
    assert (offer.offered, offer.reason, offer.opens_on) == (False, "not_open", date(2027, 1, 1))
    with pytest.raises(renewals.RenewalNotAllowed, match="opens on"):
        submit(e, today=date(2026, 12, 31))
    assert renewals.renewal_offer(endorsement=e, today=date(2027, 1, 1)).offered


def test_the_holder_page_offers_what_the_service_allows(client):
    """The holder page works the offer out from rows it has read (constant queries); it must
    give the service's answers."""
    waiting, approved, fresh, closed = (endorsement() for _ in range(4))
    submit(waiting)
    evidence_for_renewal(user=approved.holder)
    submit(approved)
    Endorsement.objects.filter(pk=closed.pk).update(valid_through=date(2025, 12, 31))
    for e in (waiting, approved, fresh, closed):
        e.refresh_from_db()
        row = selectors.holder_rows(user=e.holder, today=TODAY)[0]
        service = renewals.renewal_offer(endorsement=e, today=TODAY)
        assert (row.offer.offered, row.offer.reason, row.offer.opens_on) == (
            service.offered,
            service.reason,
            service.opens_on,
        ), e.pk
    client.force_login(approved.holder)
    page = client.get(reverse("credentials:my_endorsements")).content.decode()
    assert "Renew IFA" not in page and "Your next renewal opens on 1 January 2027" in page


def test_an_emerging_credential_renews_like_an_active_one_and_stays_emerging():
    e = endorsement()
    Endorsement.objects.filter(pk=e.pk).update(status=EndorsementStatus.EMERGING)
    e.refresh_from_db()
    evidence_for_renewal(user=e.holder)

    assert submit(e).status == RenewalStatus.APPROVED

    e.refresh_from_db()
    assert (e.status, e.valid_through) == (EndorsementStatus.EMERGING, date(2027, 12, 31))


# --- Renewals nobody decided in time ------------------------------------------------------------


def waiting_past_deadline(**kwargs):
    """A renewal for the 31 Dec 2025 deadline, still waiting (IFA: 30 days' grace)."""
    e = endorsement(issued_on=date(2024, 3, 1))
    assert e.valid_through == date(2025, 12, 31)
    return e, submission(endorsement=e, **kwargs)


@pytest.mark.parametrize(
    ("today", "listed_then"), [(date(2026, 1, 30), False), (date(2026, 1, 31), True)]
)
def test_a_renewal_waiting_past_the_grace_period_is_an_overdue_decision(today, listed_then):
    _, waiting = waiting_past_deadline()

    listed = [row.submission for row in overdue.renewals_overdue(today=today)]

    assert (waiting in listed) is listed_then


def test_an_undecided_renewal_lapses_when_the_policy_says(django_capture_on_commit_callbacks):
    e, waiting = waiting_past_deadline()
    days = policy_on(date(2025, 12, 31)).undecided_lapse_days
    lapses_on = date(2026, 1, 30) + timedelta(days=days + 1)
    assert overdue.renewals_overdue(today=lapses_on)[0].lapses_on == lapses_on

    assert overdue.renewals_lapse_overdue(today=lapses_on - timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue.renewals_lapse_overdue(today=lapses_on) == 1

    waiting.refresh_from_db()
    e.refresh_from_db()
    assert waiting.status == RenewalStatus.LAPSED
    assert e.status == EndorsementStatus.LAPSED
    assert e.events.order_by("pk").last().code == "lapsed_undecided"
    assert "could not be approved in the time" in mail.outbox[-1].body


def test_with_no_limit_an_undecided_renewal_waits_for_the_coordinator():
    e, waiting = waiting_past_deadline()
    RenewalPolicy.objects.filter(pk=policy_on(date(2025, 12, 31)).pk).update(
        undecided_lapse_days=None
    )

    assert overdue.renewals_overdue(today=TODAY)[0].lapses_on is None
    assert overdue.renewals_lapse_overdue(today=TODAY) == 0
    e.refresh_from_db()
    assert e.status == EndorsementStatus.ACTIVE


def test_the_daily_job_lapses_undecided_renewals():
    from ..services.reminders import reminders_and_lapses_run

    e, _ = waiting_past_deadline()

    result = reminders_and_lapses_run(today=TODAY)

    assert result["undecided_lapsed"] == 1
    e.refresh_from_db()
    assert e.status == EndorsementStatus.LAPSED


def test_overdue_decisions_page_is_for_coordinators(client, django_assert_num_queries):
    waiting_past_deadline()
    url = reverse("credentials:renewals_overdue")
    client.force_login(applicant())
    assert client.get(url).status_code == 404
    client.force_login(coordinator())
    # session, user with roles, staff device, waiting renewals, the policy of their deadline
    with django_assert_num_queries(6):
        response = client.get(url)
    for _ in range(3):
        waiting_past_deadline()
    # the same deadline and category: still one policy read
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("/renewals/") >= 4


# --- The audit of attestations (three-year model: renewal by attestation with random audits
#     [domain notes, facts added after the December 2026 review]) ------------------------------


def audited(**policy):
    e = endorsement()
    evidence_for_renewal(user=e.holder)
    RenewalPolicy.objects.filter(pk=policy_on(date(2026, 12, 31)).pk).update(
        audit_sample_percent=Decimal(100), **policy
    )
    return e


def test_an_audited_renewal_gets_its_evidence_deadline_and_the_stated_consequence(
    client, django_capture_on_commit_callbacks
):
    e = audited(audit_evidence_days=21)

    with django_capture_on_commit_callbacks(execute=True):
        s = submit(e)

    assert s.status == RenewalStatus.AUDIT
    assert s.audit_due_on == TODAY + timedelta(days=21)
    assert s.audit_draw is not None
    assert "Send it by 23 November 2026" in mail.outbox[-1].body
    assert "your endorsement lapses" in mail.outbox[-1].body
    client.force_login(e.holder)
    page = client.get(reverse("credentials:my_endorsements")).content.decode()
    assert "send your evidence by 23 November 2026" in page and "lapses" in page
    client.force_login(coordinator())
    detail = client.get(reverse("credentials:renewal_detail", args=[s.pk])).content.decode()
    assert "23 November 2026" in detail and "Without it the endorsement lapses" in detail


@pytest.mark.parametrize(("days_after", "lapses"), [(0, False), (1, True)])
def test_no_evidence_by_the_audit_deadline_lapses_the_credential(days_after, lapses):
    e = audited(audit_evidence_days=21)
    s = submit(e)

    overdue.renewals_lapse_overdue(today=s.audit_due_on + timedelta(days=days_after))

    e.refresh_from_db()
    s.refresh_from_db()
    assert (e.status == EndorsementStatus.LAPSED) is lapses
    assert (s.status == RenewalStatus.LAPSED) is lapses
    if lapses:
        assert e.events.order_by("pk").last().code == "lapsed_audit"


def test_when_the_policy_leaves_it_to_a_coordinator_a_late_audit_is_listed_not_lapsed():
    e = audited(audit_consequence="coordinator")
    s = submit(e)
    late = s.audit_due_on + timedelta(days=1)

    assert overdue.renewals_lapse_overdue(today=late) == 0
    row = overdue.renewals_overdue(today=late)[0]
    # Only the limit on undecided renewals still applies: 30 days after the grace period.
    assert (row.submission, row.reason, row.lapses_on) == (s, "audit_evidence", date(2027, 3, 2))


def test_the_three_year_policy_ships_with_attestation_and_a_ten_percent_audit():
    policy = policy_on(date(2027, 12, 31))

    assert policy.cycle_years == 3
    assert policy.renew_by_attestation
    assert policy.audit_sample_percent == Decimal(10)


@pytest.mark.parametrize("attested", [True, False])
def test_renewal_by_attestation_stands_for_hours_not_logged(attested):
    e = endorsement()  # no hours logged
    from applicants.tests.factories import ProfileFactory

    ProfileFactory(user=e.holder)
    RenewalPolicy.objects.filter(pk=policy_on(date(2026, 12, 31)).pk).update(
        renew_by_attestation=True, audit_sample_percent=0
    )

    s = submit(e, hours_attested=attested)

    assert s.status == (RenewalStatus.APPROVED if attested else RenewalStatus.SUBMITTED)
    assert s.hours_attested is attested


def test_attestation_is_not_offered_where_the_policy_does_not_allow_it():
    e = endorsement()
    from applicants.tests.factories import ProfileFactory

    ProfileFactory(user=e.holder)

    s = submit(e, hours_attested=True)

    assert s.status == RenewalStatus.SUBMITTED  # the annual default asks for logged hours


def test_lapsed_renewal_closes_with_history():
    e, waiting = waiting_past_deadline()
    overdue.renewal_lapse(submission=waiting, code="lapsed_undecided", today=TODAY)
    waiting.refresh_from_db()
    assert [ev.code for ev in waiting.events.all()] == ["lapsed_undecided"]
    with pytest.raises(TransitionNotAllowed):
        overdue.renewal_lapse(submission=waiting, code="lapsed_undecided", today=TODAY)


def test_a_lapsed_credential_is_not_renewable():
    e = endorsement()
    endorsement_transition(endorsement=e, to=EndorsementStatus.LAPSED)
    assert renewals.renewal_offer(endorsement=e).reason == "not_renewable"


def test_an_audit_still_open_past_the_grace_period_is_listed_and_lapses_only_after_its_deadline():
    e, waiting = waiting_past_deadline(
        status=RenewalStatus.AUDIT, audit_due_on=TODAY + timedelta(days=5)
    )

    row = overdue.renewals_overdue(today=TODAY)[0]

    assert (row.submission, row.reason, row.lapses_on) == (
        waiting,
        "audit_evidence",
        TODAY + timedelta(days=6),
    )
    assert overdue.renewals_lapse_overdue(today=TODAY) == 0
    e.refresh_from_db()
    assert e.status == EndorsementStatus.ACTIVE
