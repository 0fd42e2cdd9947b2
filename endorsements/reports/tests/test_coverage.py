from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator

from .factories import agency, endorse, lapse, person

pytestmark = pytest.mark.django_db
URL = reverse("reports:coverage")


@pytest.fixture
def programs():
    covered = agency(county="Hartford", program_type="birth_to_three", name="Covered B23")
    uncovered = agency(county="Hartford", program_type="birth_to_three", name="Lonely B23")
    lapsed_only = agency(county="New Haven", program_type="home_visiting", name="Lapsed HV")
    agency(county="New Haven", program_type="birth_to_three", name="Empty B23")
    endorse(person(at=covered), "IFS", on=date(2024, 1, 1))
    endorse(person(at=covered), "IFA", on=date(2024, 1, 1))
    person(at=uncovered)  # staff, but nobody endorsed
    e, h = endorse(person(at=lapsed_only), "IFA", on=date(2022, 1, 1))
    lapse(e, h, on=date(2023, 2, 1))
    return covered


def test_coverage_summary_counts_programs_with_and_without_endorsed_staff(client, programs):
    client.force_login(coordinator())

    response = client.get(URL)

    rows = {r.name: r for r in response.context["summary"]}
    assert (rows["North Central"].programs, rows["North Central"].with_endorsed) == (2, 1)
    assert rows["North Central"].birth_to_three_without == 1
    assert (rows["South Central"].programs, rows["South Central"].with_endorsed) == (2, 0)
    assert rows["South Central"].birth_to_three_without == 1
    assert rows["All regions"].without_endorsed == 3


def test_coverage_lists_uncovered_birth_to_three_programs(client, programs):
    client.force_login(coordinator())

    response = client.get(URL, {"program_type": "birth_to_three", "coverage": "without"})

    html = response.content.decode()
    names = [a.name for a in response.context["programs"]]
    assert sorted(names) == ["Empty B23", "Lonely B23"]
    assert "Birth to Three without endorsed staff" in html
    covered = client.get(URL, {"coverage": "with"}).context["programs"]
    assert [(a.name, a.endorsed_staff) for a in covered] == [("Covered B23", 2)]


def test_coverage_filters_by_region(client, programs):
    client.force_login(coordinator())

    response = client.get(URL, {"region": "south-central"})

    assert sorted(a.name for a in response.context["programs"]) == ["Empty B23", "Lapsed HV"]


@pytest.mark.parametrize("count", [1, 15])
def test_coverage_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        endorse(person(county="Hartford"), "IFA", on=date(2024, 1, 1))
    client.force_login(coordinator())

    # session, user with roles (access check), second-factor device,
    # regions, summary GROUP BY, program count,
    # page of programs
    with django_assert_num_queries(7):
        response = client.get(URL)

    assert len(response.context["programs"]) == count
