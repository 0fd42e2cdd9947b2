"""Staff sign in with a TOTP code; recovery codes work once; the admin cannot be bypassed."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.tests.factories import PASSWORD, UserFactory, applicant, coordinator
from core.models import AuditAction, AuditEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("staff_two_factor_enforced"),
]


@pytest.fixture
def staff_two_factor_enforced(settings):
    if "accounts.middleware.StaffTwoFactorMiddleware" not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[
                : settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1
            ],
            "accounts.middleware.StaffTwoFactorMiddleware",
            *settings.MIDDLEWARE[
                settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1 :
            ],
        ]


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def password_login(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_staff_are_sent_to_set_up_two_factor_after_password(client):
    user = coordinator()
    password_login(client, user)

    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_applicants_are_not_asked_for_a_second_factor(client):
    user = applicant()
    password_login(client, user)

    assert client.get(reverse("core:home")).status_code == 200


def test_setup_confirms_device_shows_recovery_codes_and_lets_staff_in(client):
    user = coordinator()
    password_login(client, user)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Set up two-factor authentication" in page and "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(reverse("accounts:two_factor"), {"code": current_code(device)})

    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"]).content.decode()
    assert codes_page.count("<li>") >= 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENABLED, actor=user).exists()


def test_wrong_setup_code_is_explained(client):
    user = coordinator()
    password_login(client, user)
    client.get(reverse("accounts:two_factor"))

    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})

    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolled_staff(role=Role.REVIEWER):
    user = UserFactory(roles=[role])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from accounts.two_factor import recovery_codes_create

    codes = recovery_codes_create(user=user)
    return user, device, codes


def test_enrolled_staff_enter_a_code_every_login_and_get_a_short_session(client, settings):
    user, device, _ = enrolled_staff()
    password_login(client, user)

    wrong = client.post(reverse("accounts:two_factor"), {"code": "123456"})
    # django-otp makes the next try wait a moment after a failure (brute-force throttle).
    with time_machine.travel(dt.timedelta(seconds=5)):
        right = client.post(reverse("accounts:two_factor"), {"code": current_code(device)})

    assert "That code did not work" in wrong.content.decode()
    assert right.status_code == 302
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_AGE
    assert client.get(reverse("core:home")).status_code == 200


def test_a_recovery_code_works_once(client):
    user, _, codes = enrolled_staff()
    password_login(client, user)
    client.post(reverse("accounts:two_factor"), {"code": codes[0]})
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("logout"))

    password_login(client, user)
    response = client.post(reverse("accounts:two_factor"), {"code": codes[0]})

    assert "That code did not work" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CODE_USED).count() == 1


def test_admin_cannot_be_reached_without_the_second_factor(client):
    user, device, _ = enrolled_staff(role=Role.COORDINATOR)
    user.is_staff = True
    user.save()
    password_login(client, user)  # the password, but no second factor yet

    response = client.get("/admin/")

    assert response.status_code == 302
    assert reverse("accounts:two_factor") in response["Location"]


def test_admin_site_itself_requires_verified_sessions():
    from django.contrib import admin
    from django_otp.admin import OTPAdminSite

    assert isinstance(admin.site, OTPAdminSite)


def test_next_parameter_cannot_send_people_off_site(client):
    user, device, _ = enrolled_staff()
    password_login(client, user)

    response = client.post(
        reverse("accounts:two_factor") + "?next=https://evil.example/",
        {"code": current_code(device)},
    )

    assert response["Location"] == reverse("core:home")
