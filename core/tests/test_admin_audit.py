"""Every change made in the Django admin is audited (model, object, fields, who), role changes
say who made them, and staff reach the admin through the portal's sign-in and second factor."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.tests.factories import PASSWORD, UserFactory, applicant
from accounts.tests.test_two_factor import current_code
from core.models import AuditAction, AuditEvent
from endorsements.models import RatingItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True, email="ada@example.org")
    client.force_login(user)
    return user


def test_admin_change_records_model_object_fields_and_who(client, superuser):
    item = RatingItem.objects.create(domain="Reflection", text="Reflects on practice", order=1)
    url = reverse("admin:endorsements_ratingitem_change", args=[item.pk])

    # The rating items are edited in both languages (modeltranslation: one field each).
    response = client.post(
        url,
        {
            "domain_en": "Reflection",
            "text_en": "Reflects on own practice",
            "order": 1,
            "active": "on",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert event.actor == superuser
    assert event.target_type == "endorsements.RatingItem" and event.target_id == str(item.pk)
    assert event.details["change"] == "changed"
    assert event.details["model"] == "endorsements.RatingItem"
    assert event.details["fields"] == ["Text [en]"]
    assert event.ip_address == "127.0.0.1"


def test_admin_additions_and_bulk_deletions_are_recorded(client, superuser):
    client.post(
        reverse("admin:endorsements_ratingitem_add"),
        {"domain_en": "Thinking", "text_en": "Plans ahead", "order": 2, "active": "on"},
    )
    items = [
        RatingItem.objects.create(domain="Thinking", text=f"Item {n}", order=n) for n in (3, 4)
    ]

    client.post(
        reverse("admin:endorsements_ratingitem_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [i.pk for i in items],
            "post": "yes",
        },
    )

    changes = AuditEvent.objects.filter(action=AuditAction.ADMIN_CHANGE)
    assert sorted(changes.values_list("details__change", flat=True)) == [
        "added",
        "deleted",
        "deleted",
    ]
    deleted = {e.target_id for e in changes if e.details["change"] == "deleted"}
    assert deleted == {str(i.pk) for i in items}
    assert all(e.actor == superuser for e in changes)


def test_admin_actions_are_recorded_for_each_object_they_ran_on(client, superuser):
    # Issue 21 added actions that change data (send again, mark bounced); Django's change log
    # does not see actions, so the portal's admin records them itself.
    from messaging.tests.test_bounces import sent_message

    bounced, other = sent_message(), sent_message("fine@example.org")

    client.post(
        reverse("admin:messaging_message_changelist"),
        {"action": "mark_bounced", "_selected_action": [bounced.pk]},
    )

    bounced.refresh_from_db()
    assert bounced.status == "bounced"
    (event,) = AuditEvent.objects.filter(action=AuditAction.ADMIN_CHANGE)
    assert (event.target_id, event.actor) == (str(bounced.pk), superuser)
    assert event.details["change"] == "action"
    assert event.details["action_name"] == "mark_bounced"
    assert event.details["model"] == "messaging.Message"
    assert str(other.pk) != event.target_id


def test_third_party_admins_are_audited_too(client, superuser):
    group = Group.objects.create(name="Volunteers")

    client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "Volunteer staff"})

    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert event.details["model"] == "auth.Group" and event.details["fields"] == ["Name"]


def test_role_change_in_the_admin_records_who_made_it(client, superuser):
    person = applicant()
    reviewers = Group.objects.get(name=Role.REVIEWER)
    applicants = Group.objects.get(name=Role.APPLICANT)

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "email": person.email,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "is_active": "on",
            "groups": [reviewers.pk, applicants.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "name_changes-TOTAL_FORMS": "0",
            "name_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    granted = AuditEvent.objects.get(
        action=AuditAction.ROLE_GRANTED, target_id=str(person.pk), details__role=Role.REVIEWER
    )
    assert granted.actor == superuser
    assert granted.subject == person


def test_staff_are_logged_in_only_after_the_second_factor(client):
    staff = UserFactory(roles=[Role.COORDINATOR])
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    client.post(reverse("login"), {"username": staff.email, "password": PASSWORD})

    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=staff).exists()
    assert AuditEvent.objects.filter(action=AuditAction.FIRST_FACTOR_PASSED, actor=staff).exists()

    client.post(reverse("accounts:two_factor"), {"code": current_code(device)})

    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=staff).count() == 1


def test_applicants_are_logged_in_with_their_password(client):
    person = applicant()

    client.post(reverse("login"), {"username": person.email, "password": PASSWORD})

    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=person).count() == 1


def test_staff_first_login_through_the_admin_leads_to_two_factor_set_up(client):
    staff = UserFactory(is_staff=True, roles=[Role.COORDINATOR])

    first = client.get("/admin/", follow=True)
    login_url = first.redirect_chain[-1][0]
    assert login_url.startswith(reverse("login")), first.redirect_chain
    assert "next=/admin/" in login_url

    after_password = client.post(
        login_url, {"username": staff.email, "password": PASSWORD}, follow=True
    )

    assert after_password.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))
    assert "Set up two-factor authentication" in after_password.content.decode()
    pending = TOTPDevice.objects.get(user=staff, confirmed=False)
    codes = client.post(
        after_password.redirect_chain[-1][0], {"code": current_code(pending)}, follow=True
    )
    assert codes.status_code == 200
    assert "next=/admin/" in codes.redirect_chain[-1][0]
    assert client.get("/admin/").status_code == 200
