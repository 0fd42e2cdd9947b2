"""Every application page: anonymous -> log in; the owner -> the page; anyone else -> 404.

Coordinators and reviewers read applications through the review pages, never these.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from endorsements.models import ApplicationStatus, ReferenceRequest
from endorsements.tests.factories import ApplicationFactory, ReferenceRequestFactory, category

pytestmark = pytest.mark.django_db

# (url name, needs a reference, method, data that the owner may send)
APPLICATION_PAGES = [
    ("endorsements:application_detail", False, "get"),
    ("endorsements:application_rsc", False, "get"),
    ("endorsements:attestation", False, "get"),
    ("endorsements:attestation", False, "post"),
    ("endorsements:submit", False, "post"),
    ("endorsements:withdraw", False, "get"),
    ("endorsements:withdraw", False, "post"),
    ("endorsements:reference_list", False, "get"),
    ("endorsements:reference_add", False, "get"),
    ("endorsements:reference_add", False, "post"),
    ("endorsements:reference_resend", True, "post"),
    ("endorsements:reference_email", True, "get"),
    ("endorsements:reference_email", True, "post"),
    ("endorsements:reference_waiver", True, "post"),
    ("endorsements:reference_remove", True, "post"),
]
IDS = [f"{name.split(':')[1]}-{method}" for name, _, method in APPLICATION_PAGES]


@pytest.fixture
def reference():
    return ReferenceRequestFactory(application=ApplicationFactory())


def url_for(name, with_reference, reference):
    args = [reference.application_id]
    if with_reference:
        args.append(reference.pk)
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "with_reference", "method"), APPLICATION_PAGES, ids=IDS)
def test_anonymous_is_sent_to_log_in(client, reference, name, with_reference, method):
    url = url_for(name, with_reference, reference)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ReferenceRequest.objects.filter(pk=reference.pk).exists()


@pytest.mark.parametrize("other", [applicant, reviewer, coordinator, registry_admin])
@pytest.mark.parametrize(("name", "with_reference", "method"), APPLICATION_PAGES, ids=IDS)
def test_anyone_else_gets_404_and_nothing_changes(
    client, reference, name, with_reference, method, other
):
    client.force_login(other())
    url = url_for(name, with_reference, reference)

    response = getattr(client, method)(url, {"reason": "x", "rater_email": "x@example.org"})

    assert response.status_code == 404
    reference.refresh_from_db()
    assert reference.rater_email != "x@example.org"
    assert reference.application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(("name", "with_reference", "method"), APPLICATION_PAGES, ids=IDS)
def test_owner_is_served(client, reference, name, with_reference, method):
    client.force_login(reference.application.applicant)
    url = url_for(name, with_reference, reference)

    response = getattr(client, method)(url)

    # GET pages render; actions redirect back (or re-render a form with its errors).
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/applications/")


def test_reference_of_another_application_of_the_owner_is_404(client):
    owner = applicant()
    first = ApplicationFactory(applicant=owner)
    second = ApplicationFactory(applicant=owner, category=category("IFS"))
    stranger = ReferenceRequestFactory(application=first)
    client.force_login(owner)

    response = client.post(reverse("endorsements:reference_resend", args=[second.pk, stranger.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["endorsements:application_list", "endorsements:application_start"]
)
def test_lists_need_log_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_application_list_shows_only_own(client):
    mine = ApplicationFactory()
    theirs = ApplicationFactory(category=mine.category)
    client.force_login(mine.applicant)

    response = client.get(reverse("endorsements:application_list"))

    assert list(response.context["applications"]) == [mine]
    assert reverse("endorsements:application_detail", args=[theirs.pk]) not in (
        response.content.decode()
    )


def test_rater_page_needs_no_account(client, reference):
    from endorsements.services.references import reference_link

    response = client.get(reference_link(reference=reference).removeprefix("http://testserver"))

    assert response.status_code == 200
    assert "Send my rating" in response.content.decode()
