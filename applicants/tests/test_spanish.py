"""The portfolio in Spanish: the dashboard, the evidence pages and their errors."""

import html
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import applicant
from competencies.models import Competency

from .factories import (
    DocumentFactory,
    EducationFactory,
    LeadershipFactory,
    ProfileFactory,
    TrainingFactory,
    WorkFactory,
)

pytestmark = pytest.mark.django_db

# Words that give English away in what a person reads (names and user text aside).
ENGLISH = re.compile(
    r"\b(the|and|your|you|add|delete|change|save|back|none|yet|enter|choose|this|"
    r"hours?|years?|posts?|documents?|degrees?|training|education|profile|evidence|"
    r"applications?|start|date|kind|title|file|now|complete|missing)\b",
    re.IGNORECASE,
)
# Shared pieces written by other rooms (core's form helpers), translated there.
OTHER_ROOMS = ("There is a problem", "(optional)")


def readable(response) -> str:
    """The text a person reads inside <main>, with the attributes a screen reader says."""
    text = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    spoken = re.findall(r'(?:aria-label|title|placeholder|alt|data-confirm)="([^"]*)"', text)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(" ".join([text, *spoken]))
    for piece in OTHER_ROOMS:
        text = text.replace(piece, " ")
    return " ".join(text.split())


def english_left(text: str, *, user_text=()) -> list[str]:
    for piece in user_text:
        text = text.replace(piece, " ")
    return ENGLISH.findall(re.sub(r"\S+@\S+|\S+\.pdf", " ", text))


@pytest.fixture
def spanish_reader():
    return applicant(given_name="Alma", family_name="Reyes", preferred_language="es")


def test_the_empty_dashboard_in_spanish(client, spanish_reader):
    client.force_login(spanish_reader)

    text = readable(client.get(reverse("applicants:dashboard")))

    assert "Mi portafolio" in text
    assert "Todavía no ha completado su perfil. Toma unos cinco minutos." in text
    assert text.count("Ninguno todavía") == 4
    assert not english_left(text)


@time_machine.travel("2026-11-23 12:00:00-05:00", tick=False)
def test_the_full_dashboard_in_spanish(client, spanish_reader):
    ProfileFactory(
        user=spanish_reader,
        membership_expires_on=date(2026, 6, 30),
        job_title="Visitadora",
        agency__name="Familias Unidas",
    )
    EducationFactory(user=spanish_reader)
    WorkFactory(user=spanish_reader)
    TrainingFactory(user=spanish_reader, minutes=90)
    LeadershipFactory(user=spanish_reader)
    DocumentFactory(user=spanish_reader)
    client.force_login(spanish_reader)

    text = readable(client.get(reverse("applicants:dashboard")))

    assert "Completo." in text
    assert "Alma Reyes, Visitadora en Familias Unidas." in text
    assert (
        "Su membresía de la asociación terminó el 30 de junio de 2026, según los registros de la "
        "asociación." in text
    )
    assert "1 título o certificación" in text
    assert "1,5 horas en total" in text
    assert "1 actividad" in text
    assert "1 documento" in text
    assert not english_left(text, user_text=("Alma Reyes", "Familias Unidas"))


def test_the_dashboard_follows_each_visits_language(client, spanish_reader):
    spanish_reader.preferred_language = ""
    spanish_reader.save(update_fields=["preferred_language"])
    client.force_login(spanish_reader)

    english = client.get(reverse("applicants:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get(reverse("applicants:dashboard"), HTTP_ACCEPT_LANGUAGE="es")

    assert "You have not filled in your profile yet" in english.content.decode()
    assert "Todavía no ha completado su perfil" in spanish.content.decode()


def test_an_evidence_form_with_errors_in_spanish(client, spanish_reader):
    client.force_login(spanish_reader)

    response = client.post(
        reverse("applicants:work_add"),
        {"start_date": "2030-01-01", "end_date": "2029-01-01", "hours_per_week": "90"},
    )

    text = readable(response)
    assert "Añadir un trabajo o puesto" in text
    assert "Escriba el empleador o el programa." in text
    assert "La fecha de inicio debe ser hoy o una fecha pasada." in text
    assert "Las horas por semana deben ser 80 o menos." in text
    assert "Déjelo vacío si trabaja aquí ahora. Por ejemplo, 14 de marzo de 2024." in text
    assert "Guardar el trabajo o puesto" in text
    assert not english_left(text)


def test_a_training_form_with_errors_and_the_upload_hint_in_spanish(client, spanish_reader):
    client.force_login(spanish_reader)

    response = client.post(reverse("applicants:training_add"), {"hours": "0"})

    text = readable(response)
    # Competency areas are content (their Spanish lives in the database, another room's).
    for area in Competency.objects.select_related("domain"):
        text = text.replace(area.name, " ").replace(area.domain.name, " ")
    assert "Escriba el título de la capacitación." in text
    assert "Un PDF, PNG o JPEG de menos de" in text
    assert not english_left(text)


@time_machine.travel("2026-11-23 12:00:00-05:00", tick=False)
def test_the_section_lists_in_spanish(client, spanish_reader):
    WorkFactory(
        user=spanish_reader,
        role="Visitadora",
        employer="Familias Unidas",
        start_date=date(2021, 9, 1),
        end_date=None,
    )
    TrainingFactory(
        user=spanish_reader, title="Apego", provider="CT-AIMH", date=date(2026, 3, 14), minutes=90
    )
    client.force_login(spanish_reader)

    work = readable(client.get(reverse("applicants:work_list")))
    training = readable(client.get(reverse("applicants:training_list")))

    assert "del 1 de septiembre de 2021 hasta hoy" in work
    assert "¿Eliminar este trabajo o puesto? No se puede deshacer." in work
    assert "14 de marzo de 2026" in training
    assert " 1,5 " in training
    assert not english_left(work, user_text=("Visitadora", "Familias Unidas"))
    assert not english_left(training, user_text=("Apego", "CT-AIMH"))


def test_the_profile_form_in_spanish(client, spanish_reader):
    client.force_login(spanish_reader)

    text = readable(client.get(reverse("applicants:profile")))

    assert "Su perfil" in text
    assert "Sobre las preguntas de raza, origen étnico y género" in text
    # Program names are proper names, kept as they are.
    assert not english_left(text, user_text=("Birth to Three", "Early Head Start / Head Start"))


def test_saving_says_so_in_spanish(client, spanish_reader):
    client.force_login(spanish_reader)
    data = {
        "employer": "Familias Unidas",
        "role": "Visitadora",
        "kind": "direct",
        "start_date": "2021-09-01",
        "hours_per_week": "37.5",  # a number input sends a point
        "age_band": "infant",
        "paid": "on",
    }

    response = client.post(reverse("applicants:work_add"), data, follow=True)

    assert "Se guardó el trabajo o puesto." in response.content.decode()
