"""Writes for accounts: sign-up, email verification, roles."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import send_templated_email

from .models import Role, User

VERIFY_SALT = "accounts.verify-email"


class VerificationError(Exception):
    """A verification link that is tampered with, expired or for a changed address."""


def role_grant(*, user: User, role: Role) -> None:
    """Give `user` a role (idempotent). Creates the role's group if a flush removed it."""
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    user.__dict__.pop("role_names", None)


def role_revoke(*, user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role))
    user.__dict__.pop("role_names", None)


def email_verification_token(*, user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT, compress=True)


def email_verification_send(*, user: User) -> None:
    """Email `user` a link that confirms their address. Side effects: one outbox message
    (one per link: the token's signature names the event)."""
    token = email_verification_token(user=user)
    link = settings.SITE_URL + reverse("accounts:verify_email", args=[token])
    days = settings.EMAIL_VERIFICATION_MAX_AGE.days
    send_templated_email(
        "verify_email",
        to=user.email,
        context={"user": user, "link": link, "days": days},
        idempotency_key=f"verify-email:{user.pk}:{token.rsplit(':', 1)[-1]}",
        kind="verify_email",
        about=user,
    )


@transaction.atomic
def user_signup(*, email: str, password: str, given_name: str, family_name: str) -> User:
    """Create an applicant account that must verify its email before logging in.

    Side effects, in order: the user row; the Applicants role; the verification email queued
    in the outbox in the same transaction (a rolled-back sign-up never emails).
    """
    user = User.objects.create_user(
        email=email, password=password, given_name=given_name, family_name=family_name
    )
    role_grant(user=user, role=Role.APPLICANT)
    email_verification_send(user=user)
    return user


def user_verify_email(*, token: str) -> User:
    """Mark the address in `token` as verified. Raises VerificationError for a bad link.

    Following the link again after success is harmless: the user is returned unchanged.
    """
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationError("expired") from exc
    except signing.BadSignature as exc:
        raise VerificationError("invalid") from exc
    user = User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
    if user is None:
        raise VerificationError("invalid")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user
