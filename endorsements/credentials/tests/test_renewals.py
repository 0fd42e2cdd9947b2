from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from competencies.models import RenewalPolicy
from endorsements.models import EndorsementEvent, EndorsementStatus

from ..models import RenewalStatus
from ..services import renewals
from .factories import endorsement, evidence_for_renewal, submission

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def ifa_policy(on=date(2026, 12, 31)) -> RenewalPolicy:
    return RenewalPolicy.objects.in_effect(on).get(category__code="IFA")


def test_renewal_cycle_follows_the_policy_in_force_on_the_deadline():
    e = endorsement(issued_on=date(2025, 3, 1))

    cycle = renewals.renewal_cycle_for(endorsement=e)

    assert e.valid_through == date(2026, 12, 31)
    assert (cycle.start, cycle.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert cycle.grace_ends == date(2027, 1, 30)
    assert cycle.next_deadline == date(2027, 12, 31)
    assert not cycle.late and not cycle.closed


def test_renewal_cycle_under_the_three_year_policy_is_three_years():
    e = endorsement(issued_on=date(2025, 3, 1))
    e.valid_through = date(2027, 12, 31)

    cycle = renewals.renewal_cycle_for(endorsement=e)

    assert cycle.policy.cycle_years == 3
    assert (cycle.start, cycle.end) == (date(2025, 1, 1), date(2027, 12, 31))
    assert cycle.next_deadline == date(2030, 12, 31)


def test_renewal_checklist_shows_gaps_from_logged_training():
    e = endorsement()
    evidence_for_renewal(user=e.holder, hours="6")
    cycle = renewals.renewal_cycle_for(endorsement=e)

    gaps = renewals.evidence_gaps(renewals.renewal_checklist(cycle=cycle))

    assert [g.key for g in gaps] == ["training_hours"]
    assert "6.0 of 15 training hours" in gaps[0].explanation


def test_renewal_submit_with_evidence_met_is_approved_and_extends_validity(
    django_capture_on_commit_callbacks,
):
    e = endorsement()
    evidence_for_renewal(user=e.holder)

    with django_capture_on_commit_callbacks(execute=True):
        s = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)

    assert s.status == RenewalStatus.APPROVED and s.auto_approved and s.evidence_met
    e.refresh_from_db()
    assert e.status == EndorsementStatus.ACTIVE
    assert e.valid_through == date(2027, 12, 31) == s.new_valid_through
    event = EndorsementEvent.objects.filter(endorsement=e).latest("pk")
    assert (event.from_status, event.to_status, event.valid_through) == (
        "active",
        "active",
        date(2027, 12, 31),
    )
    assert e.certificate_file and e.certificate_rendered_at  # re-rendered after commit
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Your IFA endorsement certificate is ready",
        "Your IFA endorsement is renewed",
    ]


def test_renewal_submit_with_gaps_waits_for_a_coordinator():
    e = endorsement()
    evidence_for_renewal(user=e.holder, hours="3")

    s = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True, note="Was on leave")

    assert s.status == RenewalStatus.SUBMITTED and not s.evidence_met
    assert any(i["key"] == "training_hours" and not i["met"] for i in s.checklist)
    e.refresh_from_db()
    assert e.valid_through == date(2026, 12, 31)


def test_renewal_submit_twice_for_the_same_cycle_is_refused():
    e = endorsement()
    renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)

    with pytest.raises(renewals.RenewalNotAllowed):
        renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)


def test_renewal_submit_after_the_grace_period_is_refused():
    e = endorsement()
    with pytest.raises(renewals.RenewalNotAllowed, match="grace period"):
        renewals.renewal_submit(
            endorsement=e,
            ethics=True,
            no_sanctions=True,
            today=date(2027, 1, 31),
        )


def test_renewal_in_the_audit_sample_asks_for_evidence_then_coordinator_decides(
    django_capture_on_commit_callbacks,
):
    from applicants.tests.factories import upload
    from applicants.uploads import check_upload

    RenewalPolicy.objects.filter(pk=ifa_policy().pk).update(audit_sample_percent=Decimal(100))
    e = endorsement()
    evidence_for_renewal(user=e.holder)

    with django_capture_on_commit_callbacks(execute=True):
        s = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)
    assert s.status == RenewalStatus.AUDIT
    assert mail.outbox[-1].subject.startswith("Your IFA renewal was selected for audit")

    s = renewals.renewal_audit_evidence_submit(
        submission=s, upload=check_upload(upload("log.pdf")), note="All here"
    )
    assert s.status == RenewalStatus.AUDIT_SUBMITTED and s.evidence_file.owner == e.holder

    s = renewals.renewal_approve(submission=s, actor=None, note="Audit passed")
    assert s.status == RenewalStatus.APPROVED and not s.auto_approved
    e.refresh_from_db()
    assert e.valid_through == date(2027, 12, 31)


def test_audit_sample_is_random_and_near_the_percentage():
    # The draw comes from the system's secure source (nobody can tell in advance who will be
    # audited, as a draw seeded by the row's id could be) and is kept on the submission, so
    # its answer never changes. Over 4,000 draws a 10 % share falls well inside 7 %..13 %
    # (the chance of a fair draw landing outside is below one in a million).
    draws = [renewals.audit_draw() for _ in range(4000)]
    picks = [renewals.audit_selected(draw=d, percent=Decimal(10)) for d in draws]

    assert 280 < sum(picks) < 520
    assert len(set(draws)) > 3900
    assert all(Decimal(0) <= d < Decimal(100) for d in draws)
    assert not any(renewals.audit_selected(draw=d, percent=Decimal(0)) for d in draws)
    assert all(renewals.audit_selected(draw=d, percent=Decimal(100)) for d in draws)


def test_renewal_decline_lets_the_holder_submit_again(django_capture_on_commit_callbacks):
    from accounts.tests.factories import coordinator

    e = endorsement()
    s = submission(endorsement=e)

    with django_capture_on_commit_callbacks(execute=True):
        renewals.renewal_decline(submission=s, actor=coordinator(), note="Log 9 more hours.")

    s.refresh_from_db()
    assert s.status == RenewalStatus.DECLINED
    assert "Log 9 more hours." in mail.outbox[-1].body
    again = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)
    assert again.pk != s.pk


def test_renewal_approve_twice_is_refused():
    e = endorsement()
    s = submission(endorsement=e)
    renewals.renewal_approve(submission=s, actor=None)

    with pytest.raises(renewals.RenewalNotAllowed):
        renewals.renewal_approve(submission=s, actor=None)
    e.refresh_from_db()
    assert e.valid_through == date(2027, 12, 31)
