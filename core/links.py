"""Signed links: the one way to put a row's id in a link we email and read it back.

Each purpose has its own salt (so a token signed for one purpose is refused by every other) and
its own longest life, read from the settings when the link is read (so changing the setting
changes links already sent). The token is Django's `signing.dumps` format (JSON, HMAC-SHA256
with SECRET_KEY and its fallbacks, a timestamp), so links sent before this helper existed keep
working.

A signature only proves we wrote the token, and when. Whatever else ends a link lives on its row
and is checked by the caller: a `nonce` that a resend replaces (older links die), an `expires_at`
that a resend moves, an answer already given.

| purpose              | salt                                 | longest life (setting)           |
|----------------------|--------------------------------------|----------------------------------|
| REFERENCE            | `endorsements.reference`             | `REFERENCE_LINK_DAYS` (30 days)  |
| RSC_ATTESTATION      | `reflective_supervision.attestation` | `RSC_ATTESTATION_LINK_DAYS` (30) |
| EMAIL_VERIFICATION   | `accounts.verify-email`              | `EMAIL_VERIFICATION_MAX_AGE` (3) |
| TRAINING_INVITATION  | `trainings.invitation`               | `INVITATION_MAX_AGE` (180 days)  |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing


@dataclass(frozen=True)
class LinkPurpose:
    """What a kind of link is for: its salt and the setting holding its longest life."""

    salt: str
    # A settings name holding days (int) or a timedelta; `default_days` when it is not set.
    max_age_setting: str
    default_days: int

    def max_age(self) -> timedelta:
        value = getattr(settings, self.max_age_setting, self.default_days)
        return value if isinstance(value, timedelta) else timedelta(days=value)


# A reference rater's link to rate an applicant (endorsements.services.references).
REFERENCE = LinkPurpose("endorsements.reference", "REFERENCE_LINK_DAYS", 30)
# An RSC provider's link to confirm a supervisee's sessions (reflective_supervision).
RSC_ATTESTATION = LinkPurpose("reflective_supervision.attestation", "RSC_ATTESTATION_LINK_DAYS", 30)
# A new account's link to confirm its email address (accounts.services).
EMAIL_VERIFICATION = LinkPurpose("accounts.verify-email", "EMAIL_VERIFICATION_MAX_AGE", 3)
# A training attendee without an account: the link to sign up and claim it (trainings).
TRAINING_INVITATION = LinkPurpose("trainings.invitation", "INVITATION_MAX_AGE", 180)


class LinkError(Exception):
    """A link that must not be used: `reason` is `invalid` or `expired`."""

    reason = "invalid"


class LinkInvalid(LinkError):
    """Tampered with, signed for another purpose or with an unknown key, or not a payload."""

    reason = "invalid"


class LinkExpired(LinkError):
    """Genuine but older than its purpose's longest life. `payload` says which row it named,
    so the page can say when it ended."""

    reason = "expired"

    def __init__(self, payload: dict):
        super().__init__("expired")
        self.payload = payload


def link_token(purpose: LinkPurpose, payload: dict) -> str:
    """A URL-safe token carrying `payload` (small JSON: ids and nonces) for `purpose`."""
    return signing.dumps(payload, salt=purpose.salt)


def link_payload(purpose: LinkPurpose, token: str) -> dict:
    """The payload of a token signed for `purpose`. Raises LinkInvalid or LinkExpired."""
    try:
        payload = signing.loads(token, salt=purpose.salt, max_age=purpose.max_age())
    except signing.SignatureExpired as exc:
        # Genuine (the signature held) but old: read it again without the age check.
        payload = signing.loads(token, salt=purpose.salt)
        if not isinstance(payload, dict):
            raise LinkInvalid("invalid") from exc
        raise LinkExpired(payload) from exc
    except signing.BadSignature as exc:
        raise LinkInvalid("invalid") from exc
    if not isinstance(payload, dict):
        raise LinkInvalid("invalid")
    return payload
