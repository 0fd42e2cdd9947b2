"""The certificate in English or Spanish, and holders' pages and emails in Spanish."""

import io
import re
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.tests.factories import coordinator
from endorsements.models import EndorsementStatus
from endorsements.services.transitions import endorsement_transition
from messaging.services.queue import render_email

from ..models import CertificateRendition
from ..services import certificates
from .factories import endorsement, evidence_for_renewal, submission

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _english_after():
    translation.activate("en")
    yield
    # A request in Spanish leaves Spanish active in this thread: other tests expect English.
    translation.activate("en")


def main(response) -> str:
    """The page's own part (the header and footer belong to core)."""
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def absent(text: str, *english: str) -> None:
    left = [phrase for phrase in english if phrase in text]
    assert not left, left


def spanish(user):
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    return user


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


# --- Holders' and coordinators' renewal pages -------------------------------------------------
# (The checklist's sentences come from the rules engine, converted by another room: the
# assertions here leave them out.)


def test_renew_page_in_spanish(client):
    with time_machine.travel(NOW, tick=False):
        e = endorsement()
        evidence_for_renewal(user=e.holder, hours="6")
        client.force_login(spanish(e.holder))
        text = main(client.get(reverse("credentials:renew", args=[e.pk])))

    assert "Renovar su acreditación de" in text
    assert "del 1 de enero de 2026 al 31 de diciembre de 2026" in text
    assert "se aceptan renovaciones tardías hasta el 30 de enero de 2027" in text
    assert "Enviar la renovación" in text and "Añadir una capacitación" in text
    assert "¿Ofrece usted supervisión/consulta reflexiva (SCR) a otras personas?" in text
    absent(
        text,
        "Renew your",
        "Renewal cycle",
        "January",
        "Submit renewal",
        "Add training",
        "Do you provide",
        "Back to my endorsements",
    )


def test_renew_errors_in_spanish(client):
    with time_machine.travel(NOW, tick=False):
        e = endorsement()
        client.force_login(spanish(e.holder))
        response = client.post(
            reverse("credentials:renew", args=[e.pk]), {"ethics": "on", "note": "Texto"}
        )

    text = main(response)
    # (The summary's heading is a shared include, converted by another room.)
    assert (
        "Marque la casilla para confirmar que ninguna junta de licencias le ha sancionado" in text
    )
    assert "Texto" in text
    absent(text, "Tick the box", "This field is required")


def test_renewal_detail_in_spanish(client):
    with time_machine.travel(NOW, tick=False):
        e = endorsement(printed_name="Ada Lovelace")
        s = submission(endorsement=e)
        client.force_login(spanish(coordinator()))
        text = main(client.get(reverse("credentials:renewal_detail", args=[s.pk])))

    assert "Renovación de Ada Lovelace" in text and "Esperando a un coordinador" in text
    assert "del 1 de enero de 2026 al 31 de diciembre de 2026" in text
    assert "Aprobar la renovación" in text and "Rechazar la renovación" in text
    assert "El titular lee esto en un correo electrónico." in text
    absent(text, "Renewal of", "Approve renewal", "Decline renewal", "Waiting for", "Submitted")


def test_reinstate_page_in_spanish(client):
    with time_machine.travel(NOW, tick=False):
        e = endorsement(issued_on=date(2024, 3, 1))
        e = endorsement_transition(
            endorsement=e, to=EndorsementStatus.LAPSED, effective_on=date(2026, 10, 1)
        )
        client.force_login(spanish(e.holder))
        text = main(client.get(reverse("credentials:reinstate", args=[e.pk])))

    assert "Restablecer su acreditación de" in text
    assert "Venció el 1 de octubre de 2026." in text
    assert "Puede pedir que se restablezca hasta el 1 de octubre de 2027" in text
    assert "Sin cuota." in text and "No hace falta ninguna." in text
    absent(text, "Reinstate your", "Lapsed on", "No fee", "None needed", "Back to my")


