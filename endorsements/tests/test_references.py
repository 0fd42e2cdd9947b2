"""References: invite, the rater's signed link (open, complete, tampered, expired, reused),
resend, correct the email, waiver, and what counts."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from core import links
from endorsements.models import ApplicationStatus, RatingItem, ReferenceRequest
from endorsements.services import references as services
from endorsements.services.references import reference_link, reference_token
from endorsements.tests.factories import (
    ApplicationFactory,
    ReferenceRequestFactory,
    completed_reference,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/reference/[^\s\"<]+/)")


def emailed_path(message) -> str:
    return LINK.search(message.body).group(1)


def invite(client, application, django_capture_on_commit_callbacks, **overrides):
    data = {
        "rater_name": "Rita Rater",
        "rater_email": "rita@example.org",
        "relationship": "current_supervisor",
        "rater_endorsed": "on",
        **overrides,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("endorsements:reference_add", args=[application.pk]), data)


def rating_data(*, not_enough_info: int = 0, value: str = "4") -> dict:
    items = RatingItem.objects.filter(active=True).order_by("order", "pk")
    return {
        f"item_{item.pk}": ("n" if i < not_enough_info else value) for i, item in enumerate(items)
    } | {"comments": "Warm and thoughtful with families."}


# --- Inviting -------------------------------------------------------------------------------


def test_invite_creates_request_and_emails_a_signed_link(
    client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = invite(client, application, django_capture_on_commit_callbacks)

    reference = ReferenceRequest.objects.get(application=application)
    assert response["Location"] == reverse("endorsements:reference_list", args=[application.pk])
    assert reference.rater_endorsed and reference.status == "sent"
    assert reference.expires_at > timezone.now() + timedelta(days=29)
    message = mail.outbox[-1]
    assert message.to == ["rita@example.org"]
    assert message.reply_to == [application.applicant.email]
    assert application.applicant.full_name in message.subject
    assert emailed_path(message).startswith("/reference/")


def test_invite_same_email_twice_is_refused_next_to_the_field(
    client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    invite(client, application, django_capture_on_commit_callbacks)

    response = invite(
        client, application, django_capture_on_commit_callbacks, rater_email="RITA@example.org"
    )

    assert "You have already asked this person" in response.content.decode()
    assert ReferenceRequest.objects.count() == 1


def test_invite_bad_email_keeps_what_was_typed(client, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = invite(client, application, django_capture_on_commit_callbacks, rater_email="rita@")

    text = response.content.decode()
    assert "Enter an email address like name@example.org" in text
    assert 'value="Rita Rater"' in text
    assert not ReferenceRequest.objects.exists()


def test_invite_refused_once_submitted(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)

    with pytest.raises(services.ReferenceNotAllowed):
        services.reference_invite(
            application=application,
            rater_name="X",
            rater_email="x@example.org",
            relationship="colleague",
        )


# --- The rater's page -----------------------------------------------------------------------


def test_rater_opens_link_sees_form_and_opened_is_recorded(client):
    reference = ReferenceRequestFactory()

    response = client.get(reference_link(reference=reference).removeprefix("http://testserver"))

    reference.refresh_from_db()
    assert reference.opened_at is not None
    assert reference.status == "opened"
    text = response.content.decode()
    assert f"Reference rating for {reference.application.applicant.full_name}" in text
    assert "I do not have enough information" in text
    assert RatingItem.objects.filter(active=True).first().text in text


def test_rater_completes_form_once_and_applicant_is_told(
    client, django_capture_on_commit_callbacks
):
    reference = ReferenceRequestFactory()
    path = reference_link(reference=reference).removeprefix("http://testserver")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, rating_data(not_enough_info=2) | {"rater_endorsed": "on"})

    reference.refresh_from_db()
    assert "your rating is sent" in response.content.decode()
    assert reference.status == "completed"
    assert reference.not_enough_info_count == 2
    assert reference.rater_endorsed
    assert len(reference.answers) == RatingItem.objects.filter(active=True).count()
    assert reference.answers[0]["rating"] is None and reference.answers[-1]["rating"] == 4
    assert reference.comments == "Warm and thoughtful with families."
    assert mail.outbox[-1].to == [reference.application.applicant.email]
    assert "Warm and thoughtful" not in mail.outbox[-1].body  # never the content by email


def test_rater_missing_answer_explains_and_keeps_the_rest(client):
    reference = ReferenceRequestFactory()
    path = reference_link(reference=reference).removeprefix("http://testserver")
    data = rating_data()
    first = RatingItem.objects.filter(active=True).order_by("order", "pk").first()
    del data[f"item_{first.pk}"]

    response = client.post(path, data)

    text = response.content.decode()
    assert "Choose a rating for statement 1" in text
    assert "Warm and thoughtful with families." in text
    reference.refresh_from_db()
    assert reference.completed_at is None


def test_reused_link_shows_clear_page_and_changes_nothing(client):
    reference = ReferenceRequestFactory()
    path = reference_link(reference=reference).removeprefix("http://testserver")
    client.post(path, rating_data())
    reference.refresh_from_db()
    answered = reference.answers

    response = client.post(path, rating_data(value="1"))

    reference.refresh_from_db()
    assert response.status_code == 409
    assert "This rating is already sent" in response.content.decode()
    assert reference.answers == answered


def test_tampered_link_shows_clear_page(client):
    reference = ReferenceRequestFactory()
    token = reference_token(reference=reference)

    response = client.get(reverse("endorsements:reference_rate", args=[token[:-3] + "abc"]))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    reference.refresh_from_db()
    assert reference.opened_at is None


def test_link_signed_with_another_salt_or_wrong_nonce_is_refused(client):
    reference = ReferenceRequestFactory()
    other_salt = signing.TimestampSigner(salt="something.else").sign_object(
        {"r": reference.pk, "n": reference.nonce}
    )
    wrong_nonce = signing.TimestampSigner(salt=links.REFERENCE.salt).sign_object(
        {"r": reference.pk, "n": "guess"}
    )

    for token in (other_salt, wrong_nonce):
        response = client.get(reverse("endorsements:reference_rate", args=[token]))
        assert response.status_code == 400


def test_expired_link_shows_clear_page_and_changes_nothing(client):
    reference = ReferenceRequestFactory()
    path = reference_link(reference=reference).removeprefix("http://testserver")

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.post(path, rating_data())
        assert ReferenceRequest.objects.get(pk=reference.pk).status == "expired"

    reference.refresh_from_db()
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert reference.completed_at is None and reference.opened_at is None


def test_expiry_follows_the_setting(client, settings):
    settings.REFERENCE_LINK_DAYS = 2
    application = ApplicationFactory()
    reference = services.reference_invite(
        application=application, rater_name="R", rater_email="r@example.org", relationship="other"
    )
    path = reference_link(reference=reference).removeprefix("http://testserver")

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = client.get(path)

    assert response.status_code == 410


# --- Resend, correct, remove ----------------------------------------------------------------


def test_resend_sends_a_new_link_and_the_old_one_dies(client, django_capture_on_commit_callbacks):
    reference = ReferenceRequestFactory()
    old_path = reference_link(reference=reference).removeprefix("http://testserver")
    client.force_login(reference.application.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("endorsements:reference_resend", args=[reference.application_id, reference.pk])
        )

    new_path = emailed_path(mail.outbox[-1])
    assert new_path != old_path
    client.logout()
    assert client.get(old_path).status_code == 400
    assert client.get(new_path).status_code == 200


def test_resend_after_expiry_gives_a_working_link(client, django_capture_on_commit_callbacks):
    reference = ReferenceRequestFactory(expires_at=timezone.now() - timedelta(days=1))
    assert reference.status == "expired"

    with django_capture_on_commit_callbacks(execute=True):
        services.reference_resend(reference=reference)

    reference.refresh_from_db()
    assert reference.status == "sent"
    assert client.get(emailed_path(mail.outbox[-1])).status_code == 200


def test_correct_email_sends_to_the_new_address(client, django_capture_on_commit_callbacks):
    reference = ReferenceRequestFactory(rater_email="typo@exmaple.org")
    old_path = reference_link(reference=reference).removeprefix("http://testserver")
    client.force_login(reference.application.applicant)
    url = reverse("endorsements:reference_email", args=[reference.application_id, reference.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"rater_email": "right@example.org"})

    reference.refresh_from_db()
    assert response["Location"] == reverse(
        "endorsements:reference_list", args=[reference.application_id]
    )
    assert reference.rater_email == "right@example.org"
    assert mail.outbox[-1].to == ["right@example.org"]
    client.logout()
    assert client.get(old_path).status_code == 400


def test_correct_email_to_another_raters_address_is_refused(client):
    reference = ReferenceRequestFactory()
    other = ReferenceRequestFactory(application=reference.application)
    client.force_login(reference.application.applicant)
    url = reverse("endorsements:reference_email", args=[reference.application_id, reference.pk])

    response = client.post(url, {"rater_email": other.rater_email})

    assert "Another of your raters already has this address" in response.content.decode()


def test_resend_of_a_completed_rating_is_refused(client):
    reference = completed_reference(ApplicationFactory())
    client.force_login(reference.application.applicant)

    response = client.post(
        reverse("endorsements:reference_resend", args=[reference.application_id, reference.pk]),
        follow=True,
    )

    assert "has already completed the rating" in response.content.decode()


def test_remove_pending_reference(client):
    reference = ReferenceRequestFactory()
    client.force_login(reference.application.applicant)

    client.post(
        reverse("endorsements:reference_remove", args=[reference.application_id, reference.pk])
    )

    assert not ReferenceRequest.objects.filter(pk=reference.pk).exists()


# --- What the applicant sees ----------------------------------------------------------------


def test_list_shows_each_status(client):
    application = ApplicationFactory()
    ReferenceRequestFactory(application=application, rater_name="Sam Sent")
    ReferenceRequestFactory(
        application=application, rater_name="Olive Opened", opened_at=timezone.now()
    )
    ReferenceRequestFactory(
        application=application,
        rater_name="Ed Expired",
        expires_at=timezone.now() - timedelta(days=1),
    )
    completed_reference(application, rater_name="Carla Complete")
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:reference_list", args=[application.pk]))

    text = re.sub(r"\s+", " ", response.content.decode())
    assert "Sam Sent" in text and "<strong>Sent</strong> on" in text
    assert "<strong>Opened</strong>: Olive Opened opened the link" in text
    assert "<strong>Link expired</strong> on" in text
    assert "<strong>Completed</strong> on" in text
    assert "This rating counts." in text


def test_list_marks_rating_with_six_not_enough_info_as_not_counting(client):
    application = ApplicationFactory()
    completed_reference(application, not_enough_info=6)
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:reference_list", args=[application.pk]))

    text = response.content.decode()
    assert "This rating does not count" in text
    assert "6 “I do not have enough information” answers" in text


def test_waived_reference_content_is_hidden_from_the_applicant(client):
    application = ApplicationFactory()
    waived = completed_reference(
        application, applicant_waived_access=True, comments="", rater_name="Wanda Waived"
    )
    ReferenceRequest.objects.filter(pk=waived.pk).update(comments="Secret words for reviewers")
    open_ = completed_reference(application, rater_name="Olga Open")
    ReferenceRequest.objects.filter(pk=open_.pk).update(comments="Open words for all")
    client.force_login(application.applicant)

    response = client.get(reverse("endorsements:reference_list", args=[application.pk]))

    text = response.content.decode()
    assert "Secret words for reviewers" not in text
    assert "You waived access to this rater's answers" in text
    assert "Open words for all" in text


def test_waiver_can_be_given_but_not_taken_back_after_completion(client):
    reference = completed_reference(ApplicationFactory())
    client.force_login(reference.application.applicant)
    url = reverse("endorsements:reference_waiver", args=[reference.application_id, reference.pk])

    client.post(url, {"waived": "on"})
    reference.refresh_from_db()
    assert reference.applicant_waived_access

    response = client.post(url, {}, follow=True)
    reference.refresh_from_db()
    assert reference.applicant_waived_access
    assert "the waiver stays" in response.content.decode()


def test_waiver_can_be_taken_back_before_the_rater_answers(client):
    reference = ReferenceRequestFactory(applicant_waived_access=True)
    client.force_login(reference.application.applicant)

    client.post(
        reverse("endorsements:reference_waiver", args=[reference.application_id, reference.pk])
    )

    reference.refresh_from_db()
    assert not reference.applicant_waived_access


def test_rater_page_says_whether_the_applicant_waived_access(client):
    reference = ReferenceRequestFactory(applicant_waived_access=True)

    response = client.get(reference_link(reference=reference).removeprefix("http://testserver"))

    assert "has waived the right to see your answers" in response.content.decode()


def test_reference_facts_feed_the_engine():
    from endorsements.selectors import reference_facts

    application = ApplicationFactory()
    pending = ReferenceRequestFactory(application=application, vetted=True)
    done = completed_reference(application, endorsed=True, not_enough_info=3)

    facts = {f.id: f for f in reference_facts(application)}

    assert facts[pending.pk].rater_vetted and not facts[pending.pk].completed
    assert facts[done.pk].completed and facts[done.pk].rater_endorsed
    assert facts[done.pk].not_enough_info_count == 3


@pytest.mark.parametrize(
    ("code", "named"),
    [
        # IFS and up: the current or most recent supervisor and the RSC provider (the
        # associations' reference requirements, domain notes "References"); IFA: none named.
        ("IFS", ["The current or most recent supervisor", "The RSC provider"]),
        ("IFA", []),
    ],
)
def test_invite_page_says_which_raters_the_category_needs(client, code, named):
    from endorsements.tests.factories import category

    application = ApplicationFactory(category=category(code))
    client.force_login(application.applicant)

    html = client.get(reverse("endorsements:reference_add", args=[application.pk])).content.decode()

    assert ("your raters must include" in html) is bool(named)
    for label in named:
        assert f"<li>{label}</li>" in html
