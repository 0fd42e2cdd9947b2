"""RSC in Spanish: the supervisee's pages, the provider's language, the import, the emails."""

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import applicant
from messaging.models import Message
from reflective_supervision import services
from reflective_supervision.imports import header_map, read_csv, row_clean
from reflective_supervision.models import AttestationRequest, StagedImport, SupervisionSession
from reflective_supervision.tests.factories import (
    AttestationRequestFactory,
    ProviderFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)

# Words that give English away in what a person reads (names and emails aside).
ENGLISH = re.compile(
    r"\b(the|and|your|you|session|sessions|hours?|add|delete|change|provider|confirm|"
    r"date|status|with|back|save|import|check|none|enter|choose|this|email|link|"
    r"unconfirmed|confirmed|disputed|peer|length|focus|row|rows)\b",
    re.IGNORECASE,
)
# Shared pieces written by other rooms (core's form helpers), translated there.
OTHER_ROOMS = ("There is a problem", "(optional)")


def readable(response_or_text) -> str:
    """The text a person reads inside <main> (or the whole text), attributes people hear too."""
    text = getattr(response_or_text, "content", response_or_text)
    text = text.decode() if isinstance(text, bytes) else text
    if "<main" in text:
        text = text.split("<main", 1)[1].split("</main>", 1)[0]
    spoken = re.findall(r'(?:aria-label|title|placeholder|alt|data-confirm)="([^"]*)"', text)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(" ".join([text, *spoken]))
    for piece in OTHER_ROOMS:
        text = text.replace(piece, " ")
    return " ".join(text.split())


def english_left(text: str, *, names=()) -> list[str]:
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    return ENGLISH.findall(text)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def alma():
    return applicant(given_name="Alma", family_name="Reyes", preferred_language="es")


@pytest.fixture
def mina(alma):
    return ProviderFactory(name="Mina Patel", email="mina@example.org", supervisees=[alma])


def _ask(client, person, provider, capture, **data):
    client.force_login(person)
    with capture(execute=True):
        response = client.post(
            reverse("reflective_supervision:ask", args=[provider.pk]), data, follow=True
        )
    client.logout()
    return response


def _link(message) -> str:
    return re.search(r"http://testserver(/rsc/confirm/\S+/)", message.body).group(1)


# --- The supervisee chooses the language of the provider's request -----------------------


def test_the_request_is_written_in_the_language_the_applicant_chose(
    client, alma, mina, django_capture_on_commit_callbacks
):
    SessionFactory(supervisee=alma, provider=mina, date=dt.date(2026, 1, 7))
    alma.preferred_language = "en"
    alma.save(update_fields=["preferred_language"])

    _ask(client, alma, mina, django_capture_on_commit_callbacks, language="es")

    request = AttestationRequest.objects.get()
    assert request.language == "es"
    assert Message.objects.get(kind="rsc_attestation_request").language == "es"
    email = mail.outbox[0]
    assert email.subject == "Por favor, confirme 1 sesión de supervisión reflexiva con Alma Reyes"
    assert "Hola, Mina Patel:" in email.body
    assert "No necesita una cuenta. El enlace funciona hasta el 1 de mayo de 2026" in email.body
    assert "Please confirm" not in email.body
    html_part = email.alternatives[0][0]
    assert "Confirmar u objetar las sesiones" in html_part
    # The body is ours; the footer below the rule is the shared email layout's.
    body = readable(html_part.split("<hr", 1)[0].split("</title>", 1)[1])
    assert not english_left(body, names=("Mina Patel", "Alma Reyes", settings.ASSOCIATION_NAME))


def test_without_a_choice_the_request_is_in_the_applicants_own_language(
    client, alma, mina, django_capture_on_commit_callbacks
):
    SessionFactory(supervisee=alma, provider=mina)

    response = _ask(client, alma, mina, django_capture_on_commit_callbacks)

    assert AttestationRequest.objects.get().language == "es"
    assert "Enviamos a Mina Patel un enlace para confirmar 1 sesión." in response.content.decode()


def test_an_english_speaking_applicant_asks_in_english_by_default(
    client, mina, django_capture_on_commit_callbacks
):
    bea = applicant(given_name="Bea", family_name="Stone")
    mina.supervisees.add(bea)
    SessionFactory(supervisee=bea, provider=mina)

    _ask(client, bea, mina, django_capture_on_commit_callbacks)

    assert AttestationRequest.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("Please confirm 1 reflective supervision session")


