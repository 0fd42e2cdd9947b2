"""Writes for accounts: sign-up, email verification, roles."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core import links
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction, AuditEvent

from .models import NameChange, Role, User

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


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
    return links.link_token(links.EMAIL_VERIFICATION, {"u": user.pk, "e": user.email})


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
def user_signup(
    *, email: str, password: str, given_name: str, family_name: str, language: str = ""
) -> User | None:
    """Create an applicant account that must verify its email before logging in.

    `language` is the one the person was reading the sign-up page in: it becomes their
    `preferred_language`, so that the confirmation email and every later one are in it.

    The answer never tells whether the address has an account already: then nothing is
    created, the password is hashed all the same (so the answer takes as long), and the
    address's holder gets an email saying someone tried to sign up with it.

    Side effects, in order: the user row; the Applicants role; the verification email queued
    in the outbox in the same transaction (a rolled-back sign-up never emails). For a taken
    address instead: an audit row and the "someone tried to sign up" email queued with it.
    Returns the new user or None.
    """
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    given_name=given_name,
                    family_name=family_name,
                    preferred_language=language if language in LANGUAGE_CODES else "",
                )
        except IntegrityError:  # signed up a moment ago, in another request
            existing = User.objects.filter(email__iexact=email.strip()).first()
        else:
            role_grant(user=user, role=Role.APPLICANT)
            email_verification_send(user=user)
            return user
    make_password(password)
    attempt = audit_record(
        action=AuditAction.SIGNUP_EXISTING,
        target=existing,
        subject=existing,
        actor_email=email.strip().lower()[:254],
    )
    signup_existing_notify(user=existing, attempt=attempt)
    return None


def signup_existing_notify(*, user: User, attempt: AuditEvent) -> int:
    """Tell an address's holder that someone tried to sign up with it: how to log in or reset
    the password, and, if they never confirmed the address, a new confirmation link.
    Side effects: one outbox message (one per attempt: `attempt` is its audit row)."""
    context = {
        "user": user,
        "login_link": settings.SITE_URL + reverse("login"),
        "reset_link": settings.SITE_URL + reverse("password_reset"),
        "verify_link": ""
        if user.email_verified
        else settings.SITE_URL
        + reverse("accounts:verify_email", args=[email_verification_token(user=user)]),
        "days": settings.EMAIL_VERIFICATION_MAX_AGE.days,
    }
    return send_templated_email(
        "account_exists",
        to=user.email,
        context=context,
        idempotency_key=f"account-exists:{attempt.pk}",
        kind="account_exists",
        about=user,
    )


def user_verify_email(*, token: str) -> User:
    """Mark the address in `token` as verified. Raises VerificationError for a bad link.

    Following the link again after success is harmless: the user is returned unchanged.
    """
    try:
        data = links.link_payload(links.EMAIL_VERIFICATION, token)
    except links.LinkError as exc:
        raise VerificationError(exc.reason) from exc
    user = User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
    if user is None:
        raise VerificationError("invalid")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def user_name_correct(
    *, user: User, given_name: str, family_name: str, actor: User | None
) -> NameChange | None:
    """Correct a person's account (legal) name, keeping the old one in the history.

    Side effects, in order, only when the name really changes: the user row; a NameChange row
    (owner or staff, by `actor`); the audit row. Returns the NameChange, or None.
    """
    given_name = " ".join(given_name.split())
    family_name = " ".join(family_name.split())
    if not given_name or not family_name:
        raise ValueError("both names are required")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if (locked.given_name, locked.family_name) == (given_name, family_name):
        return None
    change = NameChange.objects.create(
        user=locked,
        old_given_name=locked.given_name,
        old_family_name=locked.family_name,
        new_given_name=given_name,
        new_family_name=family_name,
        changed_by=actor,
        source=NameChange.Source.OWNER
        if actor is not None and actor.pk == locked.pk
        else NameChange.Source.STAFF,
    )
    locked.given_name, locked.family_name = given_name, family_name
    locked.save(update_fields=["given_name", "family_name"])
    audit_record(
        action=AuditAction.NAME_CHANGED,
        actor=actor,
        target=locked,
        subject=locked,
        details={
            "from": f"{change.old_given_name} {change.old_family_name}",
            "to": f"{given_name} {family_name}",
        },
    )
    user.given_name, user.family_name = given_name, family_name
    return change


def user_language_set(*, user: User, language: str) -> bool:
    """Store the language `user` reads the portal and their emails in.

    Side effects: the user row, only when the language really changes. Returns whether it
    changed. Raises ValueError for a language the portal does not offer.
    """
    if language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language {language!r}")
    if user.preferred_language == language:
        return False
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return True
