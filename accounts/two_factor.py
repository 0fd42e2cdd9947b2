"""Two-factor authentication for staff: TOTP devices and one-time recovery codes (django-otp).

Services and selectors for the second factor; the views are in accounts.views_two_factor.
"""

import base64

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record
from core.models import AuditAction
from core.qr import qr_data_uri

TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed device being set up (created on first visit, reused after)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_setup_details(device: TOTPDevice) -> dict:
    """What the setup page shows: a QR code (SVG data URI) and the key for typing in."""
    return {
        "qr_data_uri": qr_data_uri(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
    }


def recovery_codes_create(*, user) -> list[str]:
    """Replace the user's recovery codes with a fresh set; returns them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def totp_setup_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with its first code.

    Side effects, in order: the device is confirmed; any older devices are removed; a fresh
    set of recovery codes; the session is marked as verified; audit rows (two-factor on, and
    "logged in": staff are logged in only now). Returns the
    recovery codes, or None when the code is wrong.
    """
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    codes = recovery_codes_create(user=device.user)
    otp_login(request, device)
    audit_record(action=AuditAction.TWO_FACTOR_ENABLED, request=request, actor=device.user)
    audit_record(action=AuditAction.LOGIN, request=request, actor=device.user)
    return codes


def second_factor_verify(*, request, user, code: str) -> bool:
    """Check an authenticator code, or else a recovery code (used up once accepted).

    Side effects: the session is marked verified on success, with a "logged in" audit row
    (staff are logged in only now); an audit row when a recovery code is used or the code is
    wrong. django-otp throttles repeated failures.
    """
    code = code.strip().replace(" ", "")
    totp = totp_device_confirmed(user=user)
    if totp is not None and code.isdigit() and totp.verify_is_allowed()[0]:
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=totp.pk)
            if device.verify_token(code):
                otp_login(request, device)
                audit_record(action=AuditAction.LOGIN, request=request, actor=user)
                return True
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and not code.isdigit():
        with transaction.atomic():
            device = StaticDevice.objects.select_for_update().get(pk=recovery.pk)
            if device.verify_token(code):
                otp_login(request, device)
                audit_record(action=AuditAction.RECOVERY_CODE_USED, request=request, actor=user)
                audit_record(action=AuditAction.LOGIN, request=request, actor=user)
                return True
    audit_record(action=AuditAction.TWO_FACTOR_FAILED, request=request, actor=user)
    return False


def recovery_codes_renew(*, request, user, proof: str) -> list[str] | None:
    """Make a new set of recovery codes, but only for someone who proves it is them now: their
    password, or a current code from the authenticator app (a session left open is not
    enough). Side effects: on success the old codes replaced and an audit row; a wrong proof
    is recorded as a failed second factor. Returns the new codes, or None."""
    proof = proof.strip() if proof.strip().isdigit() else proof
    proven = user.check_password(proof)
    if not proven and proof.isdigit():
        totp = totp_device_confirmed(user=user)
        if totp is not None and totp.verify_is_allowed()[0]:
            with transaction.atomic():
                device = TOTPDevice.objects.select_for_update().get(pk=totp.pk)
                proven = device.verify_token(proof)
    if not proven:
        audit_record(
            action=AuditAction.TWO_FACTOR_FAILED,
            request=request,
            actor=user,
            details={"for": "recovery_codes"},
        )
        return None
    codes = recovery_codes_create(user=user)
    audit_record(action=AuditAction.RECOVERY_CODES_RENEWED, request=request, actor=user)
    return codes


def recovery_codes_remaining(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
