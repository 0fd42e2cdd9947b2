import datetime as dt

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from reflective_supervision.models import Provider, SessionStatusChange, SupervisionSession
from reflective_supervision.tests.factories import ProviderFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False)


ADD = reverse("reflective_supervision:add")


def _form(**overrides):
    data = {
        "date": "2026-03-14",
        "hours": "1",
        "minutes": "30",
        "format": "individual",
        "group_size": "",
        "modality": "virtual",
        "focus": "own_work",
        "age_band": "infant",
        "provider": "new",
        "provider_name": "Dr Mina Patel",
        "provider_email": "Mina.Patel@Example.org",
        "private_notes": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("name", ["add", "quick", "import"])
def test_forms_anonymous_redirects_to_login(client, name):
    response = client.get(reverse(f"reflective_supervision:{name}"))

    assert response["Location"].startswith(reverse("login"))


def test_add_session_with_a_new_provider(client):
    me = applicant()
    client.force_login(me)

    response = client.post(ADD, _form())

    assert response["Location"] == reverse("reflective_supervision:log")
    session = SupervisionSession.objects.get(supervisee=me)
    assert (session.date, session.duration_minutes, str(session.hours)) == (
        dt.date(2026, 3, 14),
        90,
        "1.50",
    )
    assert session.provider.email == "mina.patel@example.org"
    assert list(session.provider.supervisees.all()) == [me]
    assert session.status == "unconfirmed"


def test_add_session_reuses_a_provider_with_the_same_email(client):
    provider = ProviderFactory(email="mina.patel@example.org", name="Mina Patel")
    client.force_login(applicant())

    client.post(ADD, _form(provider_email="MINA.patel@example.org", provider_name="Dr. M. Patel"))

    assert Provider.objects.count() == 1
    assert SupervisionSession.objects.get().provider == provider


def test_add_session_links_a_provider_who_has_an_account(client):
    colleague = applicant(email="otto@example.org")
    client.force_login(applicant())

    client.post(ADD, _form(provider_email="otto@example.org", provider_name="Otto"))

    assert SupervisionSession.objects.get().provider.user == colleague


def test_add_peer_session_has_no_provider(client):
    client.force_login(applicant())

    client.post(ADD, _form(provider="peer", provider_name=""))

    session = SupervisionSession.objects.get()
    assert session.peer and session.provider is None


def test_add_session_errors_are_explained_and_input_kept(client):
    client.force_login(applicant())

    response = client.post(
        ADD,
        _form(date="2026-05-01", hours="0", minutes="0", format="group", provider_name=""),
    )

    html = response.content.decode()
    assert "There is a problem" in html
    assert "The date is in the future" in html
    assert "Enter how long the session was" in html
    assert "Enter how many people were in the group" in html
    assert "Enter the new provider&#x27;s full name" in html
    assert 'value="2026-05-01"' in html
    assert not SupervisionSession.objects.exists()


def test_add_session_cannot_pick_someone_elses_provider(client):
    stranger = ProviderFactory(supervisees=[applicant()])
    client.force_login(applicant())

    response = client.post(ADD, _form(provider=str(stranger.pk)))

    assert "Select a valid choice" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_edit_session_of_another_applicant_is_404(client):
    session = SessionFactory()
    client.force_login(applicant())

    assert client.get(reverse("reflective_supervision:edit", args=[session.pk])).status_code == 404
    assert (
        client.post(reverse("reflective_supervision:delete", args=[session.pk])).status_code == 404
    )
    assert SupervisionSession.objects.filter(pk=session.pk).exists()


def test_edit_and_delete_are_404_for_a_coordinator(client):
    session = SessionFactory()
    client.force_login(coordinator())

    assert client.get(reverse("reflective_supervision:edit", args=[session.pk])).status_code == 404
    assert (
        client.get(reverse("reflective_supervision:delete", args=[session.pk])).status_code == 404
    )


def test_edit_and_delete_anonymous_redirect_to_login(client):
    session = SessionFactory()

    for name in ("edit", "delete"):
        response = client.get(reverse(f"reflective_supervision:{name}", args=[session.pk]))
        assert response["Location"].startswith(reverse("login"))


def test_edit_confirmed_session_warns_and_resets_to_unconfirmed(client):
    me = applicant()
    session = SessionFactory(supervisee=me, status="confirmed", provider_comment="Yes")
    client.force_login(me)
    url = reverse("reflective_supervision:edit", args=[session.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url,
        _form(provider=str(session.provider_id), date="2025-01-06", hours="2", minutes="0"),
        follow=True,
    )

    assert "it becomes unconfirmed again" in page
    assert "it is unconfirmed again" in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.duration_minutes, session.provider_comment) == (
        "unconfirmed",
        120,
        "",
    )
    change = SessionStatusChange.objects.get(session=session)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "confirmed",
        "unconfirmed",
        me,
    )


def test_edit_private_notes_only_keeps_the_confirmation(client):
    me = applicant()
    session = SessionFactory(supervisee=me, status="confirmed", date=dt.date(2025, 1, 6))
    client.force_login(me)

    client.post(
        reverse("reflective_supervision:edit", args=[session.pk]),
        _form(
            provider=str(session.provider_id),
            date="2025-01-06",
            hours="1",
            minutes="0",
            private_notes="felt stuck with the Lee family",
        ),
    )

    session.refresh_from_db()
    assert session.status == "confirmed"
    assert session.private_notes == "felt stuck with the Lee family"


def test_delete_confirmed_session_warns_then_deletes(client):
    me = applicant()
    session = SessionFactory(supervisee=me, status="confirmed")
    client.force_login(me)
    url = reverse("reflective_supervision:delete", args=[session.pk])

    page = client.get(url).content.decode()
    response = client.post(url)

    assert "has confirmed this session" in page
    assert 'data-confirm="Delete this session from your log?"' in page
    assert response["Location"] == reverse("reflective_supervision:log")
    assert not SupervisionSession.objects.exists()


def test_add_session_asks_which_ages_it_was_about(client):
    # Infant categories count RSC about pregnancy to 36 months, early childhood ones about
    # 3 up to 6 (the associations' category definitions): the log asks for the ages.
    person = applicant()
    client.force_login(person)

    missing = client.post(ADD, _form(age_band=""))
    saved = client.post(ADD, _form(age_band="early_childhood"))

    assert "Say which ages the RSC was about." in missing.content.decode()
    assert saved.status_code == 302
    assert person.rsc_sessions.get().age_band == "early_childhood"
