"""Opening an application, the live checklist page, signing, submitting and withdrawing."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import applicant
from applicants.models import StoredFile, Training
from endorsements.models import Application, ApplicationStatus, EthicsAttestation
from endorsements.services.applications import (
    ApplicationIncomplete,
    ApplicationNotAllowed,
    application_open,
    application_submit,
)
from endorsements.tests.factories import (
    ApplicationFactory,
    category,
    completed_reference,
    ifa_portfolio,
    ready_application,
    signed,
)

pytestmark = pytest.mark.django_db


# --- Opening ------------------------------------------------------------------------------------


def test_start_page_lists_active_categories_with_requirement_links(client):
    user = applicant()
    client.force_login(user)

    response = client.get(reverse("endorsements:application_start"))

    text = response.content.decode()
    assert "Infant Family Associate" in text
    assert reverse("competencies:detail", args=["IFA"]) in text
    assert "Apply for IFA" in text


def test_start_opens_a_draft_and_shows_its_checklist(client):
    user = applicant()
    client.force_login(user)

    response = client.post(reverse("endorsements:application_start"), {"category": "IFA"})

    application = Application.objects.get(applicant=user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.category.code == "IFA"
    assert response["Location"] == reverse("endorsements:application_detail", args=[application.pk])


def test_start_a_second_application_for_the_same_category_explains(client):
    user = applicant()
    existing = ApplicationFactory(applicant=user)
    client.force_login(user)

    response = client.post(
        reverse("endorsements:application_start"), {"category": "IFA"}, follow=True
    )

    assert Application.objects.filter(applicant=user).count() == 1
    assert "You already have an application for IFA" in response.content.decode()
    # The start page now points at the open one instead of offering a button.
    page = client.get(reverse("endorsements:application_start")).content.decode()
    assert reverse("endorsements:application_detail", args=[existing.pk]) in page


def test_start_again_after_withdrawing_is_allowed():
    user = applicant()
    ApplicationFactory(applicant=user, status=ApplicationStatus.WITHDRAWN)

    application = application_open(applicant=user, category=category("IFA"))

    assert application.status == ApplicationStatus.DRAFT


def test_start_refuses_an_inactive_category():
    ifs = category("IFS")
    ifs.active = False
    ifs.save()

    with pytest.raises(ApplicationNotAllowed):
        application_open(applicant=applicant(), category=ifs)


def test_start_unknown_category_is_a_form_error(client):
    client.force_login(applicant())

    response = client.post(reverse("endorsements:application_start"), {"category": "NOPE"})

    assert "Choose one of the categories listed" in response.content.decode()
    assert not Application.objects.exists()


# --- The live checklist ---------------------------------------------------------------------


def test_checklist_empty_portfolio_says_what_is_missing_with_links(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    text = response.content.decode()
    assert "Not met yet:</span> In-service training" in text
    assert "0 of 30 training hours" in text
    assert reverse("applicants:training_list") in text
    assert reverse("endorsements:reference_list", args=[application.pk]) in text
    assert reverse("endorsements:attestation", args=[application.pk]) in text
    assert reverse("applicants:profile") in text  # membership
    assert "Submit application" not in text
    assert "You can submit once every item above is met" in text


def test_checklist_met_items_say_met_and_submit_button_appears(client):
    application = ready_application()
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    text = response.content.decode()
    assert "Not met yet" not in text
    assert "Met:</span> Reference ratings" in text
    assert "3 of 3 reference ratings count" in text
    assert "Submit application" in text
    assert response.context["evaluation"].complete


def test_checklist_counts_training_added_later_straight_away(client):
    application = ApplicationFactory()
    ifa_portfolio(application.applicant)
    client.force_login(application.applicant)
    url = reverse("endorsements:application_detail", args=[application.pk])
    before = client.get(url).context["evaluation"].checklist.item("training_hours")

    Training.objects.filter(user=application.applicant).delete()
    after = client.get(url).context["evaluation"].checklist.item("training_hours")

    assert before.met and not after.met


def test_checklist_reference_with_too_many_not_enough_info_does_not_count(client):
    application = ApplicationFactory()
    completed_reference(application, endorsed=True, not_enough_info=6)
    completed_reference(application, not_enough_info=5)
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    item = response.context["evaluation"].checklist.item("references")
    assert item.actual == 1
    assert "1 rating has 6 or more 'not enough information' answers" in item.explanation
    endorsed = response.context["evaluation"].checklist.item("references_endorsed")
    assert not endorsed.met


def test_rsc_page_shows_counted_and_not_counted_by_provider(client):
    from reflective_supervision.tests.factories import SessionFactory

    application = ApplicationFactory()
    SessionFactory(supervisee=application.applicant, peer=True, provider=None)
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:application_rsc", args=[application.pk]))

    text = response.content.decode()
    assert "Peer supervision without an identified provider does not count." in text
    assert "No identified provider (peer supervision)" in text


def test_rsc_page_empty_says_what_to_do(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:application_rsc", args=[application.pk]))

    assert "You have not logged any RSC sessions yet" in response.content.decode()


# --- Signing the Code of Ethics -------------------------------------------------------------


def test_attestation_signs_with_matching_name_case_insensitive(client):
    application = ApplicationFactory()
    user = application.applicant
    client.force_login(user)

    response = client.post(
        reverse("endorsements:attestation", args=[application.pk]),
        {"agree": "on", "typed_name": f"  {user.full_name.upper()} "},
        REMOTE_ADDR="203.0.113.9",
    )

    attestation = EthicsAttestation.objects.get(application=application)
    assert attestation.version == "2026-01"
    assert attestation.typed_name == user.full_name.upper()
    assert attestation.ip == "203.0.113.9"
    assert response["Location"] == reverse("endorsements:application_detail", args=[application.pk])


def test_attestation_wrong_name_explains_and_keeps_input(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.post(
        reverse("endorsements:attestation", args=[application.pk]),
        {"agree": "on", "typed_name": "Someone Else"},
    )

    text = response.content.decode()
    assert "Type your name exactly as on your account" in text
    assert 'value="Someone Else"' in text
    assert not EthicsAttestation.objects.exists()


def test_attestation_page_shows_the_code_and_the_version(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:attestation", args=[application.pk]))

    text = response.content.decode()
    assert "Version 2026-01" in text
    assert "Code of Ethics (in short)" in text


# --- Submitting -----------------------------------------------------------------------------


def test_submit_refused_when_incomplete_lists_missing(client):
    application = ApplicationFactory()
    ifa_portfolio(application.applicant)
    client.force_login(application.applicant)

    response = client.post(reverse("endorsements:submit", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.snapshot == {}
    text = response.content.decode()
    assert "Still missing: Reference ratings; Reference from an endorsed rater;" in text
    assert "Code of Ethics and Endorsement Agreement" in text
    assert mail.outbox == []


def test_submit_freezes_snapshot_records_history_and_emails(
    client, django_capture_on_commit_callbacks
):
    application = ready_application()
    user = application.applicant
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("endorsements:submit", args=[application.pk]))

    application.refresh_from_db()
    assert response["Location"] == reverse("endorsements:application_detail", args=[application.pk])
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert application.requirement_set.category.code == "IFA"
    event = application.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", user)
    assert (event.code, event.note) == ("submitted", "")
    assert [m.to for m in mail.outbox][-1] == [user.email]
    assert mail.outbox[-1].subject == "Your IFA application is submitted"
    snapshot = application.snapshot
    assert snapshot["checklist"]["complete"] is True
    assert snapshot["category"]["code"] == "IFA"
    assert len(snapshot["references"]) == 3
    assert all(r["counts"] for r in snapshot["references"])
    assert snapshot["attestation"]["version"] == "2026-01"
    assert snapshot["education"][0]["transcript"]["name"] == "transcript.pdf"


def test_snapshot_leaves_out_demographics_and_private_notes():
    from applicants.models import ApplicantProfile
    from reflective_supervision.tests.factories import SessionFactory

    application = ready_application()
    ApplicantProfile.objects.filter(user=application.applicant).update(
        race_ethnicity=["asian"], gender="woman"
    )
    SessionFactory(supervisee=application.applicant, private_notes="my secret")

    submitted = application_submit(application=application, actor=application.applicant)

    text = str(submitted.snapshot)
    assert "race" not in text and "gender" not in text
    assert "my secret" not in text
    assert submitted.snapshot["rsc"]["sessions"][0]["attestation_status"] == "unconfirmed"


def test_snapshot_is_json_serialisable_and_frozen_against_later_edits():
    import json

    application = ready_application()
    user = application.applicant
    application_submit(application=application, actor=user)
    application.refresh_from_db()
    frozen = json.dumps(application.snapshot, sort_keys=True)
    transcript_id = application.snapshot["education"][0]["transcript"]["file_id"]

    # The living portfolio changes after submission...
    Training.objects.filter(user=user).update(title="Renamed later")
    from applicants.models import Education
    from applicants.services import education_delete

    education_delete(education=Education.objects.get(user=user))

    application.refresh_from_db()
    assert json.dumps(application.snapshot, sort_keys=True) == frozen
    assert "Renamed later" not in frozen
    # ...and the transcript the reviewers see is kept.
    assert StoredFile.objects.filter(pk=transcript_id, retained=True).exists()


def test_resubmit_after_deferral_keeps_previous_snapshot():
    from endorsements.services.transitions import application_transition

    application = ready_application()
    user = application.applicant
    application_submit(application=application, actor=user)
    first = application.snapshot
    application_transition(application=application, to=ApplicationStatus.DEFERRED, note="More")

    application_submit(application=application, actor=user)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.previous_snapshot == first
    assert application.events.last().code == "resubmitted"


def test_submit_twice_is_refused():
    application = ready_application()
    application_submit(application=application, actor=application.applicant)

    with pytest.raises(ApplicationNotAllowed):
        application_submit(application=application, actor=application.applicant)


def test_submit_service_rechecks_the_checklist():
    application = ApplicationFactory()
    signed(application)

    with pytest.raises(ApplicationIncomplete) as info:
        application_submit(application=application, actor=application.applicant)

    assert "training_hours" in {item.key for item in info.value.missing}


# --- Withdrawing ----------------------------------------------------------------------------


def test_withdraw_asks_first_then_records_history(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    client.force_login(application.applicant)
    url = reverse("endorsements:withdraw", args=[application.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"reason": "Changing jobs"})

    assert "data-confirm=" in page and "Withdraw application" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    event = application.events.get()
    # The system's words are a code (the page writes the sentence); the reason is as typed.
    assert (event.code, event.note) == ("withdrawn", "Changing jobs")
    assert response["Location"] == reverse("endorsements:application_detail", args=[application.pk])


def test_withdraw_after_decision_is_refused(client):
    application = ApplicationFactory(status=ApplicationStatus.ENDORSED)
    client.force_login(application.applicant)

    response = client.post(reverse("endorsements:withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDORSED
    assert "decided or withdrawn already" in response.content.decode()


def test_timeline_shows_history_on_the_application_page(client):
    application = ready_application()
    application_submit(application=application, actor=application.applicant)
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    text = response.content.decode()
    assert "Draft → Submitted. Submitted by the applicant." in text
    assert "Reviewers see your portfolio as it was then" in text


# --- Dashboard hook -------------------------------------------------------------------------


def test_dashboard_lists_applications_with_status_and_next_step(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.get(reverse("applicants:dashboard"))

    text = response.content.decode()
    assert "IFA Infant Family Associate" in text
    assert "Complete the checklist, then submit." in text


def test_dashboard_without_applications_invites_to_start(client):
    client.force_login(applicant())

    response = client.get(reverse("applicants:dashboard"))

    assert "You have not applied for an endorsement yet" in response.content.decode()


def test_the_applicants_timeline_leaves_out_rows_for_staff(client):
    from endorsements.services.transitions import application_history_add

    application = ready_application()
    application_submit(application=application, actor=application.applicant)
    application_history_add(
        application=application, code="reviewer_replaced", note="Staff-only reason"
    )
    client.force_login(application.applicant)

    page = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    text = page.content.decode()
    assert "Submitted by the applicant." in text
    assert "Staff-only reason" not in text and "replaced by" not in text
