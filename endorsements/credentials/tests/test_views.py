import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from competencies.models import RenewalPolicy
from endorsements.models import EndorsementStatus
from endorsements.services.transitions import endorsement_transition

from ..models import RenewalStatus
from ..services import certificates
from .factories import endorsement, evidence_for_renewal, submission

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _today_and_clean_cache():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def login(client, user):
    client.force_login(user)
    return client


# --- My endorsements ---------------------------------------------------------------------------


def test_my_endorsements_anonymous_goes_to_login(client):
    response = client.get(reverse("credentials:my_endorsements"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_my_endorsements_lists_own_credentials_only(client):
    mine = endorsement(printed_name="Mine Person")
    theirs = endorsement(printed_name="Other Person")
    certificates.certificate_render(endorsement=mine)

    response = login(client, mine.holder).get(reverse("credentials:my_endorsements"))

    text = response.content.decode()
    assert mine.number in text and theirs.number not in text
    assert "Valid through" in text and "31 December 2026" in text
    assert reverse("credentials:certificate_download", args=[mine.pk]) in text
    assert reverse("credentials:renew", args=[mine.pk]) in text
    assert "59 days left" in text


def test_my_endorsements_says_certificate_is_being_prepared(client):
    e = endorsement()
    text = login(client, e.holder).get(reverse("credentials:my_endorsements")).content.decode()
    assert "Your certificate is being prepared" in text


def test_my_endorsements_empty_state_says_what_to_do(client):
    text = login(client, applicant()).get(reverse("credentials:my_endorsements")).content.decode()
    assert "You do not hold an endorsement yet" in text


def test_my_endorsements_query_count_is_constant(client, django_assert_num_queries):
    e = endorsement()
    login(client, e.holder)
    # session, user, endorsements with categories, their renewals (roles come with the user),
    # their open requests, their history, the renewal policies of their categories, their
    # endorsements from other associations (portable)
    with django_assert_num_queries(8):
        client.get(reverse("credentials:my_endorsements"))
    for code in ("IFS", "IFRS", "IMHS", "ECFA"):
        s = endorsement(holder=e.holder, code=code)
        submission(endorsement=s)
    with django_assert_num_queries(8):
        response = client.get(reverse("credentials:my_endorsements"))
    assert response.content.decode().count("Renewal</dt>") == 5


# --- Certificate download ----------------------------------------------------------------------


@pytest.fixture
def rendered():
    e = endorsement()
    certificates.certificate_render(endorsement=e)
    e.refresh_from_db()
    return e


def test_certificate_download_by_holder_is_an_attachment(client, rendered):
    response = login(client, rendered.holder).get(
        reverse("credentials:certificate_download", args=[rendered.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", [coordinator, registry_admin])
def test_certificate_download_by_staff_who_may(client, rendered, who):
    response = login(client, who()).get(
        reverse("credentials:certificate_download", args=[rendered.pk])
    )
    assert response.status_code == 200


@pytest.mark.parametrize("who", [applicant, reviewer])
def test_certificate_download_by_others_is_404(client, rendered, who):
    response = login(client, who()).get(
        reverse("credentials:certificate_download", args=[rendered.pk])
    )
    assert response.status_code == 404


def test_certificate_download_anonymous_goes_to_login(client, rendered):
    response = client.get(reverse("credentials:certificate_download", args=[rendered.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_certificate_download_before_render_says_being_prepared(client):
    e = endorsement()
    response = login(client, e.holder).get(reverse("credentials:certificate_download", args=[e.pk]))
    assert response.status_code == 200
    assert "Your certificate is being prepared" in response.content.decode()


# --- Verification ------------------------------------------------------------------------------


def test_verify_shows_only_the_allowed_fields(client):
    e = endorsement(printed_name="Rosa Diaz", email="rosa.private@example.org")

    response = client.get(reverse("credentials:verify", args=[e.verification_code]))

    text = response.content.decode()
    assert response.status_code == 200
    for shown in ("Rosa Diaz", "Infant Family Associate", e.number, "31 December 2026", "Active"):
        assert shown in text
    for hidden in ("rosa.private@example.org", "1 March 2025", "Endorsed on"):
        assert hidden not in text
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex, nofollow">' in text


def test_verify_json_has_the_same_fields_for_machines(client):
    e = endorsement(printed_name="Rosa Diaz")

    response = client.get(reverse("credentials:verify_json", args=[e.verification_code]))

    assert response["Content-Type"] == "application/json"
    assert response["X-Robots-Tag"].startswith("noindex")
    assert json.loads(response.content) == {
        "name": "Rosa Diaz",
        "category": "Infant Family Associate",
        "category_code": "IFA",
        "number": e.number,
        "valid_through": "2026-12-31",
        "status": "active",
        "current": True,
    }


@pytest.mark.parametrize(
    ("to", "label", "key"),
    [
        (EndorsementStatus.LAPSED, "Lapsed", "lapsed"),
        (EndorsementStatus.REVOKED, "Revoked", "revoked"),
        # Archived by the holder says so (not a vague "not current"): the issue asks it.
        (EndorsementStatus.ARCHIVED, "Archived by the holder", "archived"),
        (EndorsementStatus.SUSPENDED, "Suspended", "suspended"),
    ],
)
def test_verify_shows_live_status(client, to, label, key):
    e = endorsement()
    endorsement_transition(endorsement=e, to=to)

    text = client.get(reverse("credentials:verify", args=[e.verification_code])).content.decode()
    data = json.loads(
        client.get(reverse("credentials:verify_json", args=[e.verification_code])).content
    )

    assert "This endorsement is not current." in text and label in text
    assert data["status"] == key and data["current"] is False


def test_verify_unknown_code_is_a_clear_404(client):
    response = client.get(reverse("credentials:verify", args=["nope-not-a-code"]))
    assert response.status_code == 404
    assert "Endorsement not found" in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    response = client.get(reverse("credentials:verify_json", args=["nope-not-a-code"]))
    assert response.status_code == 404 and json.loads(response.content) == {"error": "not_found"}


def test_verify_is_rate_limited_per_address(client):
    e = endorsement()
    url = reverse("credentials:verify", args=[e.verification_code])
    for _ in range(60):
        assert client.get(url).status_code == 200

    response = client.get(url)

    assert response.status_code == 429
    assert "Too many checks at once" in response.content.decode()
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_verify_escapes_a_hostile_name(client):
    e = endorsement(printed_name="<script>alert(1)</script>")
    text = client.get(reverse("credentials:verify", args=[e.verification_code])).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


# --- Renewal page ------------------------------------------------------------------------------


def test_renew_page_shows_cycle_requirements_and_links_to_fill_gaps(client):
    e = endorsement()
    evidence_for_renewal(user=e.holder, hours="6")

    text = login(client, e.holder).get(reverse("credentials:renew", args=[e.pk])).content.decode()

    assert "1 January 2026 to 31 December 2026" in text
    assert "6.0 of 15 training hours" in text
    assert reverse("applicants:training_add") in text
    assert "Submit renewal" in text


def test_renew_post_with_met_evidence_approves(client, django_capture_on_commit_callbacks):
    e = endorsement()
    evidence_for_renewal(user=e.holder)
    login(client, e.holder)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("credentials:renew", args=[e.pk]),
            {"ethics": "on", "no_sanctions": "on", "provides_rsc": "no"},
        )

    assert response.status_code == 302 and response.url == reverse("credentials:my_endorsements")
    e.refresh_from_db()
    assert e.valid_through == date(2027, 12, 31)
    assert any(m.subject == "Your IFA endorsement is renewed" for m in mail.outbox)


def test_renew_post_without_attestations_shows_errors_and_keeps_input(client):
    e = endorsement()
    response = login(client, e.holder).post(
        reverse("credentials:renew", args=[e.pk]), {"ethics": "on", "note": "Kept text"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Tick the box to confirm no licensing board has sanctioned you" in text
    assert "Kept text" in text
    assert not e.renewals.exists()


def test_renew_someone_elses_endorsement_is_404(client):
    e = endorsement()
    for user in (applicant(), coordinator()):
        assert login(client, user).get(reverse("credentials:renew", args=[e.pk])).status_code == 404


def test_renew_anonymous_goes_to_login(client):
    e = endorsement()
    assert client.get(reverse("credentials:renew", args=[e.pk])).status_code == 302


# --- Audit evidence ----------------------------------------------------------------------------


def test_audit_evidence_upload_by_holder(client):
    from applicants.tests.factories import upload

    e = endorsement()
    s = submission(endorsement=e, status=RenewalStatus.AUDIT)
    login(client, e.holder)

    response = client.post(
        reverse("credentials:renewal_evidence", args=[s.pk]),
        {"evidence": upload("log.pdf"), "note": "Everything"},
    )

    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == RenewalStatus.AUDIT_SUBMITTED and s.evidence_file is not None
    download = client.get(reverse("credentials:renewal_evidence_file", args=[s.pk]))
    assert download.status_code == 200
    download = login(client, coordinator()).get(
        reverse("credentials:renewal_evidence_file", args=[s.pk])
    )
    assert download.status_code == 200
    other = login(client, applicant()).get(
        reverse("credentials:renewal_evidence_file", args=[s.pk])
    )
    assert other.status_code == 404


def test_audit_evidence_rejects_a_file_that_is_not_a_document(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    e = endorsement()
    s = submission(endorsement=e, status=RenewalStatus.AUDIT)
    response = login(client, e.holder).post(
        reverse("credentials:renewal_evidence", args=[s.pk]),
        {"evidence": SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")},
    )
    assert "The selected file must be a PDF, PNG or JPEG." in response.content.decode()
    s.refresh_from_db()
    assert s.status == RenewalStatus.AUDIT


def test_audit_evidence_page_of_someone_else_is_404(client):
    s = submission(endorsement=endorsement(), status=RenewalStatus.AUDIT)
    response = login(client, applicant()).get(reverse("credentials:renewal_evidence", args=[s.pk]))
    assert response.status_code == 404


# --- Coordinators ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [applicant, reviewer, registry_admin])
def test_renewal_queue_is_404_for_non_coordinators(client, who):
    assert login(client, who()).get(reverse("credentials:renewal_queue")).status_code == 404


def test_renewal_queue_anonymous_goes_to_login(client):
    assert client.get(reverse("credentials:renewal_queue")).status_code == 302


def test_renewal_queue_empty_state(client):
    text = login(client, coordinator()).get(reverse("credentials:renewal_queue")).content.decode()
    assert "No renewals are waiting" in text


def test_renewal_queue_query_count_is_constant(client, django_assert_num_queries):
    login(client, coordinator())
    submission(endorsement=endorsement())
    # session, user with roles, staff two-factor device (the view's check; the nav reuses
    # it), waiting renewals with holder and category, holders' requests waiting
    with django_assert_num_queries(5):
        client.get(reverse("credentials:renewal_queue"))
    for _ in range(6):
        submission(endorsement=endorsement(), status=RenewalStatus.AUDIT_SUBMITTED)
    submission(endorsement=endorsement(), status=RenewalStatus.AUDIT)  # not waiting for us
    with django_assert_num_queries(5):
        response = client.get(reverse("credentials:renewal_queue"))
    assert response.content.decode().count("/renewals/") >= 7


def test_coordinator_approves_from_the_detail_page(client, django_capture_on_commit_callbacks):
    e = endorsement(printed_name="Ada Lovelace")
    s = submission(endorsement=e)
    login(client, coordinator())
    detail = client.get(reverse("credentials:renewal_detail", args=[s.pk])).content.decode()
    assert "Ada Lovelace" in detail and "Approve renewal" in detail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("credentials:renewal_approve", args=[s.pk]), {"approve-note": "Fine"}
        )

    assert response.status_code == 302
    e.refresh_from_db()
    assert e.valid_through == date(2027, 12, 31)
    assert e.certificate_rendered_at is not None


def test_coordinator_declining_must_say_why(client):
    s = submission(endorsement=endorsement())
    login(client, coordinator())

    response = client.post(reverse("credentials:renewal_decline", args=[s.pk]), {})

    assert response.status_code == 400
    assert "Enter what is missing and what the holder should do." in response.content.decode()
    s.refresh_from_db()
    assert s.status == RenewalStatus.SUBMITTED


@pytest.mark.parametrize("name", ["renewal_approve", "renewal_decline"])
def test_renewal_actions_are_post_only_and_404_for_non_coordinators(client, name):
    s = submission(endorsement=endorsement())
    login(client, coordinator())
    assert client.get(reverse(f"credentials:{name}", args=[s.pk])).status_code == 405
    login(client, s.endorsement.holder)
    assert client.post(reverse(f"credentials:{name}", args=[s.pk])).status_code == 404
    s.refresh_from_db()
    assert s.status == RenewalStatus.SUBMITTED


def test_renewal_detail_is_404_for_the_holder_and_others(client):
    s = submission(endorsement=endorsement())
    for user in (s.endorsement.holder, applicant(), reviewer()):
        response = login(client, user).get(reverse("credentials:renewal_detail", args=[s.pk]))
        assert response.status_code == 404


def test_audit_percentage_sends_complete_renewals_to_audit(client):
    RenewalPolicy.objects.filter(category__code="IFA").update(audit_sample_percent=Decimal(100))
    e = endorsement()
    evidence_for_renewal(user=e.holder)

    login(client, e.holder).post(
        reverse("credentials:renew", args=[e.pk]),
        {"ethics": "on", "no_sanctions": "on", "provides_rsc": "no"},
    )

    assert e.renewals.get().status == RenewalStatus.AUDIT
