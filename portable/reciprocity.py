"""Reciprocity: endorsements from other associations, recorded here with their origin.

A coordinator records one either with evidence (a checked upload) or by uploading the other
association's Open Badges credential (VC-JWT), verified against a key a registry admin
registered for that issuer. Nothing is fetched from the other association while verifying.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import transaction
from django.utils import timezone
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from applicants.services import stored_file_create
from applicants.uploads import CheckedUpload
from core.audit import audit_record
from core.models import AuditAction

from .models import ReciprocalEndorsement, TrustedIssuer

# Algorithms accepted from other associations: OB 3.0 §8.2.3 requires RS256 at least and
# permits others; never "none" or a MAC (a shared secret is no proof of the issuer).
ACCEPTED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA")
MAX_CREDENTIAL_BYTES = 64 * 1024


class CredentialRejected(Exception):
    """The uploaded credential did not verify; `code` says why (the form writes the sentence)."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class VerifiedCredential:
    issuer: TrustedIssuer
    key_id: str
    token: str
    category: str
    number: str
    valid_through: date


def _compact(text: str) -> str:
    """The compact JWS in an upload: the token itself (OB 3.0 §5.2 file format for VC-JWT),
    or a JSON string holding it. A JSON object is a credential with an embedded proof, which
    is not supported."""
    text = text.strip().lstrip("\ufeff")
    if text.startswith("{"):
        raise CredentialRejected("embedded_proof")
    if text.startswith('"'):
        try:
            text = json.loads(text)
        except ValueError as error:
            raise CredentialRejected("not_a_credential") from error
    if not isinstance(text, str) or text.count(".") != 2 or any(c.isspace() for c in text):
        raise CredentialRejected("not_a_credential")
    return text


def _key_for(header: dict, issuer: TrustedIssuer) -> tuple[jwk.JWK, str]:
    try:
        keyset = jwk.JWKSet.from_json(json.dumps(issuer.jwks))
    except (ValueError, TypeError, KeyError) as error:
        raise CredentialRejected("issuer_keys_broken") from error
    kid = header.get("kid")
    if isinstance(kid, str) and kid:
        key = keyset.get_key(kid)
        if key is not None:
            return key, kid
    # OB 3.0 §8.2.3 allows the key in the header ("jwk") instead: it is trusted only when it
    # is one of the keys registered for the issuer.
    if isinstance(header.get("jwk"), dict):
        try:
            thumbprint = jwk.JWK(**header["jwk"]).thumbprint()
        except (ValueError, TypeError, JWException) as error:
            raise CredentialRejected("unknown_key") from error
        for key in keyset["keys"]:
            if key.thumbprint() == thumbprint:
                return key, key.get("kid") or thumbprint
    raise CredentialRejected("unknown_key")


