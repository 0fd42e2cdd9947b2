"""The verification API's writes: keys (made, revoked, checked on every call) and the checks
made with them, each one recorded for the holder and in the audit trail."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction

from ..models import (
    ApiKey,
    Organisation,
    RosterLine,
    RosterOutcome,
    VerificationChannel,
    VerificationRecord,
)
from .rosters import roster_lines_match

# A key reads "vk_<prefix>_<secret>": the prefix finds the row, the secret proves the caller.
KEY_START = "vk_"
PREFIX_SHAPE = re.compile(r"[0-9a-f]{12}")  # secrets.token_hex(6)
SECRET_BYTES = 32  # 256 bits: a fast hash of it is as strong as a slow one


class ApiKeyError(Exception):
    """The key cannot be changed that way (already revoked)."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_key_create(*, organisation: Organisation, user: User, name: str) -> tuple[ApiKey, str]:
    """A new read-only key for the organisation. Returns the row and the whole key, which
    exists only in this return value: show it once, never store it.

    Side effects, in order: the key row (its digest, not the key); an audit row.
    """
    for _attempt in range(5):
        prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(SECRET_BYTES)
        whole = f"{KEY_START}{prefix}_{secret}"
        try:
            with transaction.atomic():
                key = ApiKey.objects.create(
                    organisation=organisation,
                    name=name.strip()[:100],
                    prefix=prefix,
                    digest=_digest(whole),
                    created_by=user,
                )
            break
        except IntegrityError:  # the same prefix twice: one in 2**48 per pair of keys
            continue
    else:  # pragma: no cover - five collisions in a row do not happen
        raise RuntimeError("Could not find a free API key prefix")
    audit_record(
        action=AuditAction.API_KEY_CREATED,
        actor=user,
        target=key,
        details={"organisation": organisation.pk, "prefix": prefix, "scope": key.scope},
    )
    return key, whole


@transaction.atomic
def api_key_revoke(*, key: ApiKey, user: User) -> ApiKey:
    """Stop the key working at once (the next call with it answers 401).

    Side effects: the key's revoked time and who revoked it; an audit row. Refuses a key
    already revoked (ApiKeyError), so a double click records one revocation.
    """
    updated = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    if not updated:
        raise ApiKeyError("already revoked")
    key.refresh_from_db()
    audit_record(
        action=AuditAction.API_KEY_REVOKED,
        actor=user,
        target=key,
        details={"organisation": key.organisation_id, "prefix": key.prefix},
    )
    return key


def api_key_authenticate(*, presented: str) -> ApiKey | None:
    """The live key the caller presented, with its organisation, or None: unknown, malformed,
    revoked, or its organisation is no longer approved. Side effect: the key's last use.

    The digest comparison takes the same time whatever the digests hold.
    """
    presented = (presented or "").strip()
    if not presented.startswith(KEY_START) or len(presented) > 100:
        return None
    prefix, _sep, secret = presented[len(KEY_START) :].partition("_")
    if not PREFIX_SHAPE.fullmatch(prefix) or not secret:
        return None  # not one of ours: no query (and nothing the database would refuse)
    key = ApiKey.objects.select_related("organisation").filter(prefix=prefix).first()
    if key is None:
        return None
    if not hmac.compare_digest(key.digest, _digest(presented)):
        return None
    if not key.is_active or not key.organisation.is_approved:
        return None
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now
    return key


def api_call_record(
    *, key: ApiKey | None, method: str, path: str, status: int, details: dict | None = None
) -> None:
    """One audit row per API call, answered or refused (the address comes from the request
    being served). Never the names sent: they may be someone's guess."""
    audit_record(
        action=AuditAction.API_CALL,
        target=key,
        details={
            "method": method,
            # What the caller typed in the address, made printable: the database refuses NUL.
            "path": "".join(ch if ch.isprintable() else "?" for ch in path[:200]),
            "status": status,
            "key": key.prefix if key is not None else None,
            "organisation": key.organisation_id if key is not None else None,
            **(details or {}),
        },
    )


# --- Checks -------------------------------------------------------------------------------


def _lines(checks: list[dict]) -> list[RosterLine]:
    # The roster's matching, on lines that are never saved: the API answers exactly as a
    # roster of the same numbers and names would.
    return [
        RosterLine(line=i, number=(c.get("number") or "").strip(), name=(c.get("name") or ""))
        for i, c in enumerate(checks)
    ]


@transaction.atomic
def credentials_check(*, key: ApiKey, checks: list[dict]) -> list[dict]:
    """Check each {number, name?}: the outcome (`matched`, `no_match`, `name_differs`) and,
    when matched, the credential as the lookup and rosters show it. Three queries at most
    whatever the number of checks, plus the records.

    Side effects: one VerificationRecord (channel "api") per credential matched; the holder
    sees these on their "Who checked me" page.
    """
    lines = _lines(checks)
    wanted = [line for line in lines if line.number]
    matched = roster_lines_match(wanted) if wanted else []
    VerificationRecord.objects.bulk_create(
        [
            VerificationRecord(
                organisation=key.organisation, endorsement_id=pk, channel=VerificationChannel.API
            )
            for pk in matched
        ]
    )
    answers = []
    for line in lines:
        if not line.number:
            outcome, credential = RosterOutcome.NO_MATCH, None
        else:
            outcome = line.outcome
            credential = line.results[0] if line.results else None
        answers.append({"number": line.number, "outcome": str(outcome), "credential": credential})
    return answers


def credential_check(*, key: ApiKey, number: str) -> dict | None:
    """The credential with this number as an organisation sees it, or None. Side effect: a
    VerificationRecord when found (see `credentials_check`)."""
    (answer,) = credentials_check(key=key, checks=[{"number": number}])
    return answer["credential"]
