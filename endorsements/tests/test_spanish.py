"""The applicant's application and reference pages, the rater's form and their emails in
Spanish, and the language the applicant chooses for each rater's invitation."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.transitions import HistoryAudience
from endorsements.history import history_sentence
from endorsements.models import ApplicationEvent, ApplicationStatus, RatingItem, ReferenceRequest
from endorsements.services import references as services
from endorsements.services.applications import application_submitted_email_send
from endorsements.services.references import reference_link
from endorsements.tests.factories import (
    ApplicationFactory,
    ReferenceRequestFactory,
    completed_reference,
    ready_application,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/reference/[^\s\"<]+/)")


def spanish_applicant_application(**kwargs):
    application = ApplicationFactory(**kwargs)
    application.applicant.preferred_language = "es"
    application.applicant.save(update_fields=["preferred_language"])
    return application


def page(client, name, *args, **extra) -> str:
    response = client.get(reverse(name, args=args), **extra)
    assert response.status_code == 200
    return response.content.decode()


def assert_none_of(text: str, phrases) -> None:
    left = [phrase for phrase in phrases if phrase in text]
    assert not left, f"English left on a Spanish page: {left}"


def rater_path(reference) -> str:
    return reference_link(reference=reference).removeprefix("http://testserver")


# --- The applicant's pages -----------------------------------------------------------------------


def test_application_start_page_is_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:application_start")

    assert '<html lang="es">' in html
    assert "Elija la categoría de acreditación que corresponde a su trabajo." in html
    assert "Ya tiene una solicitud para IFA (borrador)." in html
    assert "Volver a mis solicitudes" in html
    assert_none_of(
        html,
        [
            "Start an application",
            "Choose the endorsement category",
            "You already have an application",
            "Scope of practice",
            "Apply for ",
            "Back to my applications",
        ],
    )


def test_application_list_says_the_next_step_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:application_list")

    assert "Mis solicitudes" in html
    assert "Complete la lista de requisitos y luego envíe la solicitud." in html
    assert "Borrador" in html
    # (The header's menu is another room's: only this page's own words are checked.)
    assert_none_of(html, ["Each application is for", "Complete the checklist", "Draft<"])


def test_application_detail_page_is_in_spanish_with_spanish_dates(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:application_detail", application.pk)

    assert "IFA" in html and ": su solicitud" in html
    assert "Lo que necesita su solicitud" in html
    assert "Revisado hoy, " in html and " de 20" in html  # "1 de diciembre de 2026"
    assert "Evaluadores de referencia</a>: 0 invitados." in html
    assert "todavía sin firmar." in html
    assert "solicitud iniciada." in html
    assert "Retirar esta solicitud" in html
    assert_none_of(
        html,
        [
            "your application",
            "What your application needs",
            "Checked today",
            "References and signature",
            "not signed yet",
            "application started",
            "Withdraw this application",
            "Back to my applications",
            "You can submit once",
        ],
    )


def test_submitted_application_page_reads_its_history_in_spanish(client):
    application = ready_application()
    application.applicant.preferred_language = "es"
    application.applicant.save(update_fields=["preferred_language"])
    client.force_login(application.applicant)
    client.post(reverse("endorsements:submit", args=[application.pk]))

    html = page(client, "endorsements:application_detail", application.pk)

    assert "Lo que envió" in html
    assert "Borrador → Enviada. Enviada por el/la solicitante." in html
    assert_none_of(html, ["What you submitted", "Submitted by the applicant", "Draft →"])


def test_the_submit_message_and_confirmation_email_are_in_spanish(
    client, django_capture_on_commit_callbacks
):
    application = ready_application()
    application.applicant.preferred_language = "es"
    application.applicant.save(update_fields=["preferred_language"])
    client.force_login(application.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("endorsements:submit", args=[application.pk]), follow=True)

    html = response.content.decode()
    assert "Su solicitud IFA se envió. Le mandamos una confirmación" in html
    message = mail.outbox[-1]
    assert message.subject == "Su solicitud IFA se envió"
    assert "Hola, " in message.body
    assert "Gracias: su solicitud de la acreditación IFA" in message.body
    assert " de 20" in message.body  # the day in the Spanish date style
    assert "Recibe este correo electrónico porque envió una solicitud" in message.body
    html_part = message.alternatives[0][0]
    assert "Ver su solicitud" in html_part
    assert_none_of(
        message.body + html_part,
        ["Hello", "Thank you", "What happens next", "You are getting this email"],
    )


def test_the_confirmation_email_follows_the_applicants_account_language(
    django_capture_on_commit_callbacks,
):
    application = ready_application()
    application.applicant.preferred_language = "es"
    application.applicant.save(update_fields=["preferred_language"])
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        application_submitted_email_send(application_id=application.pk)

    assert mail.outbox[-1].subject == "Su solicitud IFA se envió"


def test_withdraw_page_and_form_are_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:withdraw", application.pk)

    assert "¿Retirar su solicitud IFA?" in html
    assert "¿Por qué retira su solicitud?" in html
    assert "Esto ayuda a la coordinación." in html
    assert "Conservar mi solicitud" in html
    assert_none_of(
        html,
        ["Withdraw your", "Why are you withdrawing", "This helps the coordinator", "Keep my"],
    )


def test_withdraw_in_spanish_says_so_and_the_history_reads_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    response = client.post(
        reverse("endorsements:withdraw", args=[application.pk]),
        {"reason": "Me mudo de estado."},
        follow=True,
    )

    html = response.content.decode()
    assert "Su solicitud IFA se retiró." in html
    assert "Borrador → Retirada. Retirada por el/la solicitante." in html
    assert "Me mudo de estado." in html  # what the person typed, as typed


def test_attestation_page_and_its_errors_are_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:attestation", application.pk)
    assert "Todo profesional acreditado acepta el Código de Ética" in html
    assert "Escriba su nombre completo para firmar" in html
    assert "Su nombre legal, como aparece en su cuenta:" in html
    assert "Firmar el Código de Ética" in html and "Ahora no" in html
    assert_none_of(
        html,
        ["Every endorsed professional", "Type your full name", "Your legal name", "Not now"],
    )

    response = client.post(
        reverse("endorsements:attestation", args=[application.pk]), {"typed_name": "Nadie"}
    )
    errors = response.content.decode()
    assert "Marque la casilla para confirmar que acepta el Código de Ética" in errors
    assert "Escriba su nombre exactamente como aparece en su cuenta" in errors
    assert_none_of(errors, ["Tick the box", "Type your name exactly"])


def test_signed_attestation_says_when_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)
    client.post(
        reverse("endorsements:attestation", args=[application.pk]),
        {"agree": "on", "typed_name": application.applicant.full_name},
    )

    html = page(client, "endorsements:attestation", application.pk)

    assert "Firmado.</strong> Usted firmó la versión 2026-01 como" in html


# --- References: the applicant's side -----------------------------------------------------------


def test_reference_list_is_in_spanish(client):
    application = spanish_applicant_application()
    ReferenceRequestFactory(application=application, rater_name="Rita Rater", language="es")
    completed_reference(application, rater_name="Carla Completa", not_enough_info=9)
    client.force_login(application.applicant)

    html = page(client, "endorsements:reference_list", application.pk)

    assert "Evaluadores de referencia para su solicitud IFA" in html
    assert "Invitación en español." in html
    assert "Un(a) colega u otro(a) supervisor(a)." in html
    assert "Esta evaluación no cuenta: tiene 9 respuestas" in html
    assert "Mostrar las respuestas de Carla Completa" in html
    assert "Enviar un enlace nuevo" in html
    assert_none_of(
        html,
        [
            "Reference raters",
            "completed rating",
            "Each rater gets an email",
            "A colleague or another supervisor",
            "This rating does not count",
            "Send a new link",
            "Correct the email address",
            "Waive access",
            "Remove ",
            "Back to your",
        ],
    )


def test_reference_add_page_is_in_spanish_and_offers_the_language(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:reference_add", application.pk)

    assert "Invitar a un evaluador o una evaluadora" in html
    assert "Idioma del correo electrónico y del formulario de evaluación" in html
    assert "Cómo conoce su trabajo el evaluador o la evaluadora" in html
    assert "Mi supervisor(a) actual o más reciente" in html
    # The applicant reads Spanish: the rater's invitation defaults to Spanish.
    assert re.search(r'value="es"[^>]*checked', html)
    assert not re.search(r'value="en"[^>]*checked', html)
    assert_none_of(
        html,
        [
            "Invite a rater",
            "Rater's full name",
            "How the rater knows your work",
            "My current or most recent supervisor",
            "Language of the email",
        ],
    )


def test_reference_add_defaults_to_english_for_an_english_reader(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    html = page(client, "endorsements:reference_add", application.pk)

    assert re.search(r'value="en"[^>]*checked', html)
    assert "Language of the email and the rating form" in html


def invite(client, application, capture, **data):
    fields = {
        "rater_name": "Rita Rater",
        "rater_email": "rita@example.org",
        "relationship": "colleague",
        **data,
    }
    with capture(execute=True):
        return client.post(
            reverse("endorsements:reference_add", args=[application.pk]), fields, follow=True
        )


def test_an_english_applicant_can_invite_a_rater_in_spanish(
    client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = invite(client, application, django_capture_on_commit_callbacks, language="es")

    reference = ReferenceRequest.objects.get(application=application)
    assert reference.language == "es"
    message = mail.outbox[-1]
    name = application.applicant.full_name
    assert message.subject == f"{name} le pide una evaluación de referencia (acreditación IFA)"
    assert "Hola, Rita Rater:" in message.body
    assert "le nombró a usted como alguien que conoce su trabajo" in message.body
    assert "El enlace funciona hasta el " in message.body and " de 20" in message.body
    assert_none_of(message.body, ["Hello", "is applying for", "You do not need an account"])
    # The applicant's own page stays in English.
    html = response.content.decode()
    assert "We emailed Rita Rater a link to rate your work." in html
    assert "Invited in Spanish." in html


def test_a_spanish_applicant_can_invite_a_rater_in_english(
    client, django_capture_on_commit_callbacks
):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    response = invite(client, application, django_capture_on_commit_callbacks, language="en")

    assert ReferenceRequest.objects.get(application=application).language == "en"
    message = mail.outbox[-1]
    assert message.subject.endswith("asks you for a reference rating (IFA endorsement)")
    assert "Hello Rita Rater," in message.body
    html = response.content.decode()
    assert "Le enviamos a Rita Rater un enlace para evaluar su trabajo." in html
    assert "Invitación en inglés." in html


def test_an_invite_without_a_language_uses_the_applicants_language(
    client, django_capture_on_commit_callbacks
):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    invite(client, application, django_capture_on_commit_callbacks)

    assert ReferenceRequest.objects.get(application=application).language == "es"


def test_invite_errors_are_in_spanish(client, django_capture_on_commit_callbacks):
    application = spanish_applicant_application()
    client.force_login(application.applicant)
    invite(client, application, django_capture_on_commit_callbacks, language="es")

    again = invite(
        client, application, django_capture_on_commit_callbacks, rater_email="RITA@example.org"
    )
    bad = invite(client, application, django_capture_on_commit_callbacks, rater_email="rita@")

    assert "Ya le pidió una evaluación a esta persona." in again.content.decode()
    assert "Escriba una dirección de correo electrónico" in bad.content.decode()
    assert ReferenceRequest.objects.count() == 1


def test_resend_and_reminders_keep_the_raters_language(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        reference = services.reference_invite(
            application=application,
            rater_name="Rita Rater",
            rater_email="rita@example.org",
            relationship="colleague",
            language="es",
        )
        services.reference_resend(reference=reference)
    later = timezone.now() + timedelta(days=services.reminder_days() + 1)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert services.reference_reminders_send(now=later) == 1

    invitation, resent, reminder = mail.outbox[-3:]
    assert "le pide una evaluación de referencia" in invitation.subject
    assert "le pide una evaluación de referencia" in resent.subject
    assert reminder.subject.startswith("Recordatorio: ")
    assert "Este es un recordatorio: todavía no hemos recibido su evaluación." in reminder.body


def test_a_corrected_address_gets_the_link_in_the_raters_language(
    django_capture_on_commit_callbacks,
):
    reference = ReferenceRequestFactory(language="es")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.reference_email_correct(reference=reference, email="nueva@example.org")

    assert mail.outbox[-1].to == ["nueva@example.org"]
    assert "le pide una evaluación de referencia" in mail.outbox[-1].subject


# --- The rater's pages ---------------------------------------------------------------------------


def test_the_raters_page_is_in_the_language_chosen_for_them(client):
    reference = ReferenceRequestFactory(language="es", rater_name="Rita Rater")

    response = client.get(rater_path(reference))

    html = response.content.decode()
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in html
    assert "Evaluación de referencia de " in html
    assert "le nombró a usted, Rita Rater, como alguien que conoce su trabajo" in html
    assert "1 – Rara vez" in html and "5 – Siempre" in html
    assert "No tengo suficiente información" in html
    assert "Tengo una acreditación" in html
    assert "Algo más que los revisores deban saber" in html
    assert "Enviar mi evaluación" in html
    assert_none_of(
        html,
        [
            "Reference rating for",
            "Rate each statement",
            "Rarely",
            "Consistently",
            "I do not have enough information",
            "I hold an endorsement",
            "Anything else reviewers should know",
            "Send my rating",
            "may read your answers",
        ],
    )


def test_the_raters_errors_are_in_spanish(client):
    reference = ReferenceRequestFactory(language="es")

    response = client.post(rater_path(reference), {"comments": ""})

    html = response.content.decode()
    assert "Elija una evaluación para la afirmación 1, o «No tengo suficiente información»" in html
    assert "Choose a rating for statement" not in html
    reference.refresh_from_db()
    assert reference.completed_at is None


def test_the_raters_thank_you_page_is_in_spanish(client, django_capture_on_commit_callbacks):
    application = ApplicationFactory()  # the applicant reads English
    reference = ReferenceRequestFactory(application=application, language="es")
    items = RatingItem.objects.filter(active=True)
    data = {f"item_{item.pk}": "4" for item in items}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(rater_path(reference), data)

    html = response.content.decode()
    assert "Gracias, su evaluación se envió" in html
    assert "Puede cerrar esta página. El enlace ya no funciona." in html
    assert_none_of(html, ["Thank you", "You can close this page"])
    # The applicant is told in their own language, not the rater's.
    told = mail.outbox[-1]
    assert told.to == [application.applicant.email]
    assert told.subject == f"{reference.rater_name} has completed your reference rating"


def test_the_completed_email_is_in_spanish_for_a_spanish_applicant(
    django_capture_on_commit_callbacks,
):
    application = spanish_applicant_application()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        reference = completed_reference(application, rater_name="Rita Rater")

    message = mail.outbox[-1]
    assert message.subject == "Rita Rater completó su evaluación de referencia"
    assert "Rita Rater completó la evaluación de referencia para su solicitud IFA." in message.body
    assert "Ver sus evaluadores y lo que todavía falta:" in message.body
    assert "Recibe este correo electrónico porque invitó a Rita Rater" in message.body
    assert_none_of(message.body, ["Hello", "has completed", "You are getting this email"])
    assert reference.is_completed


def test_the_header_choosers_cookie_wins_on_the_raters_page(client):
    reference = ReferenceRequestFactory(language="es")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(rater_path(reference))

    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Reference rating for" in html and "1 – Rarely" in html
    assert "Evaluación de referencia de" not in html


def test_an_english_raters_page_stays_english_for_a_spanish_browser(client):
    reference = ReferenceRequestFactory(language="en")

    html = client.get(rater_path(reference), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Reference rating for" in html
    assert "Evaluación de referencia de" not in html


def test_the_raters_link_problem_pages_are_in_their_language(client):
    expired = ReferenceRequestFactory(
        language="es", expires_at=timezone.now() - timedelta(minutes=1)
    )
    done = completed_reference(ApplicationFactory(), language="es")

    expired_html = client.get(rater_path(expired)).content.decode()
    done_html = client.get(rater_path(done)).content.decode()
    invalid_html = client.get(
        reverse("endorsements:reference_rate", args=["nonsense"]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()

    assert "Este enlace venció" in expired_html
    assert "Los enlaces de evaluación funcionan por un tiempo limitado, y este venció el" in (
        expired_html
    )
    assert "Esta evaluación ya se envió" in done_html
    assert "Este enlace no funciona" in invalid_html
    assert_none_of(
        expired_html + done_html + invalid_html,
        ["This link has expired", "This rating is already sent", "This link does not work"],
    )


# --- History --------------------------------------------------------------------------------------


def test_history_sentences_are_written_in_the_readers_language():
    params = {"outcome": "deferred", "reopened": ["education"]}

    with translation.override("es"):
        one = history_sentence("decided", params)
        two = history_sentence("decided", {**params, "reopened": ["education", "documents"]})
        due = history_sentence(
            "reviewers_assigned", {"round": 1, "reviewers": ["Ana"], "due_on": "2026-12-31"}
        )
    with translation.override("en"):
        english = history_sentence("decided", params)

    assert "Sección abierta de nuevo para cambios: Educación." in one
    assert "Secciones abiertas de nuevo para cambios: Educación, Documentos." in two
    assert due == "Ronda 1 asignada a Ana, con fecha límite el 31 de diciembre de 2026."
    assert "Section reopened for changes: Education." in english


def test_history_rows_store_codes_and_read_in_spanish_while_old_prose_is_kept(client):
    application = spanish_applicant_application(status=ApplicationStatus.WITHDRAWN)
    ApplicationEvent.objects.create(
        application=application,
        actor=application.applicant,
        from_status="draft",
        to_status="withdrawn",
        code="withdrawn",
        audience=HistoryAudience.APPLICANT,
    )
    # An older row from before history codes: its note is shown as it was written.
    ApplicationEvent.objects.create(
        application=application,
        from_status="withdrawn",
        to_status="withdrawn",
        note="Imported from the old registry.",
        audience=HistoryAudience.APPLICANT,
    )
    client.force_login(application.applicant)

    html = page(client, "endorsements:application_detail", application.pk)

    assert "Borrador → Retirada. Retirada por el/la solicitante." in html
    assert "Imported from the old registry." in html
    assert "Withdrawn by the applicant" not in html


def test_the_applicants_own_history_rows_hold_no_prose(client):
    application = ready_application()
    client.force_login(application.applicant)
    client.post(reverse("endorsements:submit", args=[application.pk]))
    client.post(reverse("endorsements:withdraw", args=[application.pk]), {"reason": ""})

    rows = list(application.events.values_list("code", "note"))

    assert rows == [("submitted", ""), ("withdrawn", "")]


def test_the_shared_history_table_reads_in_spanish():
    from django.template.loader import render_to_string

    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    event = ApplicationEvent.objects.create(
        application=application,
        from_status="submitted",
        to_status="in_review",
        code="review_started",
        audience=HistoryAudience.STAFF,
    )

    with translation.override("es"):
        html = render_to_string("endorsements/_history_table.html", {"events": [event]})

    assert "Nota del personal" in html and "El portal" in html
    assert "Enviada → En revisión. Comenzó la revisión." in html
    assert " de 20" in html  # the moment in the Spanish date style
    assert_none_of(html, ["Staff note", "The portal", "Review started", "When", "Who"])


def test_the_rsc_page_of_an_application_is_in_spanish(client):
    application = spanish_applicant_application()
    client.force_login(application.applicant)

    html = page(client, "endorsements:application_rsc", application.pk)

    assert "Supervisión/consulta reflexiva para su solicitud IFA" in html
    assert "Todavía no ha registrado sesiones de SCR." in html
    assert "Cuentan: 0 horas" in html
    assert_none_of(
        html, ["Reflective supervision/consultation for", "You have not logged", "hours count"]
    )


def test_a_decision_with_unmet_items_keeps_their_codes_and_reads_in_each_language():
    from django.utils import translation

    from endorsements.history import history_sentence

    params = {
        "outcome": "endorse",
        "items": [{"key": "ethics", "code": "ethics", "params": {}}],
    }

    with translation.override("en"):
        english = history_sentence("decided_with_unmet", params)
    with translation.override("es"):
        spanish = history_sentence("decided_with_unmet", params)

    assert "Code of Ethics" in english
    assert "Código de Ética" in spanish and "Code of Ethics" not in spanish
