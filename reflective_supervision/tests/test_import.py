import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import applicant
from reflective_supervision.imports import header_map, parse_date, parse_hours, read_csv, row_clean
from reflective_supervision.models import Provider, StagedImport, SupervisionSession

pytestmark = pytest.mark.django_db
UPLOAD = reverse("reflective_supervision:import")

CSV = (
    "Date,Hours,Format,Group size,In person or virtual,Focus,Supervisor,Supervisor email\n"
    "2026-01-07,1.5,Individual,,In person,own work,Mina Patel,mina@example.org\n"
    "1/14/2026,1:00,group,6,Zoom,RSC provided,Mina Patel,MINA@example.org\n"
    "14/1/2026,one hour,ind,,virtual,,Mina Patel,mina@example.org\n"
    "2/4/2026,90 min,individual,,virtual,,peer,\n"
)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False)


def _upload(client, text=CSV, name="my rsc.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-14", dt.date(2026, 3, 14)),
        ("3/14/2026", dt.date(2026, 3, 14)),
        ("03/14/26", dt.date(2026, 3, 14)),
        ("14 Mar 2026", dt.date(2026, 3, 14)),
        ("March 14, 2026", dt.date(2026, 3, 14)),
    ],
)
def test_parse_date_accepts_common_styles(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1", 60), ("1.5", 90), ("1,5", 90), ("1:30", 90), ("1h30", 90), ("1 hr", 60), ("45 min", 45)],
)
def test_parse_hours_accepts_common_styles(text, minutes):
    assert parse_hours(text) == minutes


def test_header_map_is_forgiving_with_names():
    assert header_map(["Session Date", "HRS", "Type", "Mode", "Provider Name", "E-mail"]) == {
        0: "date",
        1: "hours",
        2: "format",
        3: "modality",
        4: "provider_name",
        5: "provider_email",
    }


def test_row_clean_explains_each_problem_in_words():
    _, errors = row_clean(
        {
            "date": "14/1/2026",
            "hours": "one hour",
            "format": "ind",
            "modality": "",
            "provider_name": "Mina",
        },
        today=dt.date(2026, 4, 1),
    )

    assert errors == {
        "date": "We cannot read the date “14/1/2026”: we read dates month first, like "
        "3/14/2026. If you mean 14 January 2026, write 2026-01-14.",
        "hours": "We cannot read the hours “one hour”. Write them like 1.5 or 1:30.",
        "modality": "Say whether the session was in person or virtual.",
    }


def test_read_csv_without_date_column_is_refused():
    with pytest.raises(Exception, match="date column"):
        read_csv(b"Hours,Provider\n1,Mina\n")


def test_import_upload_anonymous_redirects_to_login(client):
    assert client.get(UPLOAD)["Location"].startswith(reverse("login"))


def test_import_upload_of_a_non_csv_explains(client):
    client.force_login(applicant())

    response = _upload(client, text="just some words", name="notes.txt")

    assert "The first row must name the columns" in response.content.decode()
    assert not StagedImport.objects.exists()


def test_import_preview_lists_every_row_with_its_problems_and_saves_nothing(client):
    client.force_login(applicant())

    response = _upload(client)
    preview = client.get(response["Location"])

    html = preview.content.decode()
    assert "1 row has a problem" in html
    assert "We cannot read the date “14/1/2026”" in html
    assert "We cannot read the hours “one hour”" in html
    assert "Import 4 sessions" not in html
    assert html.count("Ready") == 3
    assert not SupervisionSession.objects.exists()


def test_import_save_refuses_while_a_row_has_problems(client):
    client.force_login(applicant())
    staged_url = _upload(client)["Location"]
    staged = StagedImport.objects.get()

    response = client.post(
        reverse("reflective_supervision:import_save", args=[staged.pk]), follow=True
    )

    assert "Nothing was saved: 1 row still has problems" in response.content.decode()
    assert not SupervisionSession.objects.exists()
    assert staged_url


