import datetime as dt

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant
from reflective_supervision.models import SupervisionSession
from reflective_supervision.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False)


QUICK = reverse("reflective_supervision:quick")


def _form(provider, **overrides):
    data = {
        "provider": str(provider.pk),
        "start": "2026-01-05",
        "every_weeks": "2",
        "count": "4",
        "hours": "1",
        "minutes": "0",
        "format": "group",
        "group_size": "5",
        "modality": "in_person",
        "focus": "rsc_provided",
        "age_band": "both",
    }
    return {**data, **overrides}


def test_quick_entry_previews_every_date_without_saving(client):
    me = applicant()
    provider = ProviderFactory(supervisees=[me], name="Mina Patel")
    client.force_login(me)

    response = client.post(QUICK, _form(provider))

    html = response.content.decode()
    assert "Check the 4 sessions before saving" in html
    for day in ("5 January 2026", "19 January 2026", "2 February 2026", "16 February 2026"):
        assert day in html
    assert "with Mina Patel" in html
    assert not SupervisionSession.objects.exists()


def test_quick_entry_confirm_saves_all_sessions(client):
    me = applicant()
    provider = ProviderFactory(supervisees=[me])
    client.force_login(me)

    response = client.post(QUICK, {**_form(provider), "confirm": "1"})

    assert response["Location"] == reverse("reflective_supervision:log")
    sessions = SupervisionSession.objects.filter(supervisee=me).order_by("date")
    assert [s.date for s in sessions] == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 19),
        dt.date(2026, 2, 2),
        dt.date(2026, 2, 16),
    ]
    assert {(s.provider_id, s.group_size, s.focus, s.modality) for s in sessions} == {
        (provider.pk, 5, "rsc_provided", "in_person")
    }


def test_quick_entry_change_goes_back_to_the_form_with_everything_kept(client):
    me = applicant()
    provider = ProviderFactory(supervisees=[me])
    client.force_login(me)

    response = client.post(QUICK, {**_form(provider), "change": "1"})

    html = response.content.decode()
    assert "Preview the sessions" in html
    assert 'value="2026-01-05"' in html
    assert not SupervisionSession.objects.exists()


def test_quick_entry_refuses_sessions_in_the_future(client):
    me = applicant()
    provider = ProviderFactory(supervisees=[me])
    client.force_login(me)

    response = client.post(QUICK, {**_form(provider, count="20"), "confirm": "1"})

    assert "in the future" in response.content.decode()
    assert not SupervisionSession.objects.exists()
