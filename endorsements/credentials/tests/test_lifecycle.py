"""The credential after issue: suspension and revocation by a coordinator, archive and
un-archive by the holder, completing an emerging endorsement, lapse and reinstatement, and
a new application once the window has passed."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from competencies.models import RenewalPolicy
from core.models import AuditAction, AuditEvent
from endorsements.models import ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.services.applications import ApplicationNotAllowed, application_open
from endorsements.services.transitions import endorsement_transition
from endorsements.tests.factories import ApplicationFactory, category

from ..models import CredentialRequest, RequestKind, RequestStatus
from ..services import lifecycle, requests
from .factories import endorsement, evidence_for_renewal

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
TODAY = date(2026, 11, 2)
E = EndorsementStatus


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def policy_for(e) -> RenewalPolicy:
    return RenewalPolicy.objects.in_effect(e.valid_through).get(category=e.category)


def lapsed(*, days_ago: int, **kwargs) -> Endorsement:
    """An IFA credential (deadline 31 Dec 2025) that lapsed `days_ago` days ago."""
    e = endorsement(issued_on=date(2024, 3, 1), **kwargs)
    return endorsement_transition(
        endorsement=e, to=E.LAPSED, effective_on=TODAY - timedelta(days=days_ago)
    )


# --- Suspend, lift, revoke ---------------------------------------------------------------------


def test_suspension_takes_the_credential_off_at_once_and_tells_the_holder(
    client, django_capture_on_commit_callbacks
):
    e = endorsement()
    cora = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.endorsement_suspend(
            endorsement=e, actor=cora, reason="A licensing-board matter is under review."
        )

    e.refresh_from_db()
    assert e.status == E.SUSPENDED
    event = e.events.order_by("pk").last()
    assert (event.code, event.note, event.actor) == (
        "suspended",
        "A licensing-board matter is under review.",
        cora,
    )
    assert AuditEvent.objects.get(action=AuditAction.CREDENTIAL_SUSPENDED).actor == cora
    assert mail.outbox[-1].to == [e.holder.email]
    assert "licensing-board matter" in mail.outbox[-1].body
    data = client.get(reverse("credentials:verify_json", args=[e.verification_code])).json()
    assert (data["status"], data["current"]) == ("suspended", False)


def test_lifting_a_suspension_restores_what_it_was_before():
    e = endorsement()
    Endorsement.objects.filter(pk=e.pk).update(status=E.EMERGING)
    e.refresh_from_db()
    cora = coordinator()
    lifecycle.endorsement_suspend(endorsement=e, actor=cora, reason="Under review")

    lifecycle.endorsement_suspension_lift(endorsement=e, actor=cora, reason="Cleared")

    e.refresh_from_db()
    assert e.status == E.EMERGING
    assert AuditEvent.objects.filter(action=AuditAction.CREDENTIAL_UNSUSPENDED).exists()


@pytest.mark.parametrize(
    "act",
    [lifecycle.endorsement_suspend, lifecycle.endorsement_revoke],
    ids=["suspend", "revoke"],
)
def test_nobody_suspends_or_revokes_their_own_credential(act):
    cora = coordinator()
    e = endorsement(holder=cora)

    with pytest.raises(lifecycle.CredentialActionRefused, match="your own"):
        act(endorsement=e, actor=cora, reason="Testing")

    e.refresh_from_db()
    assert e.status == E.ACTIVE


def test_revoking_needs_a_reason_and_is_final():
    e = endorsement()
    cora = coordinator()
    with pytest.raises(lifecycle.CredentialActionRefused, match="reason"):
        lifecycle.endorsement_revoke(endorsement=e, actor=cora, reason="  ")

    lifecycle.endorsement_revoke(endorsement=e, actor=cora, reason="Misrepresented hours")

    e.refresh_from_db()
    assert e.status == E.REVOKED
    with pytest.raises(lifecycle.CredentialActionRefused):
        lifecycle.endorsement_suspend(endorsement=e, actor=cora, reason="Again")


def test_suspend_page_is_for_coordinators_and_someone_elses_object_is_404(client):
    e = endorsement()
    url = reverse("credentials:credential_suspend", args=[e.pk])
    client.force_login(applicant())
    assert client.get(url).status_code == 404
    client.force_login(e.holder)
    assert client.get(url).status_code == 404

    client.force_login(coordinator())
    response = client.post(url, {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    response = client.post(url, {"reason": "Board review"}, follow=True)

    e.refresh_from_db()
    assert e.status == E.SUSPENDED
    assert "Suspended: the registry and verification show it at once" in response.content.decode()


def test_staff_credential_list_query_count_is_constant(client, django_assert_num_queries):
    client.force_login(coordinator())
    endorsement()
    # session, user with roles, staff device, the page count, the page of credentials
    # with holder and category
    with django_assert_num_queries(5):
        client.get(reverse("credentials:staff_credentials"))
    for _ in range(5):
        endorsement()
    with django_assert_num_queries(5):
        response = client.get(reverse("credentials:staff_credentials"), {"q": "IFA"})
    assert response.content.decode().count("/credentials/") >= 6


# --- Archive and un-archive (holders may archive a category they no longer want) -----------


def test_archive_takes_it_off_and_the_holder_may_take_it_back_within_the_window(client):
    e = endorsement(issued_on=date(2026, 3, 1))  # valid through 31 Dec 2027
    holder = e.holder
    client.force_login(holder)

    assert "Archive IFA" in client.get(reverse("credentials:archive", args=[e.pk])).content.decode()
    client.post(reverse("credentials:archive", args=[e.pk]))

    e.refresh_from_db()
    assert e.status == E.ARCHIVED
    window = policy_for(e).unarchive_window_days
    assert lifecycle.unarchive_until(e) == TODAY + timedelta(days=window)
    data = client.get(reverse("credentials:verify_json", args=[e.verification_code])).json()
    assert data["status"] == "archived"

    with time_machine.travel(datetime(2026, 11, 2, 12) + timedelta(days=window), tick=False):
        lifecycle.endorsement_unarchive(endorsement=e, actor=holder)  # the last day: allowed
    e.refresh_from_db()
    assert e.status == E.ACTIVE


def test_unarchive_after_the_window_is_refused():
    e = endorsement(issued_on=date(2026, 3, 1))
    lifecycle.endorsement_archive(endorsement=e, actor=e.holder)
    window = policy_for(e).unarchive_window_days

    with pytest.raises(lifecycle.CredentialActionRefused, match="apply again"):
        lifecycle.endorsement_unarchive(
            endorsement=e, actor=e.holder, today=TODAY + timedelta(days=window + 1)
        )


def test_the_window_is_policy_data():
    e = endorsement(issued_on=date(2026, 3, 1))
    RenewalPolicy.objects.filter(pk=policy_for(e).pk).update(unarchive_window_days=10)
    lifecycle.endorsement_archive(endorsement=e, actor=e.holder)

    assert lifecycle.unarchive_until(e) == TODAY + timedelta(days=10)


def test_only_the_holder_archives():
    e = endorsement()
    with pytest.raises(lifecycle.CredentialActionRefused):
        lifecycle.endorsement_archive(endorsement=e, actor=coordinator())


def test_archived_past_its_deadline_comes_back_lapsed():
    e = endorsement(issued_on=date(2025, 3, 1))  # deadline 31 Dec 2026, grace to 30 Jan 2027
    lifecycle.endorsement_archive(endorsement=e, actor=e.holder)

    lifecycle.endorsement_unarchive(endorsement=e, actor=e.holder, today=date(2027, 2, 1))

    e.refresh_from_db()
    assert e.status == E.LAPSED


# --- Emerging: endorsed while finishing, then completed -----------------------------------------


def emerging_credential():
    from endorsements.services.transitions import application_transition

    application = ApplicationFactory(category=category("IFRS"), status=ApplicationStatus.IN_REVIEW)
    application_transition(application=application, to=ApplicationStatus.ENDORSED_EMERGING)
    return Endorsement.objects.get(application=application)


def test_completion_is_refused_while_items_are_in_progress():
    e = emerging_credential()

    with pytest.raises(requests.RequestRefused, match="still in progress"):
        requests.completion_request(endorsement=e, actor=e.holder)

    assert not CredentialRequest.objects.exists()


def requirements_met_by_anyone(code: str) -> None:
    """Rules are data: a requirement set asking for nothing, so every item is met (what the
    engine says of real evidence is tested in competencies)."""
    from competencies.models import RequirementSet

    RequirementSet.objects.in_effect(TODAY).filter(category__code=code).update(
        min_education_level="none",
        work_years=0,
        leadership_years=0,
        training_hours=0,
        training_dei_hours=0,
        training_rsc_provision_hours=0,
        training_must_cover_domains=False,
        rsc_hours=0,
        references_required=0,
        references_endorsed_required=0,
        membership_required=False,
        ethics_required=False,
        # The rules added after the December 2026 review, asking nothing either.
        reference_relationships=[],
        rsc_span_min_months=None,
        rsc_span_max_months=None,
        rsc_main_provider_share_percent=None,
    )


def test_completion_approved_makes_the_credential_active_and_the_application_endorsed(
    client, django_capture_on_commit_callbacks
):
    e = emerging_credential()
    requirements_met_by_anyone("IFRS")
    client.force_login(e.holder)
    page = client.get(reverse("credentials:complete", args=[e.pk])).content.decode()
    assert "Ask to complete my endorsement" in page
    request = requests.completion_request(endorsement=e, actor=e.holder, note="Year done")
    assert all(item["met"] for item in request.checklist)
    cora = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        requests.credential_request_approve(request=request, actor=cora)

    e.refresh_from_db()
    e.application.refresh_from_db()
    assert e.status == E.ACTIVE
    assert e.application.status == ApplicationStatus.ENDORSED
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert [ev.to_status for ev in request.events.all()] == ["requested", "approved"]
    assert AuditEvent.objects.filter(action=AuditAction.EMERGING_COMPLETED).exists()
    # The news first, then the certificate of the completed credential (outbox order).
    subjects = [m.subject for m in mail.outbox]
    assert "is complete" in subjects[-2]
    assert "certificate is ready" in subjects[-1]


# --- Lapse and reinstatement (reinstatement needs current hours and, in some associations,
#     new references: domain notes, "After endorsement") ---------------------------------------


def test_reinstatement_shows_the_hours_owed_the_window_and_the_stated_fee():
    from fees.models import Fee

    e = lapsed(days_ago=40)
    RenewalPolicy.objects.filter(pk=policy_for(e).pk).update(reinstatement_references=2)
    RenewalPolicy.objects.in_effect(TODAY).filter(category=e.category).update(
        reinstatement_references=2
    )
    # The fee stated is the fee schedule's (what the invoice charges).
    Fee.objects.create(kind="reinstatement", amount_cents=2500, effective_from=TODAY)

    terms = requests.reinstatement_terms(endorsement=e)

    assert terms.open
    assert terms.lapsed_on == TODAY - timedelta(days=40)
    assert terms.window_ends == terms.lapsed_on + timedelta(days=365)
    assert (terms.fee, terms.references) == (Decimal("25.00"), 2)
    assert {g.key for g in terms.gaps} >= {"training_hours"}


def test_reinstatement_within_the_window_with_the_hours_is_approved(
    django_capture_on_commit_callbacks,
):
    e = lapsed(days_ago=40)
    evidence_for_renewal(user=e.holder, on=TODAY - timedelta(days=20), hours="15")
    request = requests.reinstatement_request(endorsement=e, actor=e.holder)
    cora = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        requests.credential_request_approve(request=request, actor=cora, reason="Welcome back")

    e.refresh_from_db()
    assert e.status == E.ACTIVE
    assert e.valid_through == date(2026, 12, 31)  # the cycle it is in now
    assert e.events.order_by("pk").last().code == "reinstated"
    assert AuditEvent.objects.get(action=AuditAction.CREDENTIAL_REINSTATED).actor == cora
    # The news first, then the certificate of the reinstated credential (outbox order).
    subjects = [m.subject for m in mail.outbox]
    assert "reinstated" in subjects[-2]
    assert "certificate is ready" in subjects[-1]


@pytest.mark.parametrize(("days_ago", "open_"), [(365, True), (366, False)])
def test_the_reinstatement_window_at_its_boundary(days_ago, open_):
    e = lapsed(days_ago=days_ago)
    evidence_for_renewal(user=e.holder, on=TODAY - timedelta(days=20), hours="15")

    if open_:
        assert requests.reinstatement_request(endorsement=e, actor=e.holder).pk
    else:
        with pytest.raises(requests.RequestRefused, match="apply again"):
            requests.reinstatement_request(endorsement=e, actor=e.holder)


def test_reinstatement_without_the_hours_owed_is_refused():
    e = lapsed(days_ago=40)

    with pytest.raises(requests.RequestRefused, match="not logged"):
        requests.reinstatement_request(endorsement=e, actor=e.holder)


def test_new_references_must_be_confirmed_before_approval():
    e = lapsed(days_ago=40)
    RenewalPolicy.objects.in_effect(TODAY).filter(category=e.category).update(
        reinstatement_references=1
    )
    evidence_for_renewal(user=e.holder, on=TODAY - timedelta(days=20), hours="15")
    request = requests.reinstatement_request(endorsement=e, actor=e.holder)
    cora = coordinator()

    with pytest.raises(requests.RequestRefused, match="reference"):
        requests.credential_request_approve(request=request, actor=cora)
    requests.credential_request_approve(request=request, actor=cora, references_checked=True)

    e.refresh_from_db()
    assert e.status == E.ACTIVE


def test_declining_a_request_needs_a_reason_and_nobody_decides_their_own():
    cora = coordinator()
    e = lapsed(days_ago=40, holder=cora)
    request = CredentialRequest.objects.create(endorsement=e, kind=RequestKind.REINSTATEMENT)

    with pytest.raises(requests.RequestRefused, match="your own"):
        requests.credential_request_decline(request=request, actor=cora, reason="No")
    other = coordinator()
    with pytest.raises(requests.RequestRefused, match="reason"):
        requests.credential_request_decline(request=request, actor=other, reason="")
    requests.credential_request_decline(request=request, actor=other, reason="Hours unproven")

    request.refresh_from_db()
    assert (request.status, request.decision_reason) == (RequestStatus.DECLINED, "Hours unproven")


@pytest.mark.parametrize(("days_ago", "allowed"), [(365, False), (366, True)])
def test_a_new_application_is_allowed_once_the_reinstatement_window_has_passed(days_ago, allowed):
    e = lapsed(days_ago=days_ago)

    if allowed:
        assert application_open(applicant=e.holder, category=e.category).status == "draft"
    else:
        with pytest.raises(ApplicationNotAllowed, match="reinstate"):
            application_open(applicant=e.holder, category=e.category)


def test_a_held_credential_blocks_a_new_application_but_a_decided_one_does_not_in_the_database():
    e = endorsement()
    with pytest.raises(ApplicationNotAllowed, match="hold IFA"):
        application_open(applicant=e.holder, category=e.category)
    # Once it is gone (revoked would block too; archived past its window does not):
    lifecycle.endorsement_archive(endorsement=e, actor=e.holder)
    window = policy_for(e).unarchive_window_days
    with time_machine.travel(NOW + timedelta(days=window + 1), tick=False):
        assert application_open(applicant=e.holder, category=e.category).pk
