"""Accounts that do not give people away: sign-up answers the same for a taken address, reset
links come from SITE_URL, the password rule knows this model's names, new recovery codes need
proof, spraying passwords from one network is throttled, and the admin link shows only where
there is something to do."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.tests.factories import PASSWORD, UserFactory, applicant
from accounts.tests.test_two_factor import current_code
from core.models import AuditAction, AuditEvent
from core.navigation import links_for

pytestmark = pytest.mark.django_db

SIGNUP = {
    "given_name": "Ana",
    "family_name": "Silva",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def test_signup_answers_the_same_whether_or_not_the_address_has_an_account(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org", email_verified_at=None)

    answers = []
    for email in ("taken@example.org", "free@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": email})
        page = client.get(response["Location"]).content.decode().replace(email, "ADDRESS")
        # The language chooser's form carries a CSRF token, masked afresh on every page.
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", page)
        answers.append((response.status_code, response["Location"], page))

    assert answers[0] == answers[1]
    taken, free = mail.outbox
    assert taken.to == ["taken@example.org"] and "already has an account" in taken.body
    assert "/accounts/verify/" in taken.body  # never confirmed: a new link comes with it
    assert "You are getting this email because" in taken.body  # it says why it was sent
    assert free.to == ["free@example.org"]
    assert AuditEvent.objects.filter(action=AuditAction.SIGNUP_EXISTING).count() == 1


def test_password_reset_links_use_site_url_not_the_host_header(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://endorsement.example.org"
    UserFactory(email="casey@example.org")

    with django_capture_on_commit_callbacks(execute=True):  # the outbox hands it to the worker
        client.post(
            reverse("password_reset"), {"email": "casey@example.org"}, HTTP_HOST="evil.example"
        )

    (message,) = mail.outbox
    assert "evil.example" not in message.body and "evil.example" not in message.alternatives[0][0]
    assert "https://endorsement.example.org/accounts/reset/" in message.body


def test_a_taken_address_email_is_queued_in_the_sign_ups_transaction_once_per_attempt():
    from django.db import transaction

    from accounts.services import user_signup
    from messaging.models import Message

    holder = UserFactory(email="taken@example.org")
    attempt = {"password": "a-long-unusual-passphrase", "given_name": "A", "family_name": "B"}

    with pytest.raises(RuntimeError), transaction.atomic():
        user_signup(email="Taken@Example.org", **attempt)
        assert Message.objects.filter(kind="account_exists").count() == 1  # in the transaction
        raise RuntimeError("the request fails after the sign-up")
    assert not Message.objects.exists() and not AuditEvent.objects.exists()

    user_signup(email="taken@example.org", **attempt)
    user_signup(email="taken@example.org", **attempt)

    queued = Message.objects.filter(kind="account_exists", recipient="taken@example.org")
    assert queued.count() == 2  # two attempts, two events: each names its audit row
    assert set(queued.values_list("about_type", "about_id")) == {("accounts.user", str(holder.pk))}
    assert set(queued.values_list("idempotency_key", flat=True)) == {
        f"account-exists:{pk}"
        for pk in AuditEvent.objects.filter(action=AuditAction.SIGNUP_EXISTING).values_list(
            "pk", flat=True
        )
    }


def test_a_password_reset_is_one_outbox_message_with_the_site_url_link(client, settings):
    from messaging.models import Message

    settings.SITE_URL = "https://endorsement.example.org"
    casey = UserFactory(email="casey@example.org")

    client.post(reverse("password_reset"), {"email": "casey@example.org"})

    (message,) = Message.objects.all()  # the outbox is the one way it leaves
    assert (message.kind, message.about_id, message.status) == (
        "password_reset",
        str(casey.pk),
        "queued",
    )
    assert message.idempotency_key.startswith("password-reset:")
    assert "https://endorsement.example.org/accounts/reset/" in message.body_text
    assert mail.outbox == []  # nothing talked to a mail server inside the request


def test_password_too_like_the_persons_name_is_refused_at_sign_up(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            **SIGNUP,
            "family_name": "Wojciechowska",
            "email": "ana@example.org",
            "password1": "Wojciechowska1",
            "password2": "Wojciechowska1",
        },
    )

    assert "The password is too similar to the last name." in response.content.decode()
    assert not User.objects.exists()


@pytest.fixture
def staff_with_codes(client):
    staff = UserFactory(roles=[Role.REVIEWER])
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": staff.email, "password": PASSWORD})
    client.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    from accounts.two_factor import recovery_codes_create

    old = recovery_codes_create(user=staff)
    return staff, device, old


def test_new_recovery_codes_need_the_password_or_a_current_code(client, staff_with_codes):
    staff, device, old = staff_with_codes
    url = reverse("accounts:recovery_codes")

    refused = client.post(url, {"proof": "not my password"})
    assert "Nothing was changed" in refused.content.decode()
    assert set(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    ) == set(old)
    assert AuditEvent.objects.filter(
        action=AuditAction.TWO_FACTOR_FAILED, details__for="recovery_codes"
    ).exists()

    client.post(url, {"proof": PASSWORD})
    renewed = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert renewed and not renewed & set(old)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    client.post(url, {"proof": current_code(device)})
    again = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert again and not again & renewed
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CODES_RENEWED).count() == 2


def test_one_network_trying_many_addresses_is_paused_with_a_clear_page(client, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    real = UserFactory(email="real@example.org")
    for n in range(3):  # a different address each time: the per-address lock never trips
        client.post(reverse("login"), {"username": f"guess{n}@example.org", "password": "x"})

    response = client.post(reverse("login"), {"username": real.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "logging in from your network is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, details__by="ip_address")
    elsewhere = client.__class__(REMOTE_ADDR="10.9.8.7")
    ok = elsewhere.post(reverse("login"), {"username": real.email, "password": PASSWORD})
    assert ok.status_code == 302


def test_coordinators_admin_link_leads_to_what_they_may_edit(client):
    coordinator = UserFactory(is_staff=True, roles=[Role.COORDINATOR])
    nobody = UserFactory(is_staff=True, roles=[Role.REVIEWER])

    assert ("Admin", reverse("admin:index")) in links_for(coordinator)[0]
    assert ("Admin", reverse("admin:index")) not in links_for(nobody)[0]
    client.force_login(coordinator)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Reference requests" in index and "Providers" in index
    assert "You don’t have permission" not in index
    assert ("Admin", reverse("admin:index")) not in links_for(applicant())[0]
