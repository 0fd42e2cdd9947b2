"""A Spanish reader sees core's pages in Spanish: home, error pages, the audit log, the shared
form and pagination includes; the menu follows the page's language though it is cached."""

from datetime import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from accounts.services import role_grant
from accounts.tests.factories import UserFactory, applicant, coordinator, registry_admin
from core.audit import audit_record
from core.forms import PortalFormMixin, label_without_optional
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_home_is_in_spanish_for_a_visitor(client):
    html = client.get(reverse("core:home"), **SPANISH).content.decode()

    assert "<title>Inicio – Registro de Acreditación CT-AIMH</title>" in html
    assert "Empiece aquí" in html
    assert "Prepare su portafolio durante los próximos meses" in html
    assert "Start here" not in html and "Create an account" not in html


def test_the_menu_is_written_in_each_pages_language_though_it_is_cached(client):
    client.force_login(applicant())

    english = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(reverse("core:home"), **SPANISH).content.decode()

    assert "My portfolio" in english and "Mi portafolio" not in english
    assert "Mi portafolio" in spanish and ">My portfolio<" not in spanish
    assert "Mis solicitudes: solicite una categoría" in spanish  # the home page's wording
    assert "Cerrar sesión" in spanish


def test_page_not_found_is_in_spanish(client):
    response = client.get("/no-existe/", **SPANISH)

    html = response.content.decode()
    assert response.status_code == 404
    assert "No se encontró la página" in html
    assert "Page not found" not in html


def test_forbidden_page_is_in_spanish(client):
    client.force_login(applicant(preferred_language="es"))

    response = client.get(reverse("core:audit_log"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "No puede ver esta página" in html
    assert "comuníquese con" in html
    assert "You cannot see this page" not in html


@pytest.mark.parametrize(
    ("template", "spanish", "english"),
    [
        ("500.html", "Lo sentimos, hay un problema con el servicio", "there is a problem"),
        ("503.html", "Vuelva a intentarlo en un minuto", "Try again"),
        ("507.html", "Su archivo no se guardó", "Your file was not saved"),
    ],
)
def test_error_pages_without_context_are_in_spanish(template, spanish, english):
    from django.template import loader

    with translation.override("es"):
        html = loader.get_template(template).render({"association_name": "CT-AIMH"})

    assert '<html lang="es">' in html
    assert spanish in html
    assert english not in html


def test_the_server_error_handler_answers_in_the_readers_language(rf):
    from core.views import server_error

    with translation.override("es"):
        text = server_error(rf.get("/")).content.decode()

    assert "Puede que no se haya guardado lo que estaba haciendo" in text


@pytest.fixture
def trail():
    person = UserFactory(email="ana@example.org")
    role_grant(user=person, role=Role.REVIEWER)
    audit_record(
        action=AuditAction.LOCKED_OUT, actor_email="ana@example.org", details={"by": "ip_address"}
    )
    audit_record(
        action=AuditAction.DECISION_RECORDED,
        application_id=501,
        subject=person,
        details={"kind": "application", "outcome": "endorse"},
    )
    return person


def test_the_audit_log_is_in_spanish_for_a_registry_admin(client, trail):
    client.force_login(registry_admin(preferred_language="es"))

    html = client.get(reverse("core:audit_log")).content.decode()

    assert "<h1>Registro de actividad</h1>" in html
    assert "Bloqueado tras varios inicios de sesión fallidos" in html
    assert "por: dirección de red" in html  # the detail's key and our code, named
    assert "Función asignada: Revisor(a)" in html  # the role, not the group's English name
    assert "Solicitud 501" in html
    assert "Mostrar eventos" in html and "Qué pasó" in html
    for english in ("Locked out", "Role granted", "Show events", "What happened", "by: ip"):
        assert english not in html


def test_the_audit_log_is_in_spanish_for_a_coordinator_with_its_errors(client, trail):
    client.force_login(coordinator(preferred_language="es"))

    html = client.get(reverse("core:audit_log"), {"since": "el martes"}).content.decode()

    assert "Registró una decisión" in html
    assert "Escriba la fecha así: 2026-03-31" in html
    assert "Hay un problema" in html
    assert "Enter the date" not in html


def test_the_audit_log_pagination_is_in_spanish(client):
    client.force_login(registry_admin(preferred_language="es"))
    AuditEvent.objects.bulk_create(
        [AuditEvent(action=AuditAction.LOGIN, actor_email=f"p{i}@example.org") for i in range(51)]
    )

    html = client.get(reverse("core:audit_log")).content.decode()

    assert "Página 1 de 2" in html
    assert "Página siguiente" in html
    assert "Page 1 of 2" not in html and "Next page" not in html


@pytest.mark.parametrize("count", [1, 60])
def test_the_audit_log_costs_the_same_queries_in_spanish(client, django_assert_num_queries, count):
    client.force_login(coordinator(preferred_language="es"))
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(action=AuditAction.REVIEW_SUBMITTED, application_id=i, details={"round": 1})
            for i in range(count)
        ]
    )

    # As in English (test_audit_log): session, user with roles, OTP device, count, the page.
    with django_assert_num_queries(5):
        response = client.get(reverse("core:audit_log"))

    assert "Envió una revisión" in response.content.decode()


