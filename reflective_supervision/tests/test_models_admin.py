import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from reflective_supervision import services
from reflective_supervision.tests.factories import ProviderFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A superuser whose session passed the second factor (the admin is an OTPAdminSite)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(is_staff=True, is_superuser=True, email="admin@example.com")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"duration_minutes": 0}, "rsc_session_duration_positive"),
        ({"format": "group", "group_size": None}, "rsc_session_group_size_when_group"),
        ({"format": "individual", "group_size": 4}, "rsc_session_group_size_when_group"),
        ({"status": "maybe"}, "rsc_session_status_valid"),
        ({"provider": None, "peer": False}, "rsc_session_provider_unless_peer"),
        ({"modality": "pigeon"}, "rsc_session_choices_valid"),
    ],
)
def test_session_constraints_refuse_impossible_rows(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        SessionFactory(**fields)


def test_session_hours_is_decimal():
    assert str(SessionFactory.build(duration_minutes=50).hours) == "0.83"


def test_provider_email_is_unique_whatever_the_capitalisation():
    ProviderFactory(email="mina@example.org")

    with pytest.raises(IntegrityError, match="rsc_provider_email_ci_unique"):
        ProviderFactory(email="MINA@example.org")


def test_providers_without_email_are_not_merged_between_people():
    alma, ben = UserFactory(), UserFactory()

    first = services.provider_get_or_create(supervisee=alma, name="Grace Moss")
    again = services.provider_get_or_create(supervisee=alma, name="grace moss")
    other = services.provider_get_or_create(supervisee=ben, name="Grace Moss")

    assert first == again
    assert other != first


def test_status_change_refuses_a_transition_not_in_the_table():
    session = SessionFactory(status="confirmed")

    with pytest.raises(services.StatusTransitionError):
        services.session_status_change(session=session, to="disputed")


def test_admin_vetting_action_records_note_who_and_when(admin_client, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False)
    provider = ProviderFactory(name="Outside Olga")
    url = reverse("admin:reflective_supervision_provider_changelist")
    action = {"action": "mark_vetted", "_selected_action": [provider.pk]}

    ask = admin_client.post(url, action)
    done = admin_client.post(url, {**action, "apply": "1", "note": "IMHM-C in Michigan, checked"})

    assert "Why these providers are vetted" in ask.content.decode()
    assert done.status_code == 302
    provider.refresh_from_db()
    assert provider.vetted and provider.vetted_note == "IMHM-C in Michigan, checked"
    assert provider.vetted_by.email == "admin@example.com"
    assert provider.vetted_at == dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)


def test_admin_session_page_never_shows_private_notes(admin_client):
    session = SessionFactory(private_notes="my very private thought")

    change = admin_client.get(
        reverse("admin:reflective_supervision_supervisionsession_change", args=[session.pk])
    )
    listing = admin_client.get(
        reverse("admin:reflective_supervision_supervisionsession_changelist")
    )

    assert change.status_code == listing.status_code == 200
    assert "my very private thought" not in change.content.decode()
    assert session.provider.name in listing.content.decode()
