import datetime as dt

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from reflective_supervision.models import SupervisionSession
from reflective_supervision.tests.factories import (
    AttestationRequestFactory,
    ProviderFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
LOG = reverse("reflective_supervision:log")


def test_log_anonymous_redirects_to_login(client):
    response = client.get(LOG)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_log_empty_explains_rsc_and_how_to_log(client):
    client.force_login(applicant())

    response = client.get(LOG)

    html = response.content.decode()
    assert "You have not logged any RSC yet" in html
    assert reverse("reflective_supervision:quick") in html
    assert reverse("reflective_supervision:import") in html


def test_log_shows_only_own_sessions_with_totals(client):
    me, other = applicant(), applicant()
    provider = ProviderFactory(name="Dr Mina Patel")
    SessionFactory(supervisee=me, provider=provider, duration_minutes=90)
    SessionFactory(supervisee=me, provider=provider, duration_minutes=60, status="confirmed")
    SessionFactory(supervisee=other, duration_minutes=600, private_notes="secret of other")
    client.force_login(me)

    response = client.get(LOG)

    html = response.content.decode()
    assert "Dr Mina Patel" in html
    assert "2.5 hours in 2 sessions" in html
    assert "1 h 30 min" in html
    assert "secret of other" not in html
    assert "Ask Dr Mina Patel to confirm 1 session" in html


def test_log_filters_by_provider_and_dates(client):
    me = applicant()
    mina, otto = ProviderFactory(name="Mina"), ProviderFactory(name="Otto")
    SessionFactory(supervisee=me, provider=mina, date=dt.date(2025, 3, 1))
    SessionFactory(supervisee=me, provider=mina, date=dt.date(2025, 6, 1))
    SessionFactory(supervisee=me, provider=otto, date=dt.date(2025, 3, 2))
    client.force_login(me)

    response = client.get(LOG, {"provider": mina.pk, "start": "2025-02-01", "end": "2025-04-01"})

    page = response.context["page"]
    assert [s.date for s in page] == [dt.date(2025, 3, 1)]
    assert "1 hour in 1 session" in response.content.decode()


def test_log_filter_with_bad_dates_explains(client):
    me = applicant()
    SessionFactory(supervisee=me)
    client.force_login(me)

    response = client.get(LOG, {"start": "2025-05-01", "end": "2025-04-01"})

    assert "The end date must be on or after the start date." in response.content.decode()


def test_log_marks_sessions_waiting_for_the_provider(client):
    me = applicant()
    session = SessionFactory(supervisee=me)
    AttestationRequestFactory(supervisee=me, provider=session.provider, sessions=[session])
    client.force_login(me)

    html = client.get(LOG).content.decode()

    assert "Waiting for the provider" in html
    assert f"Waiting for {session.provider.name} to answer about 1 session" in html
    assert "Ask " not in html


def test_log_is_only_for_the_person_even_for_coordinators(client):
    SessionFactory(private_notes="my private note")
    client.force_login(coordinator())

    html = client.get(LOG).content.decode()

    assert "You have not logged any RSC yet" in html


def _log_sessions(user, n):
    provider = ProviderFactory(supervisees=[user])
    SupervisionSession.objects.bulk_create(
        SessionFactory.build(
            supervisee=user, provider=provider, date=dt.date(2025, 1, 1) + dt.timedelta(days=i)
        )
        for i in range(n)
    )


@pytest.mark.parametrize("rows", [1, 60])
def test_log_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    me = applicant()
    _log_sessions(me, rows)
    client.force_login(me)

    # 1 session, 2 user, 3 providers for the filter, 4 count for the paginator, 5 the page of
    # sessions (provider joined, "awaiting" as a subquery), 6-8 totals by provider, status and
    # focus, 9 unconfirmed sessions per provider (the "Ask" buttons), 10 open requests.
    with django_assert_num_queries(10):
        response = client.get(LOG)

    assert len(response.context["page"]) == min(rows, 50)


@pytest.mark.parametrize("requests", [1, 4])
def test_log_query_count_does_not_grow_with_open_requests(
    client, django_assert_num_queries, requests
):
    from .factories import AttestationRequestFactory, ProviderFactory

    me = applicant()
    _log_sessions(me, 1)
    for _ in range(requests):
        AttestationRequestFactory(supervisee=me, provider=ProviderFactory(supervisees=[me]))
    client.force_login(me)

    # As above (1-10), and 11 the newest email of every open request's link, in one query.
    with django_assert_num_queries(11):
        response = client.get(LOG)

    assert len(response.context["open_requests"]) == requests
