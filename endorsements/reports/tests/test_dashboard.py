from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import coordinator
from endorsements.models import Application, ApplicationStatus
from endorsements.reports.selectors import last_quarter_ends
from endorsements.tests.factories import ApplicationFactory

from .factories import endorse, lapse, person, renew

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")
NOW = datetime(2025, 5, 15, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def test_last_quarter_ends():
    assert last_quarter_ends(today=date(2025, 5, 15)) == [
        date(2023, 9, 30),
        date(2023, 12, 31),
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 5, 15),
    ]


@time_machine.travel(NOW, tick=False)
def test_dashboard_counts_applications_by_status_and_age(client):
    def submitted(days_ago, status=ApplicationStatus.SUBMITTED):
        app = ApplicationFactory(status=status)
        Application.objects.filter(pk=app.pk).update(submitted_at=NOW - timedelta(days=days_ago))

    submitted(5)
    submitted(45)
    submitted(200)
    submitted(100, ApplicationStatus.IN_REVIEW)
    submitted(10, ApplicationStatus.ENDORSED)
    ApplicationFactory(status=ApplicationStatus.DRAFT)  # started today
    client.force_login(coordinator())

    response = client.get(URL)

    rows = {r.label: r for r in response.context["statuses"]}
    assert rows["Submitted"].total == 3
    assert rows["Submitted"].ages == [1, 1, 0, 1]
    assert rows["In review"].ages == [0, 0, 1, 0]
    assert rows["Draft"].ages == [1, 0, 0, 0]
    assert rows["Endorsed"].total == 1 and rows["Endorsed"].ages == []
    # The reviewer load section shows figures (tested in test_dashboard_reviewer_load), not
    # the placeholder it had before reviews were recorded.
    assert "Reviewer load appears once reviews are recorded" not in response.content.decode()
    assert "0 reviews open, 0 of them overdue" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_dashboard_renewals_lapses_and_trend(client):
    due = person(county="Hartford")
    e, h = endorse(due, "IFA", on=date(2023, 3, 1))
    renew(e, h, on=date(2024, 6, 1), valid_through=date(2025, 6, 30))  # due this quarter
    later = person(county="Hartford")
    e, h = endorse(later, "IFS", on=date(2024, 1, 1))
    renew(e, h, on=date(2024, 12, 1), valid_through=date(2025, 12, 31))
    gone = person(county="New Haven")
    e, h = endorse(gone, "IFA", on=date(2023, 1, 1))
    lapse(e, h, on=date(2025, 4, 1))  # within 90 days
    old = person(county="New Haven")
    e, h = endorse(old, "IFS", on=date(2022, 1, 1))
    lapse(e, h, on=date(2024, 1, 1))  # long ago
    client.force_login(coordinator())

    response = client.get(URL)

    assert response.context["renewals"] == [{"code": "IFA", "n": 1}]
    assert response.context["lapses"] == [{"code": "IFA", "n": 1}]
    trend = {r.name: r.counts for r in response.context["trend"]}
    # Quarter ends from September 2023 to today (May 15, 2025).
    assert trend["North Central"] == [1, 1, 2, 2, 2, 2, 2, 2]
    assert trend["South Central"] == [2, 2, 1, 1, 1, 1, 1, 0]
    assert trend["All regions"] == [3, 3, 3, 3, 3, 3, 3, 2]
    assert 'role="img"' in response.content.decode()


@pytest.mark.parametrize("extra_regions", [0, 10])
def test_dashboard_query_count(client, django_assert_num_queries, extra_regions):
    from applicants.models import County, Region

    for i in range(extra_regions):
        region = Region.objects.create(name=f"Extra {i}", code=f"extra-{i}", order=20 + i)
        County.objects.create(name=f"Extra county {i}", region=region)
    endorse(person(county="Hartford"), "IFA", on=date(2024, 1, 1))
    client.force_login(coordinator())

    # session, user with roles (access check), second-factor device,
    # regions, the 8-quarter trend (one GROUP BY),
    # applications by status and age, renewals due, recent lapses,
    # reviewer load: the reviewers' group id, the reviewers, open and overdue counts (one
    # GROUP BY), submitted assignments' timestamps; credentials by status (one GROUP BY);
    # the registered panels (the fees app's: the lines still owed, one query)
    with django_assert_num_queries(14):
        response = client.get(URL)

    assert response.status_code == 200