def _date(value) -> datetime:
    if not isinstance(value, str):
        raise ValueError(value)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def credential_verify(*, text: str, now: datetime | None = None) -> VerifiedCredential:
    """Verify an uploaded OpenBadgeCredential (VC-JWT) as OB 3.0 §8.2.6 says, against the
    keys registered for its issuer. Raises CredentialRejected with a code.

    Steps: the compact JWS parsed; its issuer ("iss") must be an active TrustedIssuer; the
    key named by "kid" (or given as "jwk") must be one registered for it; the signature
    checked with an accepted algorithm; then the claims (§8.2.6.1): iss = issuer.id, sub =
    credentialSubject.id, jti = id, nbf = validFrom and not in the future, exp not passed.
    """
    now = now or timezone.now()
    token = _compact(text)
    parsed = jws.JWS()
    try:
        parsed.deserialize(token)
        header = parsed.jose_header
        payload = json.loads(parsed.objects["payload"])
    except (JWException, ValueError, KeyError, TypeError) as error:
        raise CredentialRejected("not_a_credential") from error
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise CredentialRejected("not_a_credential")
    if header.get("alg") not in ACCEPTED_ALGORITHMS:
        raise CredentialRejected("algorithm")
    # VCDM 1.1 credentials keep the credential in "vc" (OB 3.0 §8.2.6 note).
    credential = payload.get("vc") if isinstance(payload.get("vc"), dict) else payload
    issuer_id = payload.get("iss")
    issuer = (
        TrustedIssuer.objects.filter(issuer_id=issuer_id, active=True).first()
        if isinstance(issuer_id, str)
        else None
    )
    if issuer is None:
        raise CredentialRejected("unknown_issuer")
    key, kid = _key_for(header, issuer)
    try:
        parsed.verify(key, alg=header["alg"])
    except JWException as error:
        raise CredentialRejected("bad_signature") from error
    try:
        types = credential.get("type") or []
        if not {"VerifiableCredential"} <= set(types) or not (
            {"OpenBadgeCredential", "AchievementCredential"} & set(types)
        ):
            raise CredentialRejected("not_a_badge")
        issuer_obj = credential["issuer"]
        subject = credential["credentialSubject"]
        claimed_issuer = issuer_obj["id"] if isinstance(issuer_obj, dict) else issuer_obj
        if claimed_issuer != issuer_id:
            raise CredentialRejected("claims_mismatch")
        if "sub" in payload and payload["sub"] != subject.get("id"):
            raise CredentialRejected("claims_mismatch")
        if payload.get("jti") != credential.get("id"):
            raise CredentialRejected("claims_mismatch")
        valid_from = _date(credential.get("validFrom") or credential.get("issuanceDate"))
        if payload.get("nbf") != int(valid_from.timestamp()) or valid_from > now:
            raise CredentialRejected("claims_mismatch")
        until = credential.get("validUntil") or credential.get("expirationDate")
        if until is None:
            raise CredentialRejected("no_valid_until")
        valid_until = _date(until)
        if "exp" in payload and payload["exp"] != int(valid_until.timestamp()):
            raise CredentialRejected("claims_mismatch")
        if valid_until < now:
            raise CredentialRejected("expired", day=valid_until.date())
        achievement = subject["achievement"]
        category = str(achievement.get("name") or "")[:200]
        number = ""
        for identity in subject.get("identifier") or []:
            if isinstance(identity, dict) and identity.get("identityType") == "identifier":
                number = str(identity.get("identityHash") or "")[:100]
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise CredentialRejected("not_a_badge") from error
    if not category:
        raise CredentialRejected("not_a_badge")
    return VerifiedCredential(
        issuer=issuer,
        key_id=kid,
        token=token,
        category=category,
        number=number,
        valid_through=valid_until.date(),
    )


def _recorded(record: ReciprocalEndorsement, actor, request) -> ReciprocalEndorsement:
    audit_record(
        action=AuditAction.RECIPROCITY_RECORDED,
        actor=actor,
        request=request,
        subject=record.holder,
        target=record,
        details={"method": record.method, "association": record.issuing_association},
    )
    return record


@transaction.atomic
def reciprocal_record_with_evidence(
    *,
    holder,
    issuing_association: str,
    number: str,
    category: str,
    valid_through: date,
    evidence: CheckedUpload,
    note: str = "",
    actor,
    request=None,
) -> ReciprocalEndorsement:
    """Record another association's endorsement that a coordinator checked on evidence.

    Side effects, in order: the evidence file stored (owned by the holder); the record; an
    audit row (`reciprocity_recorded`).
    """
    record = ReciprocalEndorsement.objects.create(
        holder=holder,
        issuing_association=issuing_association,
        number=number,
        category=category,
        valid_through=valid_through,
        method=ReciprocalEndorsement.Method.EVIDENCE,
        evidence_file=stored_file_create(owner=holder, upload=evidence),
        recorded_by=actor,
        note=note,
    )
    return _recorded(record, actor, request)


@transaction.atomic
def reciprocal_record_from_credential(
    *, holder, verified: VerifiedCredential, number: str = "", note: str = "", actor, request=None
) -> ReciprocalEndorsement:
    """Record another association's endorsement from its verified Open Badges credential
    (`credential_verify`): association, category and validity as the credential says; the
    number as it says, else as the coordinator typed it.

    Side effects, in order: the record (keeping the token and the key it verified with); an
    audit row (`reciprocity_recorded`).
    """
    record = ReciprocalEndorsement.objects.create(
        holder=holder,
        issuing_association=verified.issuer.name,
        number=verified.number or number,
        category=verified.category,
        valid_through=verified.valid_through,
        method=ReciprocalEndorsement.Method.CREDENTIAL,
        trusted_issuer=verified.issuer,
        credential=verified.token,
        key_id=verified.key_id[:500],
        recorded_by=actor,
        note=note,
    )
    return _recorded(record, actor, request)
