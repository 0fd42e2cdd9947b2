"""The certificate of attendance in Spanish, checked as the endorsement certificate is
(core/tests/test_spanish_pdf.py): rendered for the same attendee in English and in Spanish, a
line of prose the same in both is English left on the Spanish certificate."""

import io

import pytest
from pypdf import PdfReader

from accounts.tests.factories import applicant
from core.tests import spanish

from ..models import Attendance, AttendanceSource
from ..services.certificates import certificate_pdf_bytes
from .factories import catalog_training

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_spanish_attendance_certificate_has_no_english_sentence():
    person = applicant(given_name="Lucía", family_name="Hernández")
    attendance = Attendance.objects.create(
        training=catalog_training(), person=person, minutes=450, source=AttendanceSource.ROSTER
    )

    texts = {}
    for language in ("en", "es"):
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
        texts[language] = pdf_text(certificate_pdf_bytes(attendance))

    assert "Lucía Hernández" in texts["es"] and "Caring, Coping and Competence" in texts["es"]
    assert "7,5 horas" in texts["es"]
    left = spanish.untranslated_text(texts["en"], texts["es"], spanish.database_data())
    assert not left, "English on the Spanish certificate:\n" + "\n".join(left)
