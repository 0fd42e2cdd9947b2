from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator
from endorsements.reports.suppression import MARKER as C

from .attack import worked_out
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
    # 2 is small; the Hartford total (23, shown: it is the region report's) would reveal it
    # with the other two shown, so another count in the row goes too.
    assert hartford[col["Non-binary"]] == C
    assert hartford.count(C) >= 2
    # The column totals would reveal them in turn: New Haven's cells in those columns go too.
    new_haven = rows["South Central"]
    assert new_haven[col["Non-binary"]] == C
    assert new_haven.count(C) >= 2
    totals = dict(zip(gender.region_names, gender.shown.row_totals, strict=True))
    assert (totals["North Central"], totals["South Central"]) == ("23", "24")
    html = response.content.decode()
    assert "[c]" in html and "can stand for any number" in html


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
    # regions, people per region (from the credential history, as the region report counts),
    # languages per region, the languages, race and ethnicity rows, gender per region
    with django_assert_num_queries(9):
        response = client.get(URL)

    assert response.status_code == 200


def test_diversity_totals_equal_the_region_reports_with_unknown_regions_in_their_own_row(client):
    from django.utils import timezone

    from accounts.tests.factories import applicant

    endorsed(6, county="Hartford", gender="woman")
    endorsed(5, county="New Haven", gender="man")
    no_county = person(county=None, gender="woman")
    endorse(no_county, "IFA", on=date(2024, 1, 1))
    no_profile = applicant()  # endorsed but never filled in a profile
    from endorsements.models import ApplicationStatus
    from endorsements.services.credentials import endorsement_issue
    from endorsements.tests.factories import ApplicationFactory, category

    endorsement_issue(
        application=ApplicationFactory(
            applicant=no_profile, category=category("IFS"), status=ApplicationStatus.ENDORSED
        ),
        issued_on=date(2024, 1, 1),
    )
    client.force_login(coordinator())

    diversity = client.get(URL).context["tables"]
    region_report = client.get(
        reverse("reports:endorsed_by_region"), {"as_of": timezone.localdate().isoformat()}
    ).context["report"]

    by_region = {row.name: row.total for row in region_report.rows}
    for table in diversity:
        shown = dict(zip(table.region_names, table.shown.row_totals, strict=True))
        assert {k: int(v) for k, v in shown.items() if v != "0"} == {
            k: v for k, v in by_region.items() if v
        }, table.caption
        assert table.shown.grand_total == str(region_report.totals.total)
        assert shown["Region not recorded"] == "2"
    gender = {t.caption: t for t in diversity}["Gender"]
    unknown = dict(zip(gender.region_names, gender.shown.rows, strict=True))["Region not recorded"]
    assert unknown.count(C) == len(unknown) - unknown.count("0")  # 1 woman, 1 not stated: hidden


def test_no_hidden_count_of_any_table_can_be_worked_out(client, settings):
    """Solve every table of a realistic report as a reader would (linear programming)."""
    import random

    settings.REPORT_SUPPRESSION_THRESHOLD = 5
    rng = random.Random(7)
    counties = ["Hartford", "New Haven", "Fairfield", "New London", "Litchfield"]
    genders = ["woman", "woman", "woman", "man", "non_binary", ""]
    races = [["white"], ["black"], ["hispanic"], ["black", "hispanic"], ["asian"], []]
    tongues = [("English",), ("English", "Spanish"), ("Spanish",), ("English", "Haitian Creole")]
    for county, n in zip(counties, [14, 9, 6, 3, 1], strict=True):
        for _ in range(n):
            endorsed(
                1,
                county=county,
                languages=rng.choice(tongues),
                gender=rng.choice(genders),
                race_ethnicity=rng.choice(races),
            )
    client.force_login(coordinator())

    tables = client.get(URL).context["tables"]

    from applicants.models import Region
    from endorsements.reports.selectors import workforce_diversity  # the true counts

    assert len(tables) == 3
    truth = workforce_diversity(regions=list(Region.objects.order_by("order", "name")), raw=True)
    for table, cells in zip(tables, truth, strict=True):
        assert (
            worked_out(
                cells,
                table.shown,
                rows_add_up=not table.multi,
                everyone_counted=table.everyone_counted,
            )
            == []
        ), table.caption
        assert any(C in row for row in table.shown.rows), table.caption  # it did hide some
