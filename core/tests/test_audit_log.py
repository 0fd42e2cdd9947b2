"""The audit log: registry admins read all of it, coordinators the trail of the applications
they handle (never their own); filters; a CSV of the filtered view, itself audited."""

import csv
import io
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.services import role_grant
from accounts.tests.factories import UserFactory, coordinator, registry_admin
from core.audit import audit_record
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("core:audit_log")
CSV_URL = reverse("core:audit_log_csv")


@pytest.fixture
def trail():
    applicant = UserFactory()
    staff = coordinator()
    role_grant(user=staff, role=Role.APPLICANT)
    with time_machine.travel(datetime(2026, 3, 2, 15, tzinfo=datetime.now().astimezone().tzinfo)):
        audit_record(
            action=AuditAction.ASSIGNMENT_CREATED,
            actor=UserFactory(email="boss@example.org"),
            application_id=501,
            subject=applicant,
            details={"round": 1},
        )
    with time_machine.travel(datetime(2026, 4, 10, 15, tzinfo=datetime.now().astimezone().tzinfo)):
        audit_record(
            action=AuditAction.DECISION_RECORDED,
            actor=UserFactory(email="other@example.org"),
            application_id=502,
            subject=applicant,
            details={"kind": "application", "outcome": "endorse"},
        )
        audit_record(
            action=AuditAction.DECISION_RECORDED,
            application_id=999,
            subject=staff,  # the coordinator's own application
            details={"outcome": "defer"},
        )
        audit_record(
            action=AuditAction.LOGIN_FAILED, actor_email='=HYPERLINK("http://evil.example")'
        )
    return {"staff": staff, "applicant": applicant}


def events(response):
    return [e.action for e in response.context["page"].object_list]


def test_registry_admins_read_everything(client, trail):
    client.force_login(registry_admin())

    response = client.get(URL)

    assert {"assignment_created", "decision_recorded", "login_failed"} <= set(events(response))


def test_coordinators_read_the_applications_they_handle_but_not_their_own(client, trail):
    client.force_login(trail["staff"])

    response = client.get(URL)

    ids = [e.application_id for e in response.context["page"].object_list]
    assert sorted(ids) == [501, 502]  # not 999 (their own), no logins or role changes
    assert "login_failed" not in events(response) and "role_granted" not in events(response)


def test_filters_by_application_action_and_days(client, trail):
    client.force_login(registry_admin())

    by_application = client.get(URL, {"application": "501"})
    by_days = client.get(URL, {"since": "2026-04-01", "until": "2026-04-30"})
    by_action = client.get(URL, {"action": "decision_recorded"})
    wrong = client.get(URL, {"since": "last week"})

    assert [e.application_id for e in by_application.context["page"]] == [501]
    assert "assignment_created" not in events(by_days) and "decision_recorded" in events(by_days)
    assert set(events(by_action)) == {"decision_recorded"}
    assert "Enter the date like 2026-03-31" in wrong.content.decode()


def test_csv_of_the_filtered_view_neutralises_formulas_and_is_audited(client, trail):
    admin = registry_admin()
    client.force_login(admin)

    response = client.get(CSV_URL, {"since": "2026-04-01"})

    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][0].startswith("# Report: Audit log; Scope: everything; since: 2026-04-01")
    assert lines[1][:3] == ["When (UTC)", "Who", "What"]
    whos = [row[1] for row in lines[2:]]
    assert '\'=HYPERLINK("http://evil.example")' in whos
    assert all(not cell.startswith("=") for row in lines for cell in row)
    assert all(row[0] >= "2026-04-01" for row in lines[2:])
    export = AuditEvent.objects.get(action=AuditAction.EXPORT_DOWNLOADED)
    assert export.actor == admin
    assert export.details == {"report": "audit-log", "format": "csv", "since": "2026-04-01"}


def test_coordinators_csv_holds_only_what_their_page_shows(client, trail):
    client.force_login(trail["staff"])

    response = client.get(CSV_URL)

    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row[5] for row in lines[2:]) == ["501", "502"]
    assert "Scope: applications" in lines[0][0]


def test_the_audit_log_is_refused_to_everyone_else(client):
    client.force_login(UserFactory(roles=[Role.REVIEWER]))

    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


@pytest.mark.parametrize("count", [1, 60])
def test_audit_log_query_count(client, django_assert_num_queries, count):
    staff = coordinator()
    client.force_login(staff)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(action=AuditAction.REVIEW_SUBMITTED, application_id=i, details={"round": 1})
            for i in range(count)
        ]
    )

    # session, user (roles in the same query), the verified OTP device, count of events, the
    # page of events
    with django_assert_num_queries(5):
        response = client.get(URL)

    assert len(response.context["page"].object_list) == min(count, 50)
