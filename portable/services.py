"""Issuing portable credentials: the Open Badges 3.0 credential of an endorsement, signed as a
VC-JWT, and the Bitstring Status Lists that say whether it still stands.

Specifications followed (section numbers as published):
- 1EdTech Open Badges Specification v3.0 (OB 3.0): §4 (contexts), the OpenBadgeCredential
  (AchievementCredential), Profile, AchievementSubject and Achievement classes (appendix B.1),
  §5.3 (web resource: a VC-JWT is served as the compact JWS, text/plain), §8.2 (JSON Web Token
  Proof Format: JOSE header, JWT payload claims).
- W3C Verifiable Credentials Data Model v2.0 (VCDM 2.0): §4.1 contexts, §4.4 identifiers,
  §4.5 types, §4.7 issuer, §4.9 validity period (validFrom / validUntil), §4.10 status.
- W3C Bitstring Status List v1.0: §2.1 BitstringStatusListEntry, §2.2
  BitstringStatusListCredential, §3.1 generation (GZIP, multibase base64url), §6 privacy.

Contexts are written as URLs and never fetched: verifying a VC-JWT needs none of them.
"""

from __future__ import annotations

import base64
import gzip
import json
import secrets
import uuid
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from jwcrypto import jws

from endorsements.models import Endorsement, EndorsementStatus

from . import keys
from .models import STATUS_LIST_SIZE, StatusListEntry

# VCDM 2.0 §4.1 (the base context first) and OB 3.0 §4 / docformat example (context 3.0.3).
CONTEXTS = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
# Bitstring Status List v1.0 §2.2: its terms are in the VCDM 2.0 base context.
STATUS_LIST_CONTEXTS = ("https://www.w3.org/ns/credentials/v2",)
# Bitstring Status List v1.0 §2.1 statusPurpose: revocation is final (a revoked credential
# never comes back, as ENDORSEMENT_TRANSITIONS says), suspension is reversible (suspended,
# lapsed and archived credentials may come back: the bit is cleared on reinstatement).
REVOCATION, SUSPENSION = "revocation", "suspension"
PURPOSES = (REVOCATION, SUSPENSION)
BIT_SET_BY = {
    REVOCATION: frozenset({EndorsementStatus.REVOKED}),
    SUSPENSION: frozenset(
        {EndorsementStatus.SUSPENDED, EndorsementStatus.LAPSED, EndorsementStatus.ARCHIVED}
    ),
}
# Random draws per list before a list counts as full enough to open the next one; half full
# keeps each random draw likely to find a free place.
LIST_FILL = STATUS_LIST_SIZE // 2
MEDIA_TYPE_JWT = "text/plain; charset=utf-8"  # OB 3.0 §5.3: "Content-Type SHOULD be text/plain"


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _instant(value: datetime) -> str:
    """VCDM 2.0 dateTimeStamp, in UTC (`Z`)."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def issuer_profile() -> dict:
    """OB 3.0 Profile of the association (VCDM 2.0 §4.7: issuer as an object with an id)."""
    return {
        "id": _url("portable:issuer"),
        "type": ["Profile"],
        "name": settings.ASSOCIATION_NAME,
        "url": settings.SITE_URL + "/",
    }


def subject_id(holder_id: int) -> str:
    """A stable URI for the holder (VCDM 2.0 §4.4): the same person in every credential we
    issue, with no email or name in it."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/holders/{holder_id}")
    )


# --- Status list places -----------------------------------------------------------------------


def status_entry_for(*, endorsement: Endorsement) -> StatusListEntry:
    """The endorsement's place in the status lists, given the first time it is asked for and
    never changed (Bitstring Status List v1.0 §6.3: indexes drawn at random).

    Side effects: at most one StatusListEntry row. Two requests at once both end with the
    same place: the loser of the race reads the winner's row.
    """
    try:
        return endorsement.status_list_entry  # loaded with the endorsement by the selector
    except StatusListEntry.DoesNotExist:
        pass
    list_number = 1 + StatusListEntry.objects.count() // LIST_FILL
    for _attempt in range(50):
        try:
            with transaction.atomic():
                return StatusListEntry.objects.create(
                    endorsement=endorsement,
                    list_number=list_number,
                    index=secrets.randbelow(STATUS_LIST_SIZE),
                )
        except IntegrityError:
            existing = StatusListEntry.objects.filter(endorsement=endorsement).first()
            if existing is not None:
                return existing  # another request placed it first
    raise RuntimeError("no free status list place after 50 draws")


def status_list_url(*, purpose: str, list_number: int) -> str:
    return _url("portable:status_list", purpose=purpose, number=list_number)


def credential_status(entry: StatusListEntry) -> list[dict]:
    """Bitstring Status List v1.0 §2.1: one BitstringStatusListEntry per purpose (VCDM 2.0
    §4.10 allows several). statusListIndex is a string of the integer, per §2.1."""
    result = []
    for purpose in PURPOSES:
        list_url = status_list_url(purpose=purpose, list_number=entry.list_number)
        result.append(
            {
                "id": f"{list_url}#{entry.index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(entry.index),
                "statusListCredential": list_url,
            }
        )
    return result


# --- The Open Badges credential ------------------------------------------------------------


def credential_url(endorsement: Endorsement) -> str:
    return _url("portable:credential", code=endorsement.verification_code)