def test_an_unknown_language_falls_back_to_the_applicants_own(
    client, alma, mina, django_capture_on_commit_callbacks
):
    SessionFactory(supervisee=alma, provider=mina)

    _ask(client, alma, mina, django_capture_on_commit_callbacks, language="xx")

    assert AttestationRequest.objects.get().language == "es"


def test_the_log_offers_the_language_choice_with_the_page_language_chosen(client, alma, mina):
    SessionFactory(supervisee=alma, provider=mina)
    client.force_login(alma)

    page = client.get(reverse("reflective_supervision:log")).content.decode()

    assert '<label class="form-label small mb-0" for="ask-language-' in page
    assert "Idioma del correo electrónico para Mina Patel" in page
    assert re.search(r'<option value="es" selected lang="es">Español</option>', page)
    assert '<option value="en" lang="en">English</option>' in page


def test_reminders_and_new_links_keep_the_requests_language(
    alma, mina, django_capture_on_commit_callbacks
):
    request = AttestationRequestFactory(provider=mina, supervisee=alma, language="es")
    request.sessions.add(SessionFactory(supervisee=alma, provider=mina))
    request.created_at = NOW - dt.timedelta(days=8)
    request.save(update_fields=["created_at"])

    with django_capture_on_commit_callbacks(execute=True):
        services.attestation_reminders_send()
        services.attestation_request_resend(request=request)

    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Recordatorio: por favor, confirme 1 sesión de supervisión reflexiva con Alma Reyes",
        "Por favor, confirme 1 sesión de supervisión reflexiva con Alma Reyes",
    ]
    assert "Esto es un recordatorio: todavía no hemos recibido su respuesta." in mail.outbox[0].body


# --- The provider's pages ---------------------------------------------------------------


@pytest.fixture
def spanish_request(alma, mina, django_capture_on_commit_callbacks, client):
    for day in (7, 14):
        SessionFactory(
            supervisee=alma,
            provider=mina,
            date=dt.date(2026, 1, day),
            duration_minutes=90,
            format=SupervisionSession.Format.GROUP,
            group_size=4,
        )
    _ask(client, alma, mina, django_capture_on_commit_callbacks, language="es")
    return AttestationRequest.objects.get(), _link(mail.outbox[0])


def test_the_providers_page_is_in_the_requests_language(client, spanish_request):
    _, link = spanish_request

    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in page
    assert "Confirme las sesiones de SCR que Alma Reyes anotó con usted" in page
    assert "7 de enero de 2026: 1 h 30 min" in page
    assert "En grupo (4 personas), virtual." in page
    assert "Su respuesta sobre la sesión del 7 de enero de 2026" in page
    assert not english_left(readable(response), names=("Mina Patel", "Alma Reyes"))


def test_the_visitors_own_choice_in_the_header_wins(client, spanish_request):
    _, link = spanish_request
    client.cookies["portal_language"] = "en"

    response = client.get(link)

    assert response["Content-Language"] == "en"
    assert "Confirm the RSC sessions Alma Reyes logged with you" in response.content.decode()


def test_the_providers_errors_and_thanks_are_in_the_requests_language(
    client, spanish_request, django_capture_on_commit_callbacks
):
    request, link = spanish_request
    first, second = request.sessions.order_by("date")

    invalid = client.post(link, {f"answer_{first.pk}": "disputed"})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            link,
            {
                f"answer_{first.pk}": "confirmed",
                f"answer_{second.pk}": "disputed",
                f"comment_{second.pk}": "No nos vimos.",
            },
        )

    page = invalid.content.decode()
    assert "Diga qué está mal en la sesión del 7 de enero de 2026." in page
    assert "Indique si confirma u objeta la sesión del 14 de enero de 2026." in page
    assert "Gracias, sus respuestas quedaron registradas" in done.content.decode()
    assert not english_left(readable(done), names=("Mina Patel", "Alma Reyes"))
    # The supervisee's email is in the supervisee's own language.
    answered = mail.outbox[-1]
    assert answered.subject == "Mina Patel respondió sobre sus sesiones de supervisión reflexiva"
    assert "1 confirmadas, 1 objetadas" in answered.body


