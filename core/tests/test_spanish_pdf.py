"""The certificate in Spanish (issue 16): a Spanish reader's certificate has no line of the
English one that is prose (names, codes, numbers and the association's name are data).

The holder's language is set both ways the portal may choose it (the account's choice and
the active language), so the test holds whichever the certificate follows.
"""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core.tests import spanish
from endorsements.credentials.services import certificates
from endorsements.credentials.tests.factories import endorsement

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _certificate(credential, language) -> str:
    holder = credential.holder
    holder.preferred_language = language
    holder.save(update_fields=["preferred_language"])
    with translation.override(language):
        return pdf_text(certificates.certificate_pdf_bytes(credential, language=language))


def test_the_spanish_certificate_has_no_english_sentence():
    credential = endorsement(printed_name="Lucía Hernández")
    data = spanish.database_data()

    english = _certificate(credential, "en")
    spanish_text = _certificate(credential, "es")

    assert "Lucía Hernández" in spanish_text and credential.number in spanish_text
    left = spanish.untranslated_text(english, spanish_text, data)
    assert not left, "English on the Spanish certificate:\n" + "\n".join(left)


def test_the_holder_downloads_a_spanish_certificate(client):
    credential = endorsement(printed_name="Lucía Hernández")
    holder = credential.holder
    english = _certificate(credential, "en")
    holder.preferred_language = "es"
    holder.save(update_fields=["preferred_language"])
    certificates.certificate_render(endorsement=credential)  # the English one, as on endorsing
    # What the worker does when the holder first asks for the Spanish one.
    certificates.certificate_rendition_render(endorsement=credential, language="es")
    client.force_login(holder)

    response = client.get(
        reverse("credentials:certificate_download", args=[credential.pk]),
        HTTP_ACCEPT_LANGUAGE="es",
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    left = spanish.untranslated_text(english, text, spanish.database_data())
    assert not left, "English on the downloaded certificate:\n" + "\n".join(left)
