"""In Chromium: a registry admin filters the per-region report, sees the chart, downloads the
CSV and XLSX files (parsed here); a reviewer cannot reach it; the public registry works."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.tests.factories import registry_admin, reviewer
from conftest import browser_log_in

from .factories import endorse, lapse, person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, email):
    browser_log_in(page, email)


def test_admin_filters_report_and_downloads_files_reviewer_cannot(page, assert_accessible):
    a = person(
        county="Hartford",
        program_type="birth_to_three",
        given="Ana",
        family="Rivera",
        directory_opt_in=True,
    )
    endorse(a, "IFS", on=date(2023, 1, 1))
    endorse(a, "IMHS", on=date(2023, 6, 1))
    b = person(county="New London", program_type="home_visiting")
    e, h = endorse(b, "IFS", on=date(2022, 1, 1))
    lapse(e, h, on=date(2024, 2, 1))
    endorse(person(county="New Haven"), "IFA", on=date(2024, 1, 1))
    registry_admin(email="admin@example.org")
    reviewer(email="reviewer@example.org")

    _log_in(page, "admin@example.org")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("heading", name="Reports dashboard").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Endorsed staff by region").first.click()
    page.get_by_role("heading", name="Endorsed staff by region").wait_for()
    assert_accessible(page)

    page.get_by_label("Count people endorsed on this date").fill("2023-12-31")
    page.get_by_label("Endorsement category").select_option("IFS")
    page.get_by_role("button", name="Show the report").click()
    page.get_by_role("heading", name="On 31 December 2023: 2 endorsed people").wait_for()
    chart = page.get_by_role("img", name="Endorsed people per region on 31 December 2023")
    assert chart.is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    lines = list(csv.reader(io.StringIO(_read(download_info.value).decode())))
    assert "Counted on: 2023-12-31" in lines[0][0]  # the first line says what it was made from
    rows = lines[1:]
    by_region = {r[0]: r for r in rows[1:]}
    assert rows[0][:3] == ["Region", "Endorsed people", "IFS"]
    assert by_region["North Central"][1] == "1" and by_region["Eastern"][1] == "1"
    assert by_region["All regions"][1] == "2"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    book = load_workbook(io.BytesIO(_read(download_info.value)), read_only=True)
    sheet = {r[0]: r for r in book["Endorsed by region"].iter_rows(values_only=True)}
    assert sheet["North Central"][1] == 1 and sheet["All regions"][1] == 2
    assert dict(book["About"].iter_rows(values_only=True))["Category"] == "IFS"

    # After the lapse only Ana is counted.
    page.get_by_label("Count people endorsed on this date").fill("2024-03-01")
    page.get_by_role("button", name="Show the report").click()
    page.get_by_role("heading", name="On 1 March 2024: 1 endorsed person").wait_for()

    # The public registry shows Ana to anyone.
    page.get_by_role("link", name="Registry", exact=True).click()
    page.get_by_label("Name").fill("rivera")
    page.get_by_role("button", name="Search the registry").click()
    page.get_by_role("row", name="Ana Rivera").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()

    _log_in(page, "reviewer@example.org")
    assert page.get_by_role("link", name="Reports", exact=True).count() == 0
    response = page.goto("/reports/endorsed-by-region/")
    assert response.status == 403
    page.get_by_role("heading", name="You cannot see this page").wait_for()
    assert_accessible(page)


def _read(download) -> bytes:
    with open(download.path(), "rb") as f:
        return f.read()
