"""Reports: coordinators and registry admins only (403 for other roles, login for anonymous).
The directory pages are public."""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from endorsements.reports.models import ReportExport

pytestmark = pytest.mark.django_db

REPORT_URLS = [
    "reports:endorsed_by_region",
    "reports:endorsed_csv",
    "reports:endorsed_xlsx",
    "reports:coverage",
    "reports:diversity",
    "reports:dashboard",
]


@pytest.mark.parametrize("name", REPORT_URLS)
def test_reports_send_anonymous_visitors_to_log_in(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", REPORT_URLS)
@pytest.mark.parametrize("make", [applicant, reviewer])
def test_reports_refuse_applicants_and_reviewers(client, name, make):
    client.force_login(make())

    response = client.get(reverse(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", REPORT_URLS)
@pytest.mark.parametrize("make", [coordinator, registry_admin])
def test_reports_open_to_coordinators_and_registry_admins(client, name, make):
    client.force_login(make())

    response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["reports:export", "reports:export_download"])
def test_export_pages_owner_only(client, name):
    owner = coordinator()
    export = ReportExport.objects.create(
        owner=owner,
        kind="endorsed_by_region",
        params={"as_of": "2024-06-01"},
        status="done",
        file_name="",
    )
    url = reverse(name, args=[export.pk])

    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(reviewer())
    assert client.get(url).status_code == 403
    client.force_login(coordinator())
    assert client.get(url).status_code == 404  # another coordinator's export
    client.force_login(owner)
    # The page shows; the download answers 404 here because this row has no file.
    assert client.get(url).status_code == (200 if name == "reports:export" else 404)


@pytest.mark.parametrize("name", ["reports:registry", "reports:rsc_providers"])
@pytest.mark.parametrize("make", [None, applicant, reviewer, coordinator])
def test_directory_is_public(client, name, make):
    if make:
        client.force_login(make())

    response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", [*REPORT_URLS, "reports:registry", "reports:rsc_providers"])
def test_pages_refuse_post(client, name):
    client.force_login(coordinator())

    assert client.post(reverse(name)).status_code == 405
