"""The supervisee sees each RSC provider's email delivery and can resend it or correct the
provider's address (only where that provider is theirs alone)."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory, applicant
from messaging.models import Message
from reflective_supervision import services
from reflective_supervision.models import AttestationRequest

from .factories import ProviderFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(smtp_server, django_capture_on_commit_callbacks):
    me = applicant(given_name="Alma")
    provider = ProviderFactory(name="Mina Patel", email="nosuch@example.org", supervisees=[me])
    SessionFactory(supervisee=me, provider=provider)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.attestation_request_send(supervisee=me, provider=provider)
    return me, provider, request


def test_a_failed_provider_email_shows_on_the_log_and_is_fixed_by_correcting_it(
    client, asked, smtp_server, django_capture_on_commit_callbacks
):
    me, provider, request = asked
    client.force_login(me)

    log = client.get(reverse("reflective_supervision:log")).content.decode()
    assert "Not delivered" in log and "nosuch@example.org did not arrive" in log

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reflective_supervision:request_email", args=[request.pk]),
            {"email": "mina@example.org"},
        )

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.email == "mina@example.org"
    assert [str(m["To"]) for m in smtp_server.received] == ["mina@example.org"]
    old_nonce, request = request.nonce, AttestationRequest.objects.get(pk=request.pk)
    assert request.nonce != old_nonce  # the old link no longer works
    log = client.get(reverse("reflective_supervision:log")).content.decode()
    assert "emailed to mina@example.org on" in log


def test_resend_sends_a_new_link_and_opening_it_shows_as_opened(
    client, asked, smtp_server, django_capture_on_commit_callbacks
):
    me, provider, request = asked
    provider.email = "mina@example.org"
    provider.save()
    client.force_login(me)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reflective_supervision:request_resend", args=[request.pk]))
    link = smtp_server.received[-1].get_body(("plain",)).get_content()
    path = link.split("http://testserver", 1)[1].split()[0]
    client.logout()
    client.get(path)
    client.force_login(me)

    log = client.get(reverse("reflective_supervision:log")).content.decode()
    assert "Mina Patel opened the link on" in log
    assert Message.objects.filter(recipient="mina@example.org", status="sent").count() == 1


def test_a_shared_provider_address_is_not_the_supervisee_s_to_change(client, asked):
    me, provider, request = asked
    provider.supervisees.add(UserFactory())
    client.force_login(me)

    response = client.post(
        reverse("reflective_supervision:request_email", args=[request.pk]),
        {"email": "mina@example.org"},
    )

    assert response.status_code == 200
    assert "can only be changed by the coordinator" in response.content.decode()
    provider.refresh_from_db()
    assert provider.email == "nosuch@example.org"


@pytest.mark.parametrize("name", ["request_email", "request_resend"])
def test_someone_else_s_request_is_not_found(client, asked, name):
    _me, _provider, request = asked
    client.force_login(applicant())

    response = client.post(reverse(f"reflective_supervision:{name}", args=[request.pk]))

    assert response.status_code == 404
