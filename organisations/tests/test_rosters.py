"""Rosters: the reader's messages, the matching, the results page and file, the worker."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import applicant
from endorsements.credentials.tests.factories import endorsement

from ..models import RosterLine, RosterRun, RosterStatus, VerificationRecord
from .factories import organisation, sign_in, staff_member

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name="roster.csv"):
    return client.post(
        reverse("organisations:roster_new"), {"file": SimpleUploadedFile(name, content)}
    )


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def member(client):
    user = staff_member()
    sign_in(client, user)
    return user


@pytest.fixture
def people():
    ana = endorsement(given_name="Ana", family_name="Muñoz", email="ana@example.org")
    endorsement(holder=ana.holder, code="IFS")  # a second category for the same person
    ben = endorsement(given_name="Ben", family_name="Lee")
    lee2 = endorsement(given_name="Ben", family_name="Lee")  # two people of the same name
    return {"ana": ana, "ben": ben, "lee2": lee2}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "roster.csv", "This is not a CSV or Excel"),
        ("Name,Email\nJos\xe9 Mu\xf1oz,j@x.org\n".encode("cp1252"), "r.csv", "not saved as UTF-8"),
        ("Name,Email\nAna,a@x.org\n".encode("utf-16"), "r.csv", "saved as UTF-16"),
        (b"Date,Hours\n2026-01-01,3\n", "r.csv", "The first row must name the columns"),
        (b"PK\x03\x04not really a workbook", "r.xlsx", "The Excel file could not be opened"),
        (b"Name,Email\n", "r.csv", "column names but no people"),
        (b"", "r.csv", "The submitted file is empty"),
    ],
)
def test_malformed_rosters_get_a_clear_message(client, member, content, name, message):
    response = upload(client, content, name)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not RosterRun.objects.exists()


def test_every_row_gets_its_match(client, member, people):
    ana, ben = people["ana"], people["ben"]
    roster = csv_bytes(
        [
            ["Full name", "E-mail", "Endorsement number"],
            ["", "ANA@example.org", ""],  # by email: both of Ana's categories
            ["Ben Lee", "", ben.number.lower()],  # by number, name agrees
            ["Ben Lee", "", ""],  # by name: two people called Ben Lee
            ["Nobody Here", "", ""],
            ["Someone Else", "", ana.number],  # number found, name differs
            ["", "", "CT-AIMH-NONE-1900-0001"],
        ]
    )

    response = upload(client, roster)

    run = RosterRun.objects.get()
    assert response["Location"] == reverse("organisations:roster_detail", args=[run.pk])
    lines = {line.line: line for line in RosterLine.objects.filter(run=run)}
    assert [lines[n].outcome for n in range(2, 8)] == [
        "matched",
        "matched",
        "several",
        "no_match",
        "name_differs",
        "no_match",
    ]
    assert sorted(r["category_code"] for r in lines[2].results) == ["IFA", "IFS"]
    assert lines[3].results[0]["number"] == ben.number
    assert run.status == RosterStatus.DONE and run.done == run.total == 6
    # Each credential looked at is recorded for its holder's transparency page.
    assert VerificationRecord.objects.filter(endorsement__holder=ana.holder).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Matches more than one person" in page
    assert "Matches nobody" in page
    assert "Number found, but the name differs" in page
    assert "6 people checked." in page


def test_result_file_has_every_row_and_neutralises_formulas(client, member, people):
    people["ben"].holder.family_name = "Lee"
    roster = csv_bytes(
        [["Name", "Email"], ['=HYPERLINK("x")', ""], ["", people["ana"].holder.email]]
    )
    run_url = upload(client, roster)["Location"]
    run = RosterRun.objects.get()

    response = client.get(reverse("organisations:roster_download", args=[run.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].endswith('-results.csv"')
    assert rows[0][:5] == ["Line", "Name", "Email", "Endorsement number given", "Result"]
    assert rows[1][1].startswith("'=HYPERLINK")  # a formula stays text in a spreadsheet
    assert rows[1][4] == "Matches nobody"
    assert {row[6] for row in rows[2:]} >= {people["ana"].category.name + " (IFA)"}
    assert len(rows) == 1 + 1 + 2  # header, the unmatched row, Ana's two credentials
    assert run_url


@pytest.mark.parametrize(
    ("language", "header", "status", "current"),
    [("en", "Status", "Active", "yes"), ("es", "Estado", "Activa", "sí")],
)
def test_result_file_writes_the_status_in_the_requesters_language(
    client, member, people, language, header, status, current
):
    member.preferred_language = language
    member.save(update_fields=["preferred_language"])
    upload(client, csv_bytes([["Endorsement number"], [people["ben"].number]]))
    run = RosterRun.objects.get()

    response = client.get(reverse("organisations:roster_download", args=[run.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (rows[0][7], rows[0][-1]) == (
        header,
        {"en": "Status code", "es": "Código de estado"}[language],
    )
    assert (rows[1][7], rows[1][8], rows[1][-1]) == (status, current, "active")


def test_xlsx_roster_is_read(client, member, people):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["First name", "Last name", "Endorsement number"])
    workbook.active.append(["Ben", "Lee", people["ben"].number])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(client, buffer.getvalue(), "staff.xlsx")

    assert RosterLine.objects.get().outcome == "matched"


def test_template_downloads_with_the_columns(client, member):
    response = client.get(reverse("organisations:roster_template"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email", "Endorsement number"]
    # The template reads back as a roster.
    from ..rosters import read_roster

    assert len(read_roster(response.content, max_rows=10)) == 2


def test_large_rosters_go_to_the_worker_and_show_progress(
    client, member, people, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_WORKER_ROWS = 2
    roster = csv_bytes([["Email"], *[[people["ana"].holder.email]] * 3])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, roster)
    run = RosterRun.objects.get()
    assert run.status == RosterStatus.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "0 of 3 people checked" in page
    assert '<meta http-equiv="refresh"' in page
    assert '<progress class="w-100" max="100" value="0"' in page

    for callback in callbacks:  # the worker (eager here) runs it, twice: nothing doubles
        callback()
    from ..tasks import roster_run_process

    roster_run_process.apply(kwargs={"run_id": run.pk})
    run.refresh_from_db()
    assert (run.status, run.done) == (RosterStatus.DONE, 3)
    assert VerificationRecord.objects.count() == 3 * 2


def test_someone_elses_roster_is_404(client, member):
    other = RosterRun.objects.create(organisation=organisation(name="Other"), filename="x.csv")

    for name in ("organisations:roster_detail", "organisations:roster_download"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_roster_page_query_count(client, member, people, django_assert_num_queries):
    upload(client, csv_bytes([["Email"], [people["ana"].holder.email]]))
    run = RosterRun.objects.get()
    url = reverse("organisations:roster_detail", args=[run.pk])
    # session, user, OTP device, membership with organisation, the run, count, the lines
    with django_assert_num_queries(7):
        client.get(url)
    RosterLine.objects.bulk_create(
        [RosterLine(run=run, line=n, name=f"P {n}", outcome="no_match") for n in range(10, 60)]
    )
    with django_assert_num_queries(7):
        assert "P 59" in client.get(url).content.decode()


def test_home_query_count(client, member, django_assert_num_queries):
    # session, user, OTP device, membership with organisation, rosters
    with django_assert_num_queries(5):
        client.get(reverse("organisations:home"))
    org = member.organisation_membership.organisation
    for n in range(5):
        RosterRun.objects.create(organisation=org, filename=f"r{n}.csv", uploaded_by=member)
    with django_assert_num_queries(5):
        assert "r4.csv" in client.get(reverse("organisations:home")).content.decode()


def test_holder_sees_who_checked_them(client, member, people):
    upload(client, csv_bytes([["Email"], [people["ana"].holder.email]]))
    holder = people["ana"].holder
    client.force_login(holder)

    page = client.get(reverse("organisations:my_checks")).content.decode()

    assert "Harbor Early Childhood" in page
    assert "Staff roster" in page


def test_my_checks_query_count(client, django_assert_num_queries):
    holder = applicant()
    client.force_login(holder)
    # session, user, the checks grouped by organisation, the watches with organisations
    with django_assert_num_queries(4):
        page = client.get(reverse("organisations:my_checks")).content.decode()
    assert "No organisation has checked your endorsements yet." in page
