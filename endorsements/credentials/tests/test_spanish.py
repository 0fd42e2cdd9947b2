"""The certificate in English or Spanish, and holders' pages and emails in Spanish."""

import io
from datetime import date

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from pypdf import PdfReader

from ..models import CertificateRendition
from ..services import certificates
from .factories import endorsement

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def _download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_certificate_in_spanish_is_rendered_on_first_request_and_stored(client):
    e = endorsement(issued_on=date(2025, 3, 1))
    certificates.certificate_render(endorsement=e)
    e.holder.preferred_language = "es"
    e.holder.save(update_fields=["preferred_language"])
    client.force_login(e.holder)
    url = reverse("credentials:certificate_download", args=[e.pk])

    first = client.get(url)  # eager worker: rendered while asking, then served on reload

    rendition = CertificateRendition.objects.get(endorsement=e, language="es")
    assert rendition.file == f"certificates/endorsement-{e.pk}-es.pdf"
    assert first.status_code == 200  # the pending page, in Spanish
    second = client.get(url)
    text = _pdf_text(_download(second))
    assert "certifica que" in text and "Válida hasta" in text
    assert "1 de marzo de 2025" in text
    assert "certifies that" not in text and "Valid through" not in text
    # Asking again renders nothing: the stored file is current.
    assert certificates.certificate_rendition_render(endorsement=e, language="es") is False


def test_certificate_in_english_on_request_for_a_spanish_speaking_holder(client):
    e = endorsement()
    certificates.certificate_render(endorsement=e)
    e.holder.preferred_language = "es"
    e.holder.save(update_fields=["preferred_language"])
    client.force_login(e.holder)

    response = client.get(reverse("credentials:certificate_download", args=[e.pk]) + "?language=en")

    assert "certifies that" in _pdf_text(_download(response))
    assert not CertificateRendition.objects.exists()


def test_spanish_certificate_is_rendered_again_after_a_change():
    e = endorsement()
    certificates.certificate_render(endorsement=e)
    assert certificates.certificate_rendition_render(endorsement=e, language="es") is True
    e.refresh_from_db()
    e.printed_name = "Nombre Nuevo"
    e.save()

    assert certificates.certificate_file_for(e, "es") == ""
    assert certificates.certificate_rendition_render(endorsement=e, language="es") is True
    with storages["private"].open(certificates.certificate_file_for(e, "es"), "rb") as handle:
        assert "Nombre Nuevo" in _pdf_text(handle.read())


def test_my_endorsements_in_spanish(client):
    e = endorsement()
    certificates.certificate_render(endorsement=e)
    e.holder.preferred_language = "es"
    e.holder.save(update_fields=["preferred_language"])
    client.force_login(e.holder)

    html = client.get(reverse("credentials:my_endorsements"), HTTP_ACCEPT_LANGUAGE="es").content
    text = html.decode().split("<main", 1)[1].split("</main>", 1)[0]  # the header is core's

    assert "Mis acreditaciones" in text and "Descargar en español" in text
    assert "Válida hasta" in text
    for english in ("My endorsements", "Valid through", "Download the certificate"):
        assert english not in text


def test_verify_page_in_spanish(client):
    e = endorsement()

    text = client.get(
        reverse("credentials:verify", args=[e.verification_code]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    missing = client.get(
        reverse("credentials:verify", args=["nope"]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()

    assert "Esta acreditación está vigente." in text and "Activa" in text
    assert "This endorsement is current" not in text and "Valid through" not in text
    assert "No se encontró la acreditación" in missing
