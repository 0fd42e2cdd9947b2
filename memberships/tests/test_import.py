"""The member-list import: read CSV and XLSX, preview, confirm, and the same file twice."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.tests.factories import UserFactory, coordinator
from conftest import otp_verify_session
from memberships import imports
from memberships.member_list import member_list_confirm, member_list_plan, member_list_stage
from memberships.models import MemberListImport, Membership
from memberships.tests.factories import ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Email,Member number,Type,Start date,End date\n"
    "ana@example.org,CT-1,individual,2026-01-01,2026-12-31\n"
    "BEN@example.org,CT-2,Student,01/02/2026,01/01/2027\n"
    "nobody@example.org,CT-3,individual,2026-01-01,2026-12-31\n"
    "ana@example.org,CT-1,individual,2026-01-01,2026-12-31\n"
    "bad-address,CT-4,individual,2026-01-01,31.31.2026\n"
)


def staff(client):
    user = coordinator()
    client.force_login(user)
    otp_verify_session(client, user)
    return user


def _people():
    return UserFactory(email="ana@example.org"), UserFactory(email="ben@example.org")


def test_dates_are_iso_or_in_the_order_the_coordinator_says():
    assert imports.parse_date("2026-03-04", order="dmy") == date(2026, 3, 4)
    assert imports.parse_date("03/04/2026", order="mdy") == date(2026, 3, 4)
    assert imports.parse_date("03/04/2026", order="dmy") == date(2026, 4, 3)
    assert imports.parse_date("31/12/2026", order="mdy") is None


def test_the_plan_says_what_each_row_would_do_and_writes_nothing():
    ana, ben = _people()
    rows = imports.read_member_list(CSV.encode())
    staged = member_list_stage(actor=coordinator(), filename="m.csv", rows=rows)

    planned = member_list_plan(staged=staged)

    assert [p.outcome for p in planned] == ["new", "new", "unmatched", "invalid", "invalid"]
    assert planned[1].person == ben  # the address matched in any case
    assert planned[1].cleaned["starts_on"] == date(2026, 1, 2)  # month first
    assert "already on line 2" in planned[3].problems[0]
    assert any("not an email address" in p for p in planned[4].problems)
    assert any("31.31.2026 is not a date" in p for p in planned[4].problems)
    assert not Membership.objects.exists()


def test_confirming_twice_the_same_file_changes_nothing_the_second_time():
    ana, ben = _people()
    actor = coordinator()
    rows = imports.read_member_list(CSV.encode())

    first = member_list_confirm(
        staged=member_list_stage(actor=actor, filename="m.csv", rows=rows), actor=actor
    )
    before = list(Membership.objects.order_by("pk").values())
    second = member_list_confirm(
        staged=member_list_stage(actor=actor, filename="m.csv", rows=rows), actor=actor
    )

    assert (first["new"], first["same"]) == (2, 0)
    assert (second["new"], second["update"], second["same"]) == (0, 0, 2)
    after = list(Membership.objects.order_by("pk").values())
    for row in before + after:
        row.pop("imported_from_id"), row.pop("updated_at")
    assert after == before


def test_a_changed_end_date_corrects_the_record_and_a_waiting_claim_is_confirmed():
    ana, ben = _people()
    MembershipFactory(
        person=ana, number="CT-1", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)
    )
    claim = ClaimFactory(person=ben, number="CT-2", ends_on=date(2027, 1, 1))
    actor = coordinator()
    rows = imports.read_member_list(CSV.encode())

    counts = member_list_confirm(
        staged=member_list_stage(actor=actor, filename="m.csv", rows=rows), actor=actor
    )

    assert (counts["new"], counts["update"]) == (1, 1)
    assert Membership.objects.get(person=ana).ends_on == date(2026, 12, 31)
    claim.refresh_from_db()
    assert (claim.status, claim.source, claim.starts_on) == ("recorded", "import", date(2026, 1, 2))


def test_an_xlsx_list_with_spanish_headers_and_date_cells_is_read():
    book = Workbook()
    sheet = book.active
    sheet.append(["Correo electrónico", "Número de socio", "Tipo", "Inicio", "Vencimiento"])
    sheet.append(["ana@example.org", "CT-1", "Estudiante", date(2026, 1, 1), date(2026, 12, 31)])
    buffer = io.BytesIO()
    book.save(buffer)

    rows = imports.read_member_list(buffer.getvalue())
    cleaned, problems = imports.row_clean(rows[0]["values"], order="dmy")

    assert problems == []
    assert (cleaned["membership_type"], cleaned["ends_on"]) == ("student", date(2026, 12, 31))


def test_a_file_without_the_columns_is_refused_in_plain_words():
    with pytest.raises(imports.MemberListError, match="must name the columns"):
        imports.read_member_list(b"Name,Phone\nAna,555\n")


def test_upload_preview_then_confirm_through_the_pages(client):
    ana, _ben = _people()
    staff(client)
    upload = SimpleUploadedFile("members.csv", CSV.encode(), content_type="text/csv")

    response = client.post(
        reverse("memberships:import_upload"),
        {"file": upload, "association": "", "date_order": "mdy"},
    )
    staged = MemberListImport.objects.get()
    assert response["Location"] == reverse("memberships:import_preview", args=[staged.pk])
    html = client.get(response["Location"]).content.decode()
    assert "2 memberships to add" in html
    assert "No account has the email nobody@example.org" in html
    assert "Dates read month first (12/31/2026)" in html
    assert not Membership.objects.exists()

    client.post(reverse("memberships:import_confirm", args=[staged.pk]))

    assert Membership.objects.filter(status="recorded").count() == 2
    again = client.post(reverse("memberships:import_confirm", args=[staged.pk]), follow=True)
    assert "already imported or discarded" in again.content.decode()
    assert Membership.objects.count() == 2


def test_the_upload_form_refuses_an_unreadable_file_and_says_why(client):
    staff(client)
    upload = SimpleUploadedFile("members.csv", b"Name\nAna\n", content_type="text/csv")

    response = client.post(
        reverse("memberships:import_upload"), {"file": upload, "date_order": "mdy"}
    )

    assert "There is a problem" in response.content.decode()
    assert "must name the columns" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_the_preview_queries(client, django_assert_num_queries, count):
    lines = ["Email,Number,End date"]
    for n in range(count):
        UserFactory(email=f"m{n}@example.org")
        lines.append(f"m{n}@example.org,CT-{n},2026-12-31")
    actor = staff(client)
    staged = member_list_stage(
        actor=actor, filename="m.csv", rows=imports.read_member_list("\n".join(lines).encode())
    )

    # session, user with roles, OTP device, the import; the people by email, records by
    # number, their records, their claims
    with django_assert_num_queries(8):
        response = client.get(reverse("memberships:import_preview", args=[staged.pk]))
    assert response.content.decode().count(">Added<") == count
