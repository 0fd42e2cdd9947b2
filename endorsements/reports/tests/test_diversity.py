from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator

from .factories import endorse, lapse, person

pytestmark = pytest.mark.django_db
URL = reverse("reports:diversity")


def endorsed(n, *, county, languages=("English",), **profile):
    for _ in range(n):
        user = person(county=county, languages=languages, **profile)
        endorse(user, "IFA", on=date(2024, 1, 1))


def test_diversity_counts_current_holders_per_region(client, settings):
    settings.REPORT_SUPPRESSION_THRESHOLD = 5
    endorsed(6, county="Hartford", languages=("English",), gender="woman")
    endorsed(5, county="Hartford", languages=("English", "Spanish"), gender="woman")
    endorsed(7, county="New Haven", languages=("English",), gender="man")
    endorsed(6, county="New Haven", languages=("Spanish",), gender="woman")
    gone = person(county="Hartford", languages=("Polish",))
    e, h = endorse(gone, "IFA", on=date(2023, 1, 1))
    lapse(e, h, on=date(2024, 2, 1))  # lapsed people are not in the workforce counts
    client.force_login(coordinator())

    response = client.get(URL)

    tables = {t.caption: t for t in response.context["tables"]}
    languages = tables["Languages of service"]
    rows = dict(zip(languages.region_names, languages.shown.rows, strict=True))
    english = languages.columns.index("English")
    spanish = languages.columns.index("Spanish")
    polish = languages.columns.index("Polish")
    assert rows["North Central"][english] == "11"
    assert rows["North Central"][spanish] == "5"
    assert rows["North Central"][polish] == "0"
    assert rows["South Central"][english] == "7"
    assert rows["South Central"][spanish] == "6"
    gender = tables["Gender"]
    g_rows = dict(zip(gender.region_names, gender.shown.rows, strict=True))
    assert g_rows["North Central"][gender.columns.index("Woman")] == "11"
    assert g_rows["South Central"][gender.columns.index("Man")] == "7"
    assert gender.shown.grand_total == "24"


def test_diversity_suppresses_small_cells_and_their_complements(client, settings):
    settings.REPORT_SUPPRESSION_THRESHOLD = 5
    endorsed(2, county="Hartford", gender="non_binary")
    endorsed(9, county="Hartford", gender="woman")
    endorsed(12, county="Hartford", gender="man")
    endorsed(8, county="New Haven", gender="woman")
    endorsed(10, county="New Haven", gender="man")
    endorsed(6, county="New Haven", gender="non_binary")
    client.force_login(coordinator())

    response = client.get(URL)

    gender = {t.caption: t for t in response.context["tables"]}["Gender"]
    rows = dict(zip(gender.region_names, gender.shown.rows, strict=True))
    col = {name: i for i, name in enumerate(gender.columns)}
    hartford = rows["North Central"]
    # 2 is small; the Hartford total (23) would reveal it, so the next smallest (9) goes too.
    assert hartford[col["Non-binary"]] == "<5"
    assert hartford[col["Woman"]] == "<5"
    assert hartford[col["Man"]] == "12"
    # The column totals would reveal them in turn: New Haven's cells in those columns go too.
    new_haven = rows["South Central"]
    assert new_haven[col["Non-binary"]] == "<5"
    assert new_haven[col["Woman"]] == "<5"
    html = response.content.decode()
    assert "&lt;5" in html and "can also stand for a larger number" in html


def test_diversity_counts_race_and_ethnicity_with_several_answers(client):
    endorsed(6, county="Hartford", race_ethnicity=["black", "hispanic"])
    endorsed(7, county="Hartford", race_ethnicity=[])
    client.force_login(coordinator())

    response = client.get(URL)

    race = {t.caption: t for t in response.context["tables"]}["Race and ethnicity"]
    rows = dict(zip(race.region_names, race.shown.rows, strict=True))
    hartford = rows["North Central"]
    assert hartford[race.columns.index("Black or African American")] == "6"
    assert hartford[race.columns.index("Hispanic or Latino/a/x")] == "6"
    assert hartford[race.columns.index("Not stated")] == "7"


@pytest.mark.parametrize("people", [1, 10])
def test_diversity_query_count(client, django_assert_num_queries, people):
    endorsed(people, county="Hartford")
    client.force_login(coordinator())

    # session, user with roles (access check), second-factor device,
    # regions, people per region, languages per
    # region, the languages, race and ethnicity rows, gender per region
    with django_assert_num_queries(9):
        response = client.get(URL)

    assert response.status_code == 200
