"""The per-region report against counts computed in plain Python from the fixtures."""

import csv
import io
from collections import defaultdict
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import coordinator, registry_admin
from applicants.models import ProgramType, Region
from endorsements.models import EndorsementStatus
from endorsements.reports.selectors import endorsed_by_region

from .factories import endorse, lapse, person, renew

pytestmark = pytest.mark.django_db

URL = reverse("reports:endorsed_by_region")
CSV_URL = reverse("reports:endorsed_csv")
XLSX_URL = reverse("reports:endorsed_xlsx")


@pytest.fixture
def history():
    """Seven people, with lapses, a reinstatement, renewals, an archive and two categories."""
    facts = []
    a = person(county="Hartford", program_type="home_visiting")
    e, h = endorse(a, "IFA", on=date(2023, 1, 10))
    lapse(e, h, on=date(2024, 2, 1))
    renew(e, h, on=date(2024, 6, 1))  # reinstated
    facts.append(h)

    b = person(county="Hartford", program_type="birth_to_three")
    e, h = endorse(b, "IFS", on=date(2022, 5, 1))
    renew(e, h, on=date(2023, 12, 31))  # active -> active
    facts.append(h)
    e, h = endorse(b, "IMHS", on=date(2023, 3, 1))  # a second category: one person
    facts.append(h)

    c = person(county="New London", program_type="birth_to_three")
    e, h = endorse(c, "IFRS", on=date(2024, 1, 15), emerging=True)
    renew(e, h, on=date(2024, 9, 1))  # emerging -> active
    facts.append(h)

    d = person(county="New Haven", program_type="head_start")
    e, h = endorse(d, "IFA", on=date(2023, 6, 1))
    lapse(e, h, on=date(2024, 1, 31))
    facts.append(h)

    f = person(county="Hartford", program_type="ece")
    e, h = endorse(f, "ECFS", on=date(2025, 1, 1))
    facts.append(h)

    g = person(county="Fairfield", program_type="child_welfare")
    e, h = endorse(g, "IFS", on=date(2022, 1, 1))
    lapse(e, h, on=date(2023, 12, 1), to=EndorsementStatus.ARCHIVED)
    facts.append(h)

    n = person(county=None)  # no workplace recorded yet
    e, h = endorse(n, "IFA", on=date(2023, 1, 1))
    facts.append(h)
    return facts


def expected(facts, day, *, code="", track_codes=None, program_type=""):
    """People per region, per category and per program type on `day`, in plain Python."""
    people, by_code, by_program = defaultdict(set), defaultdict(set), defaultdict(set)
    for h in facts:
        if not h.on(day) or (code and h.code != code):
            continue
        if track_codes is not None and h.code not in track_codes:
            continue
        if program_type and h.program_type != program_type:
            continue
        people[h.region].add(h.user_id)
        by_code[(h.region, h.code)].add(h.user_id)
        by_program[(h.region, h.program_type)].add(h.user_id)
    return people, by_code, by_program


def check(report, facts, day, **filters):
    people, by_code, by_program = expected(facts, day, **filters)
    rows = {row.name: row for row in report.rows}
    for region in Region.objects.all():
        row = rows[region.name]
        assert row.total == len(people[region.name]), (day, region.name)
        for c, n in zip(report.categories, row.by_category, strict=True):
            assert n == len(by_code[(region.name, c.code)]), (day, region.name, c.code)
        for (value, _), n in zip(report.program_types, row.by_program, strict=True):
            assert n == len(by_program[(region.name, value)]), (day, region.name, value)
    if people[None]:
        assert rows["Region not recorded"].total == len(people[None])
    else:
        assert "Region not recorded" not in rows
    assert report.totals.total == sum(len(s) for s in people.values())


DAYS = [
    date(2021, 12, 31),  # before anything
    date(2022, 12, 31),
    date(2023, 1, 10),  # the day of an issue counts
    date(2023, 11, 30),  # the day before an archive
    date(2023, 12, 1),  # the day of the archive: no longer held
    date(2024, 1, 30),  # the day before a lapse
    date(2024, 1, 31),  # the day of the lapse
    date(2024, 3, 1),  # after two lapses, before the reinstatement
    date(2024, 6, 1),  # reinstated that day
    date(2024, 10, 1),  # emerging became active
    date(2025, 6, 1),
]


@pytest.mark.parametrize("day", DAYS)
def test_report_matches_independent_count(history, day):
    report = endorsed_by_region(as_of=day)

    check(report, history, day)


def test_report_counts_a_person_once_in_the_total_with_two_categories(history):
    report = endorsed_by_region(as_of=date(2023, 6, 1))

    hartford = next(r for r in report.rows if r.name == "North Central")
    codes = dict(zip((c.code for c in report.categories), hartford.by_category, strict=True))
    # Person A (IFA) and person B (IFS and IMHS): two people, three credentials.
    assert hartford.total == 2
    assert codes["IFA"] == 1 and codes["IFS"] == 1 and codes["IMHS"] == 1


