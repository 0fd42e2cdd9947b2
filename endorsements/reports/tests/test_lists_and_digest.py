"""Named lists (renewals due in 90 days, lapses in the last 90) with CSV, the dashboard's
reviewer load and turnaround, and the coordinators' daily digest."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.reports.digest import coordinator_digests_send
from endorsements.reports.models import CoordinatorDigestLog
from endorsements.review.models import Assignment
from endorsements.review.tests.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    review_submitted,
)

from .factories import endorse, lapse, person

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def due_on(day: date, **kwargs):
    e, _ = endorse(person(**kwargs), "IFA", on=date(2024, 1, 1))
    Endorsement.objects.filter(pk=e.pk).update(valid_through=day)
    return e


# --- Renewals due in the next 90 days --------------------------------------------------------


def test_renewals_due_lists_the_next_ninety_days_at_its_boundaries(client):
    inside = due_on(TODAY + timedelta(days=90), given="Inside", family="Window")
    today = due_on(TODAY, given="Due", family="Today")
    outside = due_on(TODAY + timedelta(days=91), given="Outside", family="Window")
    past = due_on(TODAY - timedelta(days=1), given="Past", family="Deadline")
    client.force_login(coordinator())

    page = client.get(reverse("reports:renewals_due")).content.decode()

    assert inside.printed_name in page and today.printed_name in page
    assert outside.printed_name not in page and past.printed_name not in page
    assert "2 endorsements due" in page


def test_renewals_due_csv_names_each_person(client):
    e = due_on(TODAY + timedelta(days=10), given="Ada", family="Lovelace")
    client.force_login(registry_admin())

    response = client.get(reverse("reports:renewals_due_csv"))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    # The first line says what the file was made from (issue 15: CSV files carry the as-of
    # date and filters), then the header.
    assert rows[0][0].startswith("# Report: Renewals due; As of: 2026-11-02; Days: 90")
    assert rows[1][:4] == ["Deadline", "Name", "Email", "Category"]
    assert rows[2][:4] == [str(TODAY + timedelta(days=10)), "Ada Lovelace", e.holder.email, "IFA"]
    assert rows[2][-1] == "North Central"
    assert response["Content-Disposition"].endswith('renewals-due-2026-11-02.csv"')


def test_renewals_due_query_count_is_constant(client, django_assert_num_queries):
    client.force_login(coordinator())
    due_on(TODAY + timedelta(days=5))
    # session, user with roles, staff device, the count, the page with holder, category
    # and region
    with django_assert_num_queries(5):
        client.get(reverse("reports:renewals_due"))
    for i in range(6):
        due_on(TODAY + timedelta(days=6 + i))
    with django_assert_num_queries(5):
        response = client.get(reverse("reports:renewals_due"))
    assert response.content.decode().count("CT-AIMH-IFA-") == 7


# --- Lapses in the last 90 days ---------------------------------------------------------------


def test_lapses_lists_the_last_ninety_days_and_csv(client):
    recent, held = endorse(person(given="Recent", family="Lapse"), "IFA", on=date(2024, 1, 1))
    lapse(recent, held, on=TODAY - timedelta(days=89))
    old, held = endorse(person(given="Old", family="Lapse"), "IFA", on=date(2024, 1, 1))
    lapse(old, held, on=TODAY - timedelta(days=90))
    client.force_login(coordinator())

    page = client.get(reverse("reports:lapses")).content.decode()
    response = client.get(reverse("reports:lapses_csv"))

    assert "Recent Lapse" in page and "Old Lapse" not in page
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0].startswith("# Report: Lapses; As of: ")
    assert [r[1] for r in rows[2:]] == ["Recent Lapse"]


def test_lapses_query_count_is_constant(client, django_assert_num_queries):
    client.force_login(coordinator())
    e, held = endorse(person(), "IFA", on=date(2024, 1, 1))
    lapse(e, held, on=TODAY - timedelta(days=3))
    # session, user with roles, staff device, the count, the page with the credential,
    # holder, category and region
    with django_assert_num_queries(5):
        client.get(reverse("reports:lapses"))
    for _ in range(4):
        e, held = endorse(person(), "IFA", on=date(2024, 1, 1))
        lapse(e, held, on=TODAY - timedelta(days=3))
    with django_assert_num_queries(5):
        response = client.get(reverse("reports:lapses"))
    assert response.content.decode().count("CT-AIMH-IFA-") == 5


@pytest.mark.parametrize(
    "name",
    ["reports:renewals_due", "reports:renewals_due_csv", "reports:lapses", "reports:lapses_csv"],
)
def test_named_lists_are_for_coordinators_and_registry_admins(client, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for person_ in (applicant(), reviewer()):
        client.force_login(person_)
        assert client.get(url).status_code == 403
    client.force_login(coordinator())
    assert client.get(url).status_code == 200


# --- The dashboard's reviewer load and turnaround ----------------------------------------------


def test_dashboard_shows_open_reviews_overdue_and_the_median_days_to_submit(client):
    busy, quick = reviewer(given_name="Busy"), reviewer(given_name="Quick")
    for due in (TODAY - timedelta(days=1), TODAY + timedelta(days=5)):
        AssignmentFactory(reviewer=busy, due_on=due)
    for days in (2, 4, 9):
        done = AssignmentFactory(reviewer=quick)
        review_submitted(done)
        Assignment.objects.filter(pk=done.pk).update(
            created_at=timezone.now() - timedelta(days=days), completed_at=timezone.now()
        )
    client.force_login(coordinator())

    response = client.get(reverse("reports:dashboard"))

    load = response.context["reviewer_load"]
    rows = {row.name: row for row in load.rows}
    assert (rows[busy.full_name].open, rows[busy.full_name].overdue) == (2, 1)
    assert (rows[quick.full_name].submitted, rows[quick.full_name].median_days) == (3, 4.0)
    assert (load.open, load.overdue, load.median_days) == (2, 1, 4.0)
    assert "2 reviews open, 1 of them overdue" in response.content.decode()


# --- The coordinators' daily digest -------------------------------------------------------------


def test_the_digest_lists_what_waits_once_a_day_per_coordinator(
    django_capture_on_commit_callbacks,
):
    cora, cole = coordinator(), coordinator()
    ready = SubmittedApplicationFactory(status="in_review")
    review_submitted(AssignmentFactory(application=ready))
    late = AssignmentFactory(due_on=TODAY - timedelta(days=2))
    own = SubmittedApplicationFactory(status="in_review", applicant=cole)
    review_submitted(AssignmentFactory(application=own))

    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_digests_send() == 2
        assert coordinator_digests_send() == 0  # claimed for today: nothing twice

    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {cora.email, cole.email}
    body = by_person[cora.email].body
    assert "All reviews in, ready to decide" in body and ready.applicant.full_name in body
    assert "Reviews past their due date" in body and late.reviewer.full_name in body
    assert own.applicant.full_name in body
    # A coordinator's own application stays out of their digest.
    assert own.applicant.full_name not in by_person[cole.email].body
    assert CoordinatorDigestLog.objects.filter(sent_at__isnull=False).count() == 2


def test_no_digest_when_nothing_waits():
    coordinator()
    assert coordinator_digests_send() == 0
    assert mail.outbox == []


def test_the_digest_escapes_names_in_html(django_capture_on_commit_callbacks):
    coordinator()
    payload = '"><script>pwn()</script>'
    waiting = SubmittedApplicationFactory(status="in_review")
    type(waiting.applicant).objects.filter(pk=waiting.applicant_id).update(family_name=payload)
    review_submitted(AssignmentFactory(application=waiting))

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_digests_send()

    html = mail.outbox[0].alternatives[0][0]
    assert "<script>pwn()" not in html and "&lt;script&gt;pwn()" in html


def test_a_lapsed_credential_is_listed_once_even_after_later_history_rows():
    from endorsements.services.transitions import endorsement_history_add

    e, held = endorse(person(), "IFA", on=date(2024, 1, 1))
    lapse(e, held, on=TODAY - timedelta(days=3))
    e.refresh_from_db()
    endorsement_history_add(endorsement=e, code="reinstatement_requested")

    from endorsements.reports.selectors import lapses_list, lapses_recent

    assert lapses_list(today=TODAY).count() == 1
    assert lapses_recent(today=TODAY) == [{"code": "IFA", "n": 1}]
    assert e.status == EndorsementStatus.LAPSED
