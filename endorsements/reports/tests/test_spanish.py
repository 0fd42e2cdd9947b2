"""The reports, lists, public directory, exports and the coordinators' digest in Spanish."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.tests.factories import coordinator
from endorsements.models import Endorsement
from endorsements.reports.digest import coordinator_digests_send
from endorsements.reports.models import ReportExport
from endorsements.review.tests.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    review_submitted,
)

from .factories import endorse, lapse, person

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today_and_clean_cache():
    cache.clear()
    translation.activate("en")
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()
    # A request in Spanish leaves Spanish active in this thread: other tests expect English.
    translation.activate("en")


@pytest.fixture
def spanish_coordinator(client):
    user = coordinator()
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return user


@pytest.fixture
def people():
    ana = person(
        county="Hartford",
        given="Ana",
        family="Rivera",
        languages=("English", "Spanish"),
        directory_opt_in=True,
        accepting_supervisees=True,
    )
    endorse(ana, "IFRS", on=date(2024, 1, 1))
    due, _ = endorse(
        person(county="Hartford", given="Dora", family="Due"), "IFA", on=date(2024, 1, 1)
    )
    Endorsement.objects.filter(pk=due.pk).update(valid_through=TODAY + timedelta(days=30))
    e, h = endorse(
        person(county="New Haven", given="Lu", family="Lapsed"), "IFA", on=date(2022, 1, 1)
    )
    lapse(e, h, on=TODAY - timedelta(days=10))
    return ana


def main(response) -> str:
    """The page's own part (the header and footer belong to core)."""
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def absent(text: str, *english: str) -> None:
    left = [phrase for phrase in english if phrase in text]
    assert not left, left


def test_dashboard_in_spanish(client, spanish_coordinator, people):
    text = main(client.get(reverse("reports:dashboard")))

    assert "Panel de informes" in text and "Solicitudes por estado y antigüedad" in text
    assert "180 días o más" in text and "Menos de 30 días" in text
    assert "Personas acreditadas en todas las regiones al final de cada trimestre" in text
    assert "noviembre de 2026" in text and "31 de diciembre de 2025" in text
    absent(
        text,
        "Reports dashboard",
        "180 days or more",
        "Under 30 days",
        "Nov 2026",
        "Endorsed people in all regions",
        "Renewals this quarter",
    )


def test_coverage_in_spanish(client, spanish_coordinator, people):
    text = main(client.get(reverse("reports:coverage")))

    assert "Cobertura de programas" in text and "Programas por región" in text
    assert "Todas las regiones" in text and "Con personal acreditado" in text
    absent(text, "Program coverage", "All regions", "With endorsed staff", "Show programs")


def test_diversity_in_spanish(client, spanish_coordinator, people):
    text = main(client.get(reverse("reports:diversity")))

    assert "Diversidad del personal" in text and "Idiomas de servicio" in text
    assert "Para proteger a las personas de regiones pequeñas" in text
    absent(text, "Workforce diversity", "To protect people in small regions", "All regions")


def test_region_report_in_spanish(client, spanish_coordinator, people):
    text = main(client.get(reverse("reports:endorsed_by_region"), {"as_of": "2026-06-30"}))

    assert "El 30 de junio de 2026: 3 personas acreditadas" in text
    assert "Personas acreditadas por región el 30 de junio de 2026" in text
    assert "Descargar en CSV" in text and "Todas las regiones" in text
    absent(text, "endorsed people", "Endorsed people per region", "Download", "June")


def test_region_report_error_text_in_spanish(client, spanish_coordinator):
    response = client.get(reverse("reports:endorsed_csv"), {"as_of": "not a date"})

    assert response.status_code == 400
    assert response.content.decode().startswith("No se pudo hacer el informe:")


def test_region_csv_says_what_it_was_made_from_in_spanish(client, spanish_coordinator, people):
    response = client.get(
        reverse("reports:endorsed_csv"), {"as_of": "2026-06-30", "program_type": "home_visiting"}
    )

    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    about = lines[0][0]
    assert about.startswith("# Informe: Personal acreditado por región")
    assert "Contado el: 2026-06-30" in about  # machine values stay as they are
    assert "Categoría: Todas las categorías" in about and "Vía: Las dos vías" in about
    assert "Nota: Cada persona cuenta una vez en el total" in about
    absent(about, "Report:", "Counted on", "All categories", "Both tracks", "Note:")
    assert [row[0] for row in lines if row][-1] == "Todas las regiones"


