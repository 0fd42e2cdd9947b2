"""Staff actions worth answering for land in the audit trail: file downloads, decisions, exports."""

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator, registry_admin
from applicants.tests.factories import stored_pdf
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_coordinator_downloading_an_applicants_file_is_recorded(client):
    from accounts.tests.factories import applicant

    owner = applicant()
    stored = stored_pdf(owner=owner)
    staff = coordinator()
    client.force_login(staff)

    response = client.get(reverse("applicants:file_download", args=[stored.pk]))

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.FILE_DOWNLOADED)
    assert event.actor == staff and event.target_id == str(stored.pk)


def test_owner_downloading_their_own_file_is_not_an_audit_event(client):
    from accounts.tests.factories import applicant

    owner = applicant()
    stored = stored_pdf(owner=owner)
    client.force_login(owner)

    client.get(reverse("applicants:file_download", args=[stored.pk]))

    assert not AuditEvent.objects.filter(action=AuditAction.FILE_DOWNLOADED).exists()


def test_report_export_is_recorded_with_its_filters(client):
    admin = registry_admin()
    client.force_login(admin)

    response = client.get(reverse("reports:endorsed_csv"), {"as_of": "2026-06-30"})
    b"".join(response)

    event = AuditEvent.objects.get(action=AuditAction.EXPORT_DOWNLOADED)
    assert event.actor == admin
    assert event.details["format"] == "csv" and event.details["as_of"] == "2026-06-30"


def test_a_nul_in_the_browsers_name_never_fails_the_audited_request(client):
    from accounts.tests.factories import applicant

    stored = stored_pdf(owner=applicant())
    client.force_login(coordinator())

    response = client.get(
        reverse("applicants:file_download", args=[stored.pk]), HTTP_USER_AGENT="Bot\x00/1.0"
    )

    assert response.status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.FILE_DOWNLOADED).user_agent == "Bot/1.0"
