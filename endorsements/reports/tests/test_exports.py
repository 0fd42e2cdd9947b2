"""Large XLSX exports are built on the worker with a progress page and an emailed link."""

import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import coordinator, registry_admin
from endorsements.reports import services
from endorsements.reports.models import ReportExport

from .factories import endorse, person

pytestmark = pytest.mark.django_db
XLSX_URL = reverse("reports:endorsed_xlsx")


@pytest.fixture
def small_async_limit(settings):
    settings.REPORT_XLSX_ASYNC_ROWS = 2  # any report with more rows goes to the worker


def test_large_xlsx_export_runs_on_the_worker_and_emails_a_link(
    client, small_async_limit, django_capture_on_commit_callbacks
):
    endorse(person(county="Hartford"), "IFA", on=date(2024, 1, 1))
    user = coordinator()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(XLSX_URL, {"as_of": "2024-06-01"})

    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export", args=[export.pk])
    assert export.status == ReportExport.Status.DONE and export.percent == 100
    assert export.params["as_of"] == "2024-06-01"
    (email,) = mail.outbox
    assert email.to == [user.email]
    assert f"http://testserver/reports/exports/{export.pk}/" in email.body
    page = client.get(response["Location"]).content.decode()
    assert "The file is ready" in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = {r[0]: r for r in book["Endorsed by region"].iter_rows(values_only=True)}
    assert rows["North Central"][1] == 1 and rows["All regions"][1] == 1


def test_export_progress_page_refreshes_while_pending(client):
    user = coordinator()
    export = ReportExport.objects.create(
        owner=user,
        kind="endorsed_by_region",
        params={"as_of": "2024-06-01"},
        percent=40,
        status=ReportExport.Status.RUNNING,
    )
    client.force_login(user)

    html = client.get(reverse("reports:export", args=[export.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="5">' in html
    assert '<progress id="export-progress" class="w-100" max="100" value="40">' in html
    assert "40% done" in html


def test_export_build_is_safe_to_run_twice(django_capture_on_commit_callbacks):
    export = ReportExport.objects.create(
        owner=coordinator(), kind="endorsed_by_region", params={"as_of": "2024-06-01"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_export_build(export_id=export.pk)
        second = services.report_export_build(export_id=export.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_export_failure_is_recorded_and_shown(client):
    user = coordinator()
    export = ReportExport.objects.create(
        owner=user, kind="endorsed_by_region", params={"as_of": "not a date"}
    )

    assert services.report_export_build(export_id=export.pk) is False

    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED and export.error
    client.force_login(user)
    assert (
        "The export failed"
        in client.get(reverse("reports:export", args=[export.pk])).content.decode()
    )
    assert mail.outbox == []


def test_someone_elses_export_is_not_found(client):
    export = ReportExport.objects.create(
        owner=coordinator(), kind="endorsed_by_region", params={"as_of": "2024-06-01"}
    )
    services.report_export_build(export_id=export.pk)
    client.force_login(registry_admin())

    assert client.get(reverse("reports:export", args=[export.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404