def test_region_xlsx_about_sheet_in_spanish(client, spanish_coordinator, people):
    response = client.get(reverse("reports:endorsed_xlsx"), {"as_of": "2026-06-30"})

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Acreditados por región", "Información"]
    about = dict(book["Información"].iter_rows(values_only=True))
    assert about["Informe"] == "Personal acreditado por región"
    assert about["Contado el"] == "2026-06-30"
    assert about["Tipo de programa"] == "Todos los tipos de programa"
    rows = [r[0] for r in book["Acreditados por región"].iter_rows(values_only=True)]
    assert rows[-1] == "Todas las regiones"


@override_settings(REPORT_XLSX_ASYNC_ROWS=1)
def test_worker_export_is_written_and_emailed_in_the_askers_language(
    client, spanish_coordinator, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:endorsed_xlsx"), {"as_of": "2026-06-30"})

    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.DONE and export.params["language"] == "es"
    (email,) = mail.outbox
    assert email.subject.startswith("Su exportación está lista")
    assert "contada el 30 de junio de 2026" in email.body and "Hola" in email.body
    html = email.alternatives[0][0]
    assert "Descargue la exportación" in html
    absent(email.body + html, "Your export", "Hello", "Download", "You are getting")
    page = main(client.get(response["Location"]))
    assert "Contado el 30 de junio de 2026" in page
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert book.sheetnames == ["Acreditados por región", "Información"]


def test_renewals_due_and_lapses_lists_in_spanish(client, spanish_coordinator, people):
    due = main(client.get(reverse("reports:renewals_due")))
    lapses = main(client.get(reverse("reports:lapses")))

    assert "Renovaciones pendientes en los próximos 90 días" in due
    assert "1 acreditación pendiente" in due and "2 de diciembre de 2026" in due
    absent(due, "Renewals due in the next", "endorsement due", "Deadline", "Download")
    assert "Vencimientos de los últimos 90 días" in lapses
    assert "1 vencimiento" in lapses and "23 de octubre de 2026" in lapses
    absent(lapses, "Lapses in the last", "1 lapse", "Lapsed on", "Download")


def test_list_csv_headers_in_spanish(client, spanish_coordinator, people):
    response = client.get(reverse("reports:renewals_due_csv"))

    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][0].startswith("# Informe: Renovaciones pendientes")
    assert lines[1][:3] == ["Fecha límite", "Nombre", "Correo electrónico"]
    assert lines[2][0] == (TODAY + timedelta(days=30)).isoformat()


def test_registry_and_rsc_roster_in_spanish(client, people):
    registry = main(client.get(reverse("reports:registry"), HTTP_ACCEPT_LANGUAGE="es"))
    roster = main(client.get(reverse("reports:rsc_providers"), HTTP_ACCEPT_LANGUAGE="es"))

    assert "Registro de profesionales acreditados" in registry
    assert "Se encontró 1 persona." in registry and "Ana Rivera" in registry
    absent(registry, "Registry of endorsed professionals", "person found", "Search the registry")
    assert "Buscar un proveedor de supervisión/consulta reflexiva (SCR)" in roster
    assert "Proveedores de SCR que aceptan supervisados" in roster and "Ana Rivera" in roster
    absent(roster, "Find a reflective supervision", "accepting supervisees", "Search providers")


def test_digest_is_written_in_each_coordinators_language(django_capture_on_commit_callbacks):
    cora = coordinator()
    cora.preferred_language = "es"
    cora.save(update_fields=["preferred_language"])
    cole = coordinator()
    ready = SubmittedApplicationFactory(status="in_review")
    review_submitted(AssignmentFactory(application=ready))
    late = AssignmentFactory(due_on=TODAY - timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_digests_send() == 2

    by_person = {m.to[0]: m for m in mail.outbox}
    spanish = by_person[cora.email]
    html = spanish.alternatives[0][0]
    assert spanish.subject == "Lo que le espera el 2 de noviembre de 2026"
    for part in (spanish.body, html):
        assert "Todas las revisiones recibidas, listas para decidir" in part
        assert "Revisiones con la fecha límite vencida" in part
        assert f"{late.reviewer.full_name}, fecha límite el 31 de octubre de 2026" in part
        assert ready.applicant.full_name in part
        absent(part, "Hello", "ready to decide", "past their due date", "due 31", "You are getting")
    english = by_person[cole.email]
    assert "All reviews in, ready to decide" in english.body
    assert f"{late.reviewer.full_name}, due 31 October 2026" in english.body


@pytest.mark.parametrize(
    "name", ["dashboard", "coverage", "diversity", "endorsed_by_region", "renewals_due", "lapses"]
)
def test_report_query_counts_do_not_change_with_the_language(client, people, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator())
    url = reverse(f"reports:{name}")
    client.get(url)  # warm the per-process caches (categories, regions)
    counts = {}
    for language in ("en", "es"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
        counts[language] = len(queries)

    assert counts["es"] == counts["en"]