def test_archive_page_in_spanish(client):
    e = endorsement()
    client.force_login(spanish(e.holder))
    text = main(client.get(reverse("credentials:archive", args=[e.pk])))

    assert "Archivar su acreditación de" in text and "Archivar IFA" in text
    assert "ya no aparece en el registro público" in text
    absent(text, "Archive your", "Archive IFA", "public registry", "Keep it")


# --- Emails -----------------------------------------------------------------------------------

ENGLISH_IN_EMAILS = (
    "Hello",
    "You are getting this email",
    " your ",
    "Your ",
    " endorsement",
    "certificate",
    "renewal",
    " the ",
    "January",
    "December",
)


def _email_context(e):
    holder = e.holder
    return {
        "endorsement": e,
        "holder": holder,
        "category": e.category,
        "request": SimpleNamespace(decision_reason="Motivo escrito en español."),
        "reinstatement": True,
        "valid_through": date(2027, 12, 31),
        "deadline": date(2026, 12, 31),
        "due_on": date(2026, 12, 1),
        "grace_ends": date(2027, 1, 30),
        "days": 30,
        "gaps": [],
        "note": "Nota escrita en español.",
        "reason": "Motivo escrito en español.",
        "link": "http://testserver/my/endorsements/",
    }


@pytest.mark.parametrize(
    "template, phrase",
    [
        ("credentials_certificate_ready", "está listo"),
        ("credentials_lapsed", "31 de diciembre de 2026"),
        ("credentials_renewal_approved", "31 de diciembre de 2027"),
        ("credentials_renewal_audit", "1 de diciembre de 2026"),
        ("credentials_renewal_declined", "Nota escrita en español."),
        ("credentials_renewal_reminder", "31 de diciembre de 2026"),
        ("credentials_request_approved", "31 de diciembre de 2026"),
        ("credentials_request_declined", "Motivo escrito en español."),
        ("credentials_revoked", "Motivo escrito en español."),
        ("credentials_suspended", "Motivo escrito en español."),
        ("credentials_suspension_lifted", "Motivo escrito en español."),
    ],
)
def test_credential_emails_in_spanish(template, phrase):
    e = endorsement(issued_on=date(2025, 3, 1))

    subject, text, html = render_email(template, _email_context(e), language="es")

    assert "Hola" in text and "Hola" in html
    assert "Recibe este correo electrónico" in text + html
    assert phrase in text and phrase in html
    # Names stay as they are: take out the category's, the holder's and the association's.
    names = (e.category.name, e.holder.given_name, e.printed_name, "Association for Infant")
    # The HTML footer belongs to the shared emails/base_body.html (converted by another room).
    html = re.sub(r"Sent by the \S+ Endorsement Registry", "", html)
    for part in (subject, text, html):
        for name in names:
            part = part.replace(name, "")
        absent(part, *ENGLISH_IN_EMAILS)


@pytest.mark.parametrize(
    "reason, spanish_text",
    [
        ("closed", "Ya pasaron la fecha límite y el periodo de gracia de esta renovación."),
        ("waiting", "Usted ya envió la renovación de este ciclo."),
        ("not_renewable", "Solo"),
    ],
)
def test_renewal_refusals_in_spanish(reason, spanish_text):
    from ..services.renewals import _offer_refusal

    with translation.override("es"):
        text = _offer_refusal(SimpleNamespace(reason=reason, opens_on=None))

    assert text.startswith(spanish_text)


def test_suspend_page_in_spanish(client):
    e = endorsement(printed_name="Ada Lovelace")
    client.force_login(spanish(coordinator()))

    text = main(client.get(reverse("credentials:credential_suspend", args=[e.pk])))

    assert "Suspender una acreditación" in text and "Cancelar" in text
    assert "Mientras está suspendida, la acreditación no aparece en el registro" in text
    absent(text, "Suspend an endorsement", "While suspended", "Cancel<", ": active.")
