"""The applicant sees each rater's email delivery, fixes a failed one, and the checklist says
so first. Delivery is real: a local SMTP server that refuses unknown recipients (550)."""

import pytest
from django.urls import reverse

from endorsements.services import references as services
from endorsements.tests.factories import ApplicationFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


def invite(application, email, name="Rae Rater"):
    return services.reference_invite(
        application=application, rater_name=name, rater_email=email, relationship="colleague"
    )


def test_a_refused_rater_email_shows_as_not_delivered_with_its_reason(
    client, smtp_server, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invite(application, "nosuch@example.org")
        invite(application, "fine@example.org", name="Fay Fine")
    client.force_login(application.applicant)

    page = client.get(reverse("endorsements:reference_list", args=[application.pk]))
    checklist = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    text = page.content.decode()
    assert "Not delivered" in text and "check it is spelled right" in text
    assert "emailed to fine@example.org on" in text
    fix_first = checklist.content.decode().split("Fix first", 1)[1].split("</section>", 1)[0]
    assert "Rae Rater at nosuch@example.org did not arrive" in fix_first
    assert "Fay Fine" not in fix_first


def test_a_queued_email_says_it_is_waiting(client):
    application = ApplicationFactory()
    invite(application, "rae@example.org")  # the transaction has not committed: still queued
    client.force_login(application.applicant)

    page = client.get(reverse("endorsements:reference_list", args=[application.pk]))

    assert "Waiting to be sent" in page.content.decode()


def test_correcting_the_address_sends_a_new_link_there_once(
    client, smtp_server, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reference = invite(application, "nosuch@example.org")
    client.force_login(application.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("endorsements:reference_email", args=[application.pk, reference.pk]),
            {"rater_email": "rae@example.org"},
        )
    checklist = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    assert [str(m["To"]) for m in smtp_server.received] == ["rae@example.org"]
    assert "Fix first" not in checklist.content.decode()
    statuses = dict(Message.objects.values_list("recipient", "status"))
    assert statuses == {"nosuch@example.org": "failed", "rae@example.org": "sent"}


def test_a_failed_rater_email_cannot_be_corrected_to_the_applicants_own_or_another_raters(
    client, smtp_server, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reference = invite(application, "nosuch@example.org")
        invite(application, "fay@example.org", name="Fay Fine")
    client.force_login(application.applicant)
    url = reverse("endorsements:reference_email", args=[application.pk, reference.pk])
    own = application.applicant.email.upper().replace("@", "+ref@")  # the same mailbox

    refused = [
        client.post(url, {"rater_email": address}).content.decode()
        for address in (own, "Fay+2@Example.org")
    ]

    assert "You cannot be your own reference rater" in refused[0]
    assert "Another of your raters already has this address" in refused[1]
    reference.refresh_from_db()
    assert reference.rater_email == "nosuch@example.org"
    assert Message.objects.filter(about_id=str(reference.pk)).count() == 1  # no new link sent
    # The service refuses it whoever calls it, not only the page.
    with pytest.raises(services.ReferenceNotAllowed, match="your own reference rater"):
        services.reference_email_correct(reference=reference, email=own)