def test_an_expired_or_answered_link_says_so_in_the_requests_language(client, alma, mina):
    expired = AttestationRequestFactory(
        provider=mina, supervisee=alma, language="es", expires_at=NOW - dt.timedelta(days=1)
    )
    answered = AttestationRequestFactory(
        provider=mina, supervisee=alma, language="es", completed_at=NOW - dt.timedelta(days=2)
    )

    gone = client.get(reverse("reflective_supervision:attest", args=[_token(expired)]))
    used = client.get(reverse("reflective_supervision:attest", args=[_token(answered)]))
    broken = client.get(
        reverse("reflective_supervision:attest", args=["nope"]), HTTP_ACCEPT_LANGUAGE="es"
    )

    assert gone.status_code == 410
    assert "terminó el 31 de marzo de 2026" in gone.content.decode()
    assert used.status_code == 409
    assert "se enviaron el 30 de marzo de 2026" in used.content.decode()
    assert "Este enlace no funciona" in broken.content.decode()
    for response in (gone, used, broken):
        assert not english_left(readable(response), names=("Mina Patel", "Alma"))


def _token(request):
    from reflective_supervision.services.attestation import attestation_token

    return attestation_token(request=request)


# --- The supervisee's pages in Spanish ---------------------------------------------------


def test_the_log_in_spanish_has_no_english_left(client, alma, mina):
    SessionFactory(supervisee=alma, provider=mina, duration_minutes=90, date=dt.date(2026, 2, 3))
    SessionFactory(
        supervisee=alma,
        provider=None,
        peer=True,
        duration_minutes=60,
        status=SupervisionSession.Status.CONFIRMED,
        age_band="",
    )
    client.force_login(alma)

    response = client.get(reverse("reflective_supervision:log"))

    text = readable(response)
    assert "Registro de supervisión/consulta reflexiva (SCR)" in text
    assert "Totales: 2,5 horas en 2 sesiones" in text
    assert "3 de febrero de 2026" in text
    assert "1 h 30 min" in text
    assert "Pedir a Mina Patel que confirme 1 sesión" in text
    assert not english_left(text, names=("Mina Patel",))


def test_the_empty_log_in_spanish(client, alma):
    client.force_login(alma)

    text = readable(client.get(reverse("reflective_supervision:log")))

    assert "Todavía no ha anotado ninguna SCR" in text
    assert not english_left(text)


def test_the_session_form_with_errors_in_spanish(client, alma, mina):
    client.force_login(alma)

    response = client.post(
        reverse("reflective_supervision:add"),
        {"date": "2026-05-01", "hours": "0", "minutes": "0", "format": "group"},
    )

    text = readable(response)
    assert "La fecha es futura. Anote las sesiones después de que ocurran." in text
    assert "Escriba cuántas personas había en el grupo." in text
    assert "Elija quién brindó la SCR." in text
    assert not english_left(text, names=("Mina Patel",))


def test_session_messages_use_the_spanish_date(client, alma, mina):
    client.force_login(alma)
    data = {
        "date": "2026-03-02",
        "hours": "1",
        "minutes": "0",
        "format": "individual",
        "modality": "virtual",
        "focus": "own_work",
        "age_band": "infant",
        "provider": str(mina.pk),
    }

    response = client.post(reverse("reflective_supervision:add"), data, follow=True)

    assert "Se añadió a su registro la sesión del 2 de marzo de 2026." in response.content.decode()


def test_quick_entry_preview_and_delete_page_in_spanish(client, alma, mina):
    client.force_login(alma)
    session = SessionFactory(supervisee=alma, provider=mina, date=dt.date(2026, 3, 2))

    preview = client.post(
        reverse("reflective_supervision:quick"),
        {
            "provider": str(mina.pk),
            "start": "2026-01-05",
            "every_weeks": "2",
            "count": "3",
            "hours": "1",
            "minutes": "30",
            "format": "individual",
            "modality": "in_person",
            "focus": "own_work",
            "age_band": "both",
        },
    )
    delete = client.get(reverse("reflective_supervision:delete", args=[session.pk]))

    text = readable(preview)
    assert "Revise las 3 sesiones antes de guardar" in text
    assert "Cada sesión: 1 h 30 min, individual, presencial" in text
    assert "2 de febrero de 2026" in text
    assert not english_left(text, names=("Mina Patel",))
    assert "¿Eliminar la sesión del 2 de marzo de 2026?" in readable(delete)
    assert not english_left(readable(delete), names=("Mina Patel",))


# --- The CSV import with Spanish headers -------------------------------------------------