@pytest.mark.parametrize(
    "filters",
    [
        {"category": "IFA"},
        {"track": "early_childhood"},
        {"track": "infant"},
        {"program_type": "birth_to_three"},
        {"category": "IFS", "program_type": "birth_to_three"},
    ],
)
def test_report_filters_match_independent_count(history, filters):
    from competencies.models import EndorsementCategory

    day = date(2025, 6, 1)
    track_codes = None
    if "track" in filters:
        track_codes = set(
            EndorsementCategory.objects.filter(track=filters["track"]).values_list(
                "code", flat=True
            )
        )

    report = endorsed_by_region(as_of=day, **filters)

    check(
        report,
        history,
        day,
        code=filters.get("category", ""),
        track_codes=track_codes,
        program_type=filters.get("program_type", ""),
    )
    if "category" in filters:
        assert [c.code for c in report.categories] == [filters["category"]]
    if "program_type" in filters:
        assert [v for v, _ in report.program_types] == [filters["program_type"]]


def test_report_page_shows_numbers_chart_and_totals(client, history):
    client.force_login(coordinator())

    response = client.get(URL, {"as_of": "2024-03-01"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "On 1 March 2024: 3 endorsed people" in html  # B, C, and N (no region)
    assert 'role="img"' in html and "<title id=" in html
    assert "Endorsed people per region on 1 March 2024" in html
    assert "once in every category they hold" in html
    assert f"{CSV_URL}?as_of=2024-03-01" in html


def test_report_page_keeps_a_bad_date_and_says_what_to_do(client):
    client.force_login(coordinator())

    response = client.get(URL, {"as_of": "31/02/2024"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the date like 2026-03-31" in html
    assert 'value="31/02/2024"' in html


def test_report_page_empty_state(client):
    client.force_login(coordinator())

    response = client.get(URL)

    assert "Nobody held a matching endorsement on this date" in response.content.decode()


def test_csv_matches_the_report(client, history):
    client.force_login(registry_admin())

    response = client.get(CSV_URL, {"as_of": "2024-10-01", "track": "infant"})

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "endorsed-by-region-2024-10-01.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    note, rows = lines[0], lines[1:]  # the first line says what the file was made from
    assert note[0].startswith("# Report: Endorsed staff by region; Counted on: 2024-10-01")
    report = endorsed_by_region(as_of=date(2024, 10, 1), track="infant")
    assert rows[0] == report.header
    assert rows[0][:2] == ["Region", "Endorsed people"]
    assert "ECFS" not in rows[0]
    by_region = {r[0]: r for r in rows[1:]}
    people, _, _ = expected(history, date(2024, 10, 1))
    assert int(by_region["North Central"][1]) == len(people["North Central"])
    assert int(by_region["Eastern"][1]) == 1
    assert int(by_region["All regions"][1]) == report.totals.total == 4


def test_csv_refuses_bad_filters_in_words(client):
    client.force_login(coordinator())

    response = client.get(CSV_URL, {"as_of": "yesterday"})

    assert response.status_code == 400
    assert "Enter the date like 2026-03-31" in response.content.decode()


def test_xlsx_matches_the_report(client, history):
    client.force_login(coordinator())

    response = client.get(XLSX_URL, {"as_of": "2024-06-01", "program_type": "birth_to_three"})

    assert response.status_code == 200
    assert "endorsed-by-region-2024-06-01.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [list(r) for r in book["Endorsed by region"].iter_rows(values_only=True)]
    about = dict(book["About"].iter_rows(values_only=True))
    assert rows[0] == [
        "Region",
        "Endorsed people",
        *_category_codes(),
        ProgramType.BIRTH_TO_THREE.label,
    ]
    by_region = {r[0]: r for r in rows[1:]}
    # Birth to Three on 2024-06-01: B (IFS + IMHS) in North Central, C (IFRS emerging) in Eastern.
    assert by_region["North Central"][1] == 1
    assert by_region["Eastern"][1] == 1
    assert by_region["All regions"][1] == 2
    assert about["Counted on"] == "2024-06-01"
    assert about["Program type"] == ProgramType.BIRTH_TO_THREE.label


def _category_codes():
    from competencies.models import EndorsementCategory

    return list(
        EndorsementCategory.objects.order_by("order", "code").values_list("code", flat=True)
    )


def _many_regions(n):
    from applicants.models import County

    for i in range(n):
        region = Region.objects.create(name=f"Extra region {i}", code=f"extra-{i}", order=10 + i)
        County.objects.create(name=f"Extra county {i}", region=region)


@pytest.mark.parametrize("extra_regions", [0, 12])
def test_report_page_query_count_does_not_grow_with_regions(
    client, django_assert_num_queries, history, extra_regions
):
    _many_regions(extra_regions)
    client.force_login(coordinator())

    # session, user with roles, second-factor device, categories, regions, the one GROUP BY
    # report
    with django_assert_num_queries(6):
        response = client.get(URL, {"as_of": "2024-06-01"})

    assert response.status_code == 200


@pytest.mark.parametrize("extra_regions", [0, 12])
def test_csv_and_xlsx_query_count_does_not_grow_with_regions(
    client, django_assert_num_queries, history, extra_regions
):
    _many_regions(extra_regions)
    client.force_login(coordinator())

    # session, user with roles (access check), second-factor device,
    # categories, regions, the GROUP BY report, the audit row for the export
    with django_assert_num_queries(7):
        response = client.get(CSV_URL)
        b"".join(response.streaming_content)
    with django_assert_num_queries(7):
        client.get(XLSX_URL)
