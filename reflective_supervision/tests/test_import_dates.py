"""Dates written with numbers are read in the reader's language's order (Spanish 14/3/2026,
English 3/14/2026); a date that reads both ways (3/2/2026) is read that way and the preview
says so; one that reads only the other way is a problem that offers the date it could mean."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import applicant
from reflective_supervision.imports import row_clean
from reflective_supervision.models import StagedImport, SupervisionSession

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 1)
ROW = {"hours": "1", "format": "individual", "modality": "virtual", "provider_name": "Mina"}
CSV = "Date,Hours,Format,Modality,Provider\n14/3/2026,1,individual,virtual,Mina\n3/2/2026,1,individual,virtual,Mina\n"  # noqa: E501


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False)


def _clean(language: str, text: str):
    with translation.override(language):
        return row_clean({**ROW, "date": text}, today=TODAY)


@pytest.mark.parametrize(
    ("language", "text", "expected", "ambiguous"),
    [
        ("es", "14/3/2026", dt.date(2026, 3, 14), False),
        ("es", "3/2/2026", dt.date(2026, 2, 3), True),
        ("en", "3/14/2026", dt.date(2026, 3, 14), False),
        ("en", "3/2/2026", dt.date(2026, 3, 2), True),
        ("es", "14 de marzo de 2026", dt.date(2026, 3, 14), False),
        ("en", "2026-02-03", dt.date(2026, 2, 3), False),
    ],
)
def test_numbers_are_read_in_the_readers_order(language, text, expected, ambiguous):
    cleaned, errors = _clean(language, text)

    assert errors == {}
    assert (cleaned["date"], cleaned["date_ambiguous"]) == (expected, ambiguous)


def test_a_date_that_reads_only_the_other_way_is_a_problem_that_offers_it():
    _, spanish = _clean("es", "3/14/2026")
    _, english = _clean("en", "14/3/2026")

    assert spanish["date"] == (
        "No podemos leer la fecha “3/14/2026”: leemos las fechas con el día primero, como "
        "14/3/2026. Si quiere decir 14 de marzo de 2026, escriba 2026-03-14."
    )
    assert english["date"] == (
        "We cannot read the date “14/3/2026”: we read dates month first, like 3/14/2026. "
        "If you mean 14 March 2026, write 2026-03-14."
    )


def test_a_spanish_reader_imports_day_first_and_is_told_how_a_two_way_date_was_read(client):
    me = applicant(preferred_language="es")
    client.force_login(me)
    upload = client.get(reverse("reflective_supervision:import")).content.decode()
    client.post(
        reverse("reflective_supervision:import"),
        {"file": SimpleUploadedFile("rsc.csv", CSV.encode(), "text/csv")},
    )
    staged = StagedImport.objects.get()

    preview = client.get(
        reverse("reflective_supervision:import_preview", args=[staged.pk])
    ).content.decode()
    client.post(
        reverse("reflective_supervision:import_save", args=[staged.pk]),
        {"date_order": "day_first"},
    )

    assert "Fechas como 2026-03-14 o 14/3/2026 (14 de marzo de 2026)" in upload
    assert "Revise las fechas que se pueden leer de dos maneras" in preview
    assert "leída como 3 de febrero de 2026" in preview
    assert "leída como 14 de marzo de 2026" not in preview  # 14/3 reads one way only
    assert 'name="date_order" value="day_first"' in preview
    assert sorted(me.rsc_sessions.values_list("date", flat=True)) == [
        dt.date(2026, 2, 3),
        dt.date(2026, 3, 14),
    ]


def test_an_english_reader_is_told_which_date_reads_only_day_first(client):
    client.force_login(applicant(preferred_language="en"))
    client.post(
        reverse("reflective_supervision:import"),
        {"file": SimpleUploadedFile("rsc.csv", CSV.encode(), "text/csv")},
    )
    staged = StagedImport.objects.get()

    preview = client.get(
        reverse("reflective_supervision:import_preview", args=[staged.pk])
    ).content.decode()

    assert "1 row has a problem" in preview
    assert "If you mean 14 March 2026, write 2026-03-14." in preview
    assert "read as 2 March 2026" in preview
    assert "We read the month first, like 3/14/2026" in preview


def test_the_import_saves_the_dates_in_the_order_the_preview_showed(client):
    # The preview was read day first (in Spanish); the person switched to English before
    # importing: the dates they checked are the ones saved.
    me = applicant(preferred_language="en")
    client.force_login(me)
    staged = StagedImport.objects.create(
        supervisee=me,
        filename="rsc.csv",
        rows=[{"line": 2, "values": {**ROW, "date": "3/2/2026"}}],
    )

    client.post(
        reverse("reflective_supervision:import_save", args=[staged.pk]),
        {"date_order": "day_first"},
    )

    assert list(SupervisionSession.objects.values_list("date", flat=True)) == [dt.date(2026, 2, 3)]