SPANISH_CSV = (
    "Fecha,Duración,Minutos,Formato,Tamaño del grupo,Modalidad,Enfoque,Edades,"
    "Proveedor,Correo del proveedor\n"
    "2026-01-07,1.5,,Individual,,Presencial,trabajo propio,bebés,Mina Patel,mina@example.org\n"
    "14/1/2026,,60,grupal,5,En línea,SCR brindada,ambas,Mina Patel,mina@example.org\n"
    "mañana,,,reunión,,,,,,correo-malo\n"
)


def test_spanish_headers_are_recognised_without_accents_or_case():
    columns = header_map(
        [
            "FECHA",
            "duracion",
            "Minutos",
            "formato",
            "Tamaño del grupo",
            "MODALIDAD",
            "Enfoque",
            "Edades",
            "Proveedor",
            "Correo del proveedor",
        ]
    )

    assert list(columns.values()) == [
        "date",
        "hours",
        "minutes",
        "format",
        "group_size",
        "modality",
        "focus",
        "ages",
        "provider_name",
        "provider_email",
    ]


def test_spanish_words_in_the_rows_are_read():
    rows = read_csv(SPANISH_CSV.encode())

    with translation.override("es"):  # a Spanish reader writes the day first: 14/1/2026
        first, _ = row_clean(rows[0]["values"], today=dt.date(2026, 4, 1))
        second, errors = row_clean(rows[1]["values"], today=dt.date(2026, 4, 1))

    assert (first["duration_minutes"], first["modality"], first["age_band"]) == (
        90,
        "in_person",
        "infant",
    )
    assert errors == {}
    assert (second["format"], second["group_size"], second["focus"]) == ("group", 5, "rsc_provided")


def test_row_problems_are_written_in_the_page_language():
    values = read_csv(SPANISH_CSV.encode())[2]["values"]

    with translation.override("es"):
        _, spanish = row_clean(values, today=dt.date(2026, 4, 1))
    with translation.override("en"):
        _, english = row_clean(values, today=dt.date(2026, 4, 1))

    assert spanish["date"] == (
        "No podemos leer la fecha “mañana”. Escríbala como 2026-03-14 o 14/3/2026."
    )
    assert (
        spanish["format"]
        == "“reunión” no es un formato que conozcamos. Escriba individual o grupal."
    )
    assert spanish["provider_email"].startswith("“correo-malo” no es una dirección de correo")
    assert english["date"].startswith("We cannot read the date “mañana”.")


def test_the_import_preview_of_a_spanish_file_is_in_spanish(client, alma):
    client.force_login(alma)
    upload = SimpleUploadedFile("mi scr.csv", SPANISH_CSV.encode(), "text/csv")

    response = client.post(reverse("reflective_supervision:import"), {"file": upload}, follow=True)

    staged = StagedImport.objects.get()
    assert len(staged.rows) == 3
    text = readable(response)
    assert "Revise las sesiones de mi scr.csv" in text
    assert "1 fila tiene un problema" in text
    assert "Fecha: No podemos leer la fecha “mañana”." in text
    assert "Importar 3 sesiones" not in text  # nothing to import while a row has a problem
    assert not english_left(text, names=("Mina Patel", "mi scr.csv"))


def test_the_upload_page_and_its_file_errors_are_in_spanish(client, alma):
    client.force_login(alma)

    page = client.get(reverse("reflective_supervision:import"))
    refused = client.post(
        reverse("reflective_supervision:import"),
        {"file": SimpleUploadedFile("x.csv", b"nombre,apellido\nA,B\n", "text/csv")},
    )

    assert "Importar sesiones desde una hoja de cálculo" in readable(page)
    assert not english_left(readable(page))
    assert "La primera fila debe nombrar las columnas" in readable(refused)


# --- The filters of rsc.py ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_duration_reads_the_same_in_both_languages(language):
    template = Template("{% load rsc %}{{ a|duration }}|{{ b|duration }}|{{ c|duration }}")
    with translation.override(language):
        text = template.render(Context({"a": 90, "b": 120, "c": 45}))
    assert text == "1 h 30 min|2 h|45 min"


@pytest.mark.parametrize(("language", "expected"), [("en", "1.5|12"), ("es", "1,5|12")])
def test_the_hours_figure_uses_the_languages_decimal_separator(language, expected):
    from decimal import Decimal

    template = Template("{% load rsc %}{{ a|hours }}|{{ b|hours }}")
    with translation.override(language):
        text = template.render(Context({"a": Decimal("1.50"), "b": Decimal("12.00")}))
    assert text == expected
