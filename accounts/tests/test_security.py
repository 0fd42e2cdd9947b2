"""Login throttling (django-axes) and the audit trail of logins and roles."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.services import role_grant, role_revoke
from accounts.tests.factories import PASSWORD, UserFactory, registry_admin
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_five_wrong_passwords_pause_logins_with_a_clear_message(client):
    UserFactory(email="sam@example.org")
    for _ in range(5):
        login(client, "sam@example.org", "wrong")

    response = login(client, "Sam@Example.org", PASSWORD)

    assert response.status_code == 429
    assert "Too many attempts to log in" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_a_cool_off_not_a_permanent_lock(client):
    start = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        UserFactory(email="sam@example.org")
        for _ in range(5):
            login(client, "sam@example.org", "wrong")
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        response = login(client, "sam@example.org", PASSWORD)
        signed_in = "_auth_user_id" in client.session

    assert response.status_code == 302
    assert signed_in


def test_lockout_is_per_address_so_others_can_still_log_in(client):
    UserFactory(email="sam@example.org")
    UserFactory(email="kim@example.org")
    for _ in range(5):
        login(client, "sam@example.org", "wrong")

    response = login(client, "kim@example.org", PASSWORD)

    assert response.status_code == 302


def test_logins_and_failures_are_audited(client):
    user = UserFactory(email="sam@example.org")

    login(client, "sam@example.org", "wrong")
    login(client, "sam@example.org", PASSWORD)

    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    ok = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert failed.actor_email == "sam@example.org" and failed.actor is None
    assert failed.ip_address == "127.0.0.1"
    assert ok.actor == user


def test_role_changes_are_audited():
    user = UserFactory()

    role_grant(user=user, role=Role.COORDINATOR)
    role_revoke(user=user, role=Role.COORDINATOR)

    rows = list(AuditEvent.objects.filter(target_id=str(user.pk)).order_by("pk"))
    assert [(r.action, r.details["role"]) for r in rows] == [
        ("role_granted", "Coordinators"),
        ("role_revoked", "Coordinators"),
    ]


def test_audit_log_page_is_for_registry_admins_and_coordinators_only(client):
    # Coordinators now read the trail of the applications they handle (not role changes).
    client.force_login(UserFactory(roles=[Role.REVIEWER]))
    assert client.get(reverse("core:audit_log")).status_code == 403
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    coordinator_view = client.get(reverse("core:audit_log"))
    assert coordinator_view.status_code == 200
    assert "<td>Role granted" not in coordinator_view.content.decode()

    client.force_login(registry_admin())
    response = client.get(reverse("core:audit_log"))
    assert response.status_code == 200
    assert "Role granted" in response.content.decode()


def test_audit_log_page_anonymous_goes_to_login(client):
    response = client.get(reverse("core:audit_log"))

    assert response["Location"].startswith(reverse("login"))


def test_audit_log_filters_and_escapes(client):
    AuditEvent.objects.create(
        action=AuditAction.LOGIN_FAILED, actor_email="<script>x</script>@e.org"
    )
    client.force_login(registry_admin())

    response = client.get(reverse("core:audit_log"), {"action": "login_failed"})

    html = response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;@e.org" in html
    assert "<td>Role granted" not in html


def test_audit_log_query_count_does_not_grow(client, django_assert_num_queries):
    admin = registry_admin()
    client.force_login(admin)
    AuditEvent.objects.bulk_create(
        [AuditEvent(action=AuditAction.LOGIN, actor_email=f"p{i}@e.org") for i in range(60)]
    )

    # session, user (roles in the same query), the verified OTP device, count of events, the
    # page of events
    with django_assert_num_queries(5):
        client.get(reverse("core:audit_log"))