def test_the_audit_csv_is_headed_in_the_readers_language(client, trail):
    client.force_login(registry_admin(preferred_language="es"))

    response = client.get(reverse("core:audit_log_csv"))
    text = b"".join(response.streaming_content).decode()

    assert text.splitlines()[0].startswith("# Informe: Registro de actividad; Alcance: todo")
    assert "Cuándo (UTC),Quién,Qué" in text
    assert "Registró una decisión" in text


class _Example(PortalFormMixin, forms.Form):
    name = forms.CharField(label="Legal name")
    county = forms.ChoiceField(label="County", choices=[("a", "A")])
    nickname = forms.CharField(label="Nickname", required=False)
    agree = forms.BooleanField(label="I agree")


def test_required_and_optional_are_said_in_the_forms_language():
    with translation.override("es"):
        form = _Example(data={})
        form.is_valid()

    assert form.fields["nickname"].label == "Nickname (opcional)"
    assert form.errors["name"] == ["Escriba este dato: legal name"]
    assert form.errors["county"] == ["Elija una opción: county"]
    assert form.errors["agree"] == ["Marque la casilla para confirmar: I agree"]
    with translation.override("es"):
        assert label_without_optional(form.fields["nickname"].label) == "Nickname"


def test_the_english_wording_of_the_forms_is_unchanged():
    with translation.override("en"):
        form = _Example(data={})
        form.is_valid()

    assert form.fields["nickname"].label == "Nickname (optional)"
    assert form.errors["name"] == ["Enter legal name"]
    assert label_without_optional(form.fields["nickname"].label) == "Nickname"


def test_the_error_summary_names_fields_without_optional_in_spanish(client):
    client.force_login(applicant(preferred_language="es"))

    html = client.post(reverse("accounts:name"), {"given_name": "", "family_name": ""})

    text = html.content.decode()
    assert "Hay un problema" in text
    # GOV.UK's way: the message alone, linked to its field; it names the field itself.
    assert '<a href="#id_given_name" class="alert-link">Escriba su nombre legal.</a>' in text
    assert "Nombre legal: Escriba" not in text


def test_history_rows_show_dates_in_the_readers_language():
    from django.template import loader

    class Event:
        created_at = datetime(2026, 3, 4, 14, 5)
        actor = None
        audience = "applicant"
        from_status = to_status = "x"
        code = ""
        note = ""

    with translation.override("es"):
        html = loader.get_template("endorsements/_history_table.html").render(
            {"events": [Event()], "caption": "Historial"}
        )

    assert "4 de marzo de 2026" in html
    assert "El portal" in html and "Cuándo" in html


def test_the_development_outbox_is_in_spanish(rf):
    # Mounted only when DEBUG is on at start-up: its template, rendered as the view does.
    from django.contrib.auth.models import AnonymousUser
    from django.template import loader

    request = rf.get("/dev/outbox/")
    request.user = AnonymousUser()
    with translation.override("es"):
        text = loader.render_to_string("core/dev_outbox.html", {"messages_sent": []}, request)

    assert "Bandeja de salida de desarrollo" in text
    assert "Todavía no hay correos" in text
    assert "No emails yet" not in text
