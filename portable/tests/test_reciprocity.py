"""Reciprocity: another association's endorsement recorded with evidence or a verified badge."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import applicant, coordinator
from applicants.tests.factories import pdf_bytes
from core.models import AuditEvent
from portable.models import ReciprocalEndorsement, TrustedIssuer

from .conftest import signing_keys

pytestmark = pytest.mark.django_db
OTHER = "https://mi-aimh.example.org/issuer"


def _other_association():
    (_, other_key) = signing_keys(2)
    public = {**json.loads(other_key.export_public()), "kid": f"{OTHER}#key-1"}
    issuer = TrustedIssuer.objects.create(
        name="Michigan AIMH", issuer_id=OTHER, jwks={"keys": [public]}
    )
    return issuer, other_key


def _their_badge(key, *, until="2027-12-31T23:59:59Z", number="MI-123"):
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "https://mi-aimh.example.org/credentials/9",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": OTHER, "type": ["Profile"], "name": "Michigan AIMH"},
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": until,
        "credentialSubject": {
            "id": "did:example:holder",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": False,
                    "identityHash": number,
                }
            ],
            "achievement": {
                "id": "https://mi-aimh.example.org/a/imhs",
                "type": ["Achievement"],
                "name": "Infant Mental Health Specialist",
                "criteria": {"narrative": "Endorsed."},
            },
        },
    }
    claims = {
        **credential,
        "iss": OTHER,
        "jti": credential["id"],
        "sub": "did:example:holder",
        "nbf": 1735689600,
    }
    # Signed with their kid in the header, as their registry would.
    from jwcrypto import jws

    signed = jws.JWS(json.dumps(claims).encode())
    signed.add_signature(
        key,
        alg="RS256",
        protected=json.dumps({"alg": "RS256", "kid": f"{OTHER}#key-1", "typ": "JWT"}),
    )
    return signed.serialize(compact=True)


def _upload(token, name="badge.jwt"):
    return SimpleUploadedFile(name, token.encode(), content_type="text/plain")


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_coordinator_records_from_a_verified_credential(client):
    _, key = _other_association()
    holder = applicant(email="moved@example.org")
    client.force_login(coordinator())

    response = client.post(
        "/reciprocity/record/credential/",
        {"holder": "moved@example.org", "credential": _upload(_their_badge(key))},
    )

    record = ReciprocalEndorsement.objects.get()
    assert response.status_code == 302
    assert (record.holder, record.issuing_association, record.number, record.category) == (
        holder,
        "Michigan AIMH",
        "MI-123",
        "Infant Mental Health Specialist",
    )
    assert str(record.valid_through) == "2027-12-31"
    assert AuditEvent.objects.filter(action="reciprocity_recorded").count() == 1
    # The holder sees it in My endorsements, labelled with its origin.
    client.force_login(holder)
    page = client.get("/my/endorsements/").content.decode()
    assert "Michigan AIMH (another association)" in page and "MI-123" in page


@time_machine.travel("2026-04-01 12:00", tick=False)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("tamper", "The signature does not match"),
        ("untrusted", "not on the trusted list"),
        ("expired", "This credential ended on"),
        ("json", "Data Integrity proof"),
        ("garbage", "is not an Open Badges credential"),
        ("binary", "is not an Open Badges credential"),
    ],
)
def test_a_credential_that_does_not_verify_is_refused(client, change, message):
    issuer, key = _other_association()
    applicant(email="moved@example.org")
    token = _their_badge(
        key, until="2026-01-01T00:00:00Z" if change == "expired" else "2027-12-31T23:59:59Z"
    )
    if change == "tamper":
        import base64

        h, p, s = token.split(".")
        claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        claims["validUntil"] = "2099-12-31T23:59:59Z"
        p = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        token = f"{h}.{p}.{s}"
    elif change == "untrusted":
        issuer.active = False
        issuer.save()
    content = {"json": json.dumps({"proof": {}}), "garbage": "hello"}.get(change, token)
    upload = (
        SimpleUploadedFile("x.jwt", b"\xff\xfe\x00\x01") if change == "binary" else _upload(content)
    )
    client.force_login(coordinator())

    response = client.post(
        "/reciprocity/record/credential/",
        {"holder": "moved@example.org", "credential": upload, "note": "kept"},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "kept" in response.content.decode()  # what was typed is kept
    assert not ReciprocalEndorsement.objects.exists()


def test_coordinator_records_with_evidence(client):
    holder = applicant(email="moved@example.org")
    client.force_login(coordinator())
    data = {
        "holder": "moved@example.org",
        "issuing_association": "Texas AIMH",
        "number": "TX-9",
        "category": "IFA",
        "valid_through": "2027-06-30",
    }

    missing = client.post("/reciprocity/record/", data)
    assert "TX-9" in missing.content.decode()  # the file is required; the rest is kept
    response = client.post(
        "/reciprocity/record/",
        {
            **data,
            "evidence": SimpleUploadedFile(
                "letter.pdf", pdf_bytes(), content_type="application/pdf"
            ),
        },
    )

    record = ReciprocalEndorsement.objects.get()
    assert response.status_code == 302 and record.evidence_file.owner == holder
    client.force_login(holder)
    assert client.get(f"/reciprocity/{record.pk}/evidence/").status_code == 200
    client.force_login(applicant())
    assert client.get(f"/reciprocity/{record.pk}/evidence/").status_code == 404


def test_unknown_person_is_said(client):
    client.force_login(coordinator())
    response = client.post("/reciprocity/record/", {"holder": "nobody@example.org"})
    assert "No account here has this email" in response.content.decode()


def test_only_coordinators_record(client):
    client.force_login(applicant())
    for url in ("/reciprocity/", "/reciprocity/record/", "/reciprocity/record/credential/"):
        assert client.get(url).status_code == 403


def _records(n):
    _, key = _other_association()
    staff = coordinator()
    from portable.reciprocity import credential_verify, reciprocal_record_from_credential

    with time_machine.travel("2026-04-01 12:00", tick=False):
        for i in range(n):
            verified = credential_verify(text=_their_badge(key, number=f"MI-{i}"))
            reciprocal_record_from_credential(holder=applicant(), verified=verified, actor=staff)
    return staff


@pytest.mark.parametrize("n", [1, 5])
def test_list_query_count(client, django_assert_num_queries, n):
    staff = _records(n)
    client.force_login(staff)
    # 1 session, 1 user, 1 roles (navigation), 1 the records with holders and issuers,
    # and what the page's base template reads
    with django_assert_num_queries(4):
        assert client.get("/reciprocity/").status_code == 200


def test_detail_query_count(client, django_assert_num_queries):
    staff = _records(1)
    client.force_login(staff)
    record = ReciprocalEndorsement.objects.get()
    with django_assert_num_queries(4):
        assert client.get(f"/reciprocity/{record.pk}/").status_code == 200
