"""The public lookup by endorsement number and last name (/verify/lookup/)."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from endorsements.credentials.tests.factories import endorsement
from endorsements.models import EndorsementStatus

pytestmark = pytest.mark.django_db
URL = reverse("organisations:lookup")


@pytest.fixture
def credential():
    return endorsement(family_name="Muñoz", given_name="Ana", printed_name="Ana Muñoz")


def test_lookup_shows_status_category_and_date_only(client, credential):
    response = client.post(URL, {"number": credential.number.lower(), "last_name": " munoz "})

    page = response.content.decode()
    assert "This endorsement is current." in page
    assert credential.category.name in page
    assert "Active" in page
    assert "Ana" not in page  # no name, no email: status, category and date only
    assert credential.holder.email not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_lookup_answers_unknown_number_and_wrong_name_alike(client, credential):
    wrong_name = client.post(URL, {"number": credential.number, "last_name": "Smith"})
    unknown = client.post(URL, {"number": "CT-AIMH-XXX-1999-0001", "last_name": "Muñoz"})

    expected = "We found no endorsement with that number and last name."
    assert expected in wrong_name.content.decode()
    assert expected in unknown.content.decode()
    assert wrong_name.status_code == unknown.status_code == 200


def test_lookup_says_when_not_current(client, credential):
    from endorsements.models import Endorsement

    Endorsement.objects.filter(pk=credential.pk).update(status=EndorsementStatus.LAPSED)

    page = client.post(URL, {"number": credential.number, "last_name": "Muñoz"}).content.decode()

    assert "This endorsement is not current." in page
    assert "Lapsed: not renewed" in page


def test_lookup_is_recorded_in_the_audit_log(client, credential):
    client.post(URL, {"number": credential.number, "last_name": "Nobody"})

    event = AuditEvent.objects.get(action=AuditAction.VERIFICATION_LOOKUP)
    assert event.details == {"number": credential.number, "found": False, "channel": "lookup"}


def test_lookup_empty_form_says_what_to_enter_and_keeps_what_was_typed(client):
    page = client.post(URL, {"number": "CT-1", "last_name": ""}).content.decode()

    assert "There is a problem" in page
    assert "Enter the holder&#x27;s last name" in page
    assert 'value="CT-1"' in page
    assert not AuditEvent.objects.filter(action=AuditAction.VERIFICATION_LOOKUP).exists()


def test_lookup_is_rate_limited(client, credential, settings):
    settings.VERIFY_LOOKUP_RATE_LIMIT = 2
    data = {"number": credential.number, "last_name": "Muñoz"}
    answers = [client.post(URL, data).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert "Too many checks" in client.post(URL, data).content.decode()


def test_lookup_form_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # an anonymous form: no session, no credential
        page = client.get(URL).content.decode()
    assert "Endorsement number" in page


def test_lookup_costs_two_queries(client, credential, django_assert_num_queries):
    with django_assert_num_queries(2):  # the credential with holder and category; the audit row
        client.post(URL, {"number": credential.number, "last_name": "Muñoz"})