def test_import_fix_a_row_in_the_preview_then_save_all_in_one_go(client):
    me = applicant()
    client.force_login(me)
    _upload(client)
    staged = StagedImport.objects.get()
    row_url = reverse("reflective_supervision:import_row", args=[staged.pk, 2])

    # The fix page shows the problems at once, with what was typed.
    page = client.get(row_url).content.decode()
    assert "There is a problem" in page
    assert 'value="14/1/2026"' in page
    still_bad = client.post(row_url, {**staged.rows[2]["values"], "date": "1/14/2026"})
    assert "We cannot read the hours" in still_bad.content.decode()
    fixed = client.post(row_url, {**staged.rows[2]["values"], "date": "1/21/2026", "hours": "1"})
    assert fixed["Location"] == reverse("reflective_supervision:import_preview", args=[staged.pk])
    saved = client.post(reverse("reflective_supervision:import_save", args=[staged.pk]))

    assert saved["Location"] == reverse("reflective_supervision:log")
    sessions = SupervisionSession.objects.filter(supervisee=me).order_by("date")
    assert [(s.date, s.duration_minutes, s.format, s.peer) for s in sessions] == [
        (dt.date(2026, 1, 7), 90, "individual", False),
        (dt.date(2026, 1, 14), 60, "group", False),
        (dt.date(2026, 1, 21), 60, "individual", False),
        (dt.date(2026, 2, 4), 90, "individual", True),
    ]
    assert Provider.objects.count() == 1  # one Mina, whatever the capitalisation of her email
    assert not StagedImport.objects.exists()


def test_import_leave_out_a_row(client):
    client.force_login(applicant())
    _upload(client)
    staged = StagedImport.objects.get()

    client.post(reverse("reflective_supervision:import_row_remove", args=[staged.pk, 2]))
    client.post(reverse("reflective_supervision:import_save", args=[staged.pk]))

    assert SupervisionSession.objects.count() == 3


def test_import_discard_saves_nothing(client):
    client.force_login(applicant())
    _upload(client)
    staged = StagedImport.objects.get()

    client.post(reverse("reflective_supervision:import_discard", args=[staged.pk]))

    assert not StagedImport.objects.exists()
    assert not SupervisionSession.objects.exists()


def test_import_pages_of_another_applicant_are_404(client):
    client.force_login(applicant())
    _upload(client)
    staged = StagedImport.objects.get()
    client.force_login(applicant())

    assert (
        client.get(reverse("reflective_supervision:import_preview", args=[staged.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("reflective_supervision:import_row", args=[staged.pk, 0])).status_code
        == 404
    )
    for name in ("import_save", "import_discard"):
        assert (
            client.post(reverse(f"reflective_supervision:{name}", args=[staged.pk])).status_code
            == 404
        )
    remove = reverse("reflective_supervision:import_row_remove", args=[staged.pk, 0])
    assert client.post(remove).status_code == 404
    assert len(StagedImport.objects.get().rows) == 4


def test_import_row_out_of_range_is_404(client):
    client.force_login(applicant())
    _upload(client)
    staged = StagedImport.objects.get()

    assert (
        client.get(reverse("reflective_supervision:import_row", args=[staged.pk, 9])).status_code
        == 404
    )


def test_import_pages_anonymous_redirect_to_login(client):
    client.force_login(applicant())
    _upload(client)
    staged = StagedImport.objects.get()
    client.logout()

    response = client.get(reverse("reflective_supervision:import_preview", args=[staged.pk]))

    assert response["Location"].startswith(reverse("login"))


# --- The ages a session was about ----------------------------------------------------------

BASE_ROW = {
    "date": "2026-01-07",
    "hours": "1",
    "format": "individual",
    "modality": "virtual",
    "provider_name": "Mina Patel",
}


@pytest.mark.parametrize(
    ("text", "band"),
    [("Infants", "infant"), ("0-3", "infant"), ("early childhood", "early_childhood"),
     ("3-6", "early_childhood"), ("Both", "both"), ("", "")],
)  # fmt: skip
def test_row_reads_the_ages_a_session_was_about(text, band):
    cleaned, errors = row_clean({**BASE_ROW, "ages": text}, today=dt.date(2026, 4, 1))

    assert not errors
    assert cleaned["age_band"] == band


def test_row_with_ages_we_do_not_know_says_what_to_write():
    _, errors = row_clean({**BASE_ROW, "ages": "teenagers"}, today=dt.date(2026, 4, 1))

    assert "“teenagers” is not an age band we know" in errors["ages"]


def test_import_keeps_the_ages_column(client):
    person = applicant()
    client.force_login(person)
    text = (
        "Date,Hours,Format,In person or virtual,Ages,Provider,Provider email\n"
        "2026-01-07,1,individual,virtual,infants,Mina Patel,mina@example.org\n"
        "2026-01-14,1,individual,virtual,,Mina Patel,mina@example.org\n"
    )
    _upload(client, text)
    staged = StagedImport.objects.get(supervisee=person)

    client.post(reverse("reflective_supervision:import_save", args=[staged.pk]))

    bands = list(person.rsc_sessions.order_by("date").values_list("age_band", flat=True))
    assert bands == ["infant", ""]