def credential_language(endorsement: Endorsement) -> str:
    language = getattr(endorsement.holder, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def credential_build(*, endorsement: Endorsement, entry: StatusListEntry) -> dict:
    """The OpenBadgeCredential of `endorsement` as it stands (OB 3.0 appendix B.1.1).

    Written in the holder's language (their account's choice, else the portal's default):
    a credential has one language, and OB 3.0 B.1.3 says which with the achievement's
    `inLanguage` (a BCP 47 code). The name on it is the printed name the holder chose.
    """
    category = endorsement.category
    language = credential_language(endorsement)
    with translation.override(language):
        achievement_url = _url("competencies:detail", code=category.code)
        return {
            "@context": list(CONTEXTS),
            # VCDM 2.0 §4.4: a URL that answers with this credential.
            "id": credential_url(endorsement),
            # VCDM 2.0 §4.5 / OB 3.0 B.1.1: both types, base type first.
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": f"{category.name} ({category.code})",
            "issuer": issuer_profile(),
            # VCDM 2.0 §4.9: the validity period; renewal moves validUntil on.
            "validFrom": _instant(_day_start(endorsement.issued_on)),
            "validUntil": _instant(_day_end(endorsement.valid_through)),
            "credentialSubject": {
                "id": subject_id(endorsement.holder_id),
                # OB 3.0 B.1.2 AchievementSubject.
                "type": ["AchievementSubject"],
                # OB 3.0 B.1.12 IdentityObject: the printed name, in the clear, as on the
                # certificate; and the endorsement number.
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "name",
                        "hashed": False,
                        "identityHash": endorsement.printed_name,
                    },
                    {
                        "type": "IdentityObject",
                        "identityType": "identifier",
                        "hashed": False,
                        "identityHash": endorsement.number,
                    },
                ],
                "achievement": {
                    # OB 3.0 B.1.3 Achievement: the category, described by its public
                    # requirements page.
                    "id": achievement_url,
                    "type": ["Achievement"],
                    "achievementType": "Certification",
                    "humanCode": category.code,
                    "inLanguage": language,
                    "name": category.name,
                    "description": gettext("%(association)s endorsement: %(category)s")
                    % {"association": settings.ASSOCIATION_NAME, "category": category.name},
                    "criteria": {"id": achievement_url},
                    "creator": issuer_profile(),
                },
            },
            "credentialStatus": credential_status(entry),
        }


def sign(payload: dict, *, key=None) -> str:
    """A compact JWS of `payload` (OB 3.0 §8.2.3 JOSE header: alg RS256, kid the URL of the
    public JWK, typ JWT; no other header is allowed)."""
    key = key or keys.signing_key()
    token = jws.JWS(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
    header = {"alg": keys.ALGORITHM, "kid": keys.key_url(key.thumbprint()), "typ": "JWT"}
    token.add_signature(key, alg=keys.ALGORITHM, protected=json.dumps(header))
    return token.serialize(compact=True)


def _numeric(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def jwt_claims(credential: dict) -> dict:
    """OB 3.0 §8.2.4 JWT payload: the credential itself with exp, iss, jti, nbf and sub."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["sub"] = credential["credentialSubject"]["id"]
    claims["nbf"] = _numeric(credential["validFrom"])
    if "validUntil" in credential:
        claims["exp"] = _numeric(credential["validUntil"])
    return claims


def credential_issue(*, endorsement: Endorsement) -> str:
    """The signed OpenBadgeCredential of `endorsement` (a compact JWS), built on request from
    the credential as it stands, so it is never stale.

    Side effects: the endorsement's status list place, the first time. Raises
    keys.KeysNotConfigured when no signing key is configured.
    """
    keys.signing_key()  # before any write: no place is given when nothing can be signed
    entry = status_entry_for(endorsement=endorsement)
    return sign(jwt_claims(credential_build(endorsement=endorsement, entry=entry)))


# --- Status lists ---------------------------------------------------------------------------


def status_bits(*, purpose: str, list_number: int) -> bytearray:
    """The list's bitstring from the credentials' current statuses (one query)."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    set_by = BIT_SET_BY[purpose]
    places = StatusListEntry.objects.filter(list_number=list_number).values_list(
        "index", "endorsement__status"
    )
    for index, status in places:
        if status in set_by:
            # Bitstring Status List v1.0 §3.1: index 0 is the left-most bit of the first byte.
            bits[index // 8] |= 0x80 >> (index % 8)
    return bits


def encode_bits(bits: bytes) -> str:
    """Bitstring Status List v1.0 §3.1 step 3: GZIP, then multibase base64url (prefix "u",
    no padding). `mtime=0` keeps the same statuses giving the same bytes."""
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def status_list_exists(*, list_number: int) -> bool:
    return StatusListEntry.objects.filter(list_number=list_number).exists()


def status_list_issue(*, purpose: str, list_number: int, now: datetime | None = None) -> str:
    """The signed BitstringStatusListCredential (§2.2), built on request from the statuses
    as they are now: no cache, so a lapse, suspension, revocation or reinstatement shows at
    once. Signed like the credentials (VC-JWT)."""
    now = now or timezone.now()
    url = status_list_url(purpose=purpose, list_number=list_number)
    credential = {
        "@context": list(STATUS_LIST_CONTEXTS),
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_profile(),
        "validFrom": _instant(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_bits(status_bits(purpose=purpose, list_number=list_number)),
        },
    }
    return sign(jwt_claims(credential))
