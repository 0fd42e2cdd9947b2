"""The signed Open Badges credential, its published keys and the status lists."""

import base64
import json
from datetime import timedelta

import pytest
import time_machine

from accounts.tests.factories import coordinator
from endorsements.credentials.services.lifecycle import (
    endorsement_revoke,
    endorsement_suspend,
    endorsement_suspension_lift,
)
from endorsements.credentials.services.reminders import endorsements_lapse
from endorsements.credentials.tests.factories import endorsement as make_endorsement
from endorsements.models import EndorsementStatus
from endorsements.services.transitions import endorsement_transition
from portable.models import StatusListEntry

from .conftest import keyset_json, signing_keys
from .verifier import Invalid, status_bit, verify

pytestmark = pytest.mark.django_db


def _credential(client, e):
    response = client.get(f"/verify/{e.verification_code}/credential.json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")  # OB 3.0 §5.3
    return response.content.decode()


def _jwks(client):
    return client.get("/.well-known/jwks.json").content.decode()


def _bit(client, claims, purpose):
    entry = next(s for s in claims["credentialStatus"] if s["statusPurpose"] == purpose)
    path = entry["statusListCredential"].removeprefix("http://testserver")
    token = client.get(path).content.decode()
    status_claims = verify(token, _jwks(client))
    assert status_claims["credentialSubject"]["statusPurpose"] == purpose
    return status_bit(status_claims, int(entry["statusListIndex"]))


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_signed_credential_verifies_with_a_separate_verifier(client, signing_key):
    e = make_endorsement(printed_name="Ana Example")

    claims = verify(_credential(client, e), _jwks(client))

    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["type"] == ["Profile"]
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["humanCode"] == "IFA"
    assert {i["identityHash"] for i in subject["identifier"]} == {"Ana Example", e.number}
    assert claims["validFrom"] == "2025-03-01T00:00:00Z"
    assert claims["validUntil"] == f"{e.valid_through.isoformat()}T23:59:59Z"
    assert {s["type"] for s in claims["credentialStatus"]} == {"BitstringStatusListEntry"}
    assert {s["statusPurpose"] for s in claims["credentialStatus"]} == {"revocation", "suspension"}
    # The kid dereferences to the bare public key (OB 3.0 §8.2.3), never its private part.
    header = json.loads(base64.urlsafe_b64decode(_credential(client, e).split(".")[0] + "=="))
    key = client.get(header["kid"].removeprefix("http://testserver")).json()
    assert key["kty"] == "RSA" and "d" not in key
    assert all("d" not in k for k in json.loads(_jwks(client))["keys"])


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_a_tampered_credential_fails(client, signing_key):
    e = make_endorsement()
    token = _credential(client, e)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["validUntil"] = "2099-12-31T23:59:59Z"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")

    with pytest.raises(Invalid):
        verify(f"{header}.{forged}.{signature}", _jwks(client))
    with pytest.raises(Invalid):
        verify(f"{header}.{payload}.{signature[:-4]}AAAA", _jwks(client))
    # Signed by a key the issuer never published.
    (_, stranger) = signing_keys(2)
    with pytest.raises(Invalid):
        verify(token, keyset_json(stranger, public_only=(stranger,)))


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_status_list_flips_on_suspend_lapse_revoke_and_back(client, signing_key):
    staff = coordinator()
    e = make_endorsement()
    claims = verify(_credential(client, e), _jwks(client))
    assert not _bit(client, claims, "suspension") and not _bit(client, claims, "revocation")

    endorsement_suspend(endorsement=e, actor=staff, reason="Complaint")
    assert _bit(client, claims, "suspension")
    endorsement_suspension_lift(endorsement=e, actor=staff, reason="Cleared")
    assert not _bit(client, claims, "suspension")

    endorsements_lapse(endorsement_ids=[e.pk], today=e.valid_through + timedelta(days=400))
    e.refresh_from_db()
    assert e.status == EndorsementStatus.LAPSED
    assert _bit(client, claims, "suspension")
    endorsement_transition(endorsement=e, to=EndorsementStatus.ACTIVE, code="reinstated")
    assert not _bit(client, claims, "suspension")

    endorsement_revoke(endorsement=e, actor=staff, reason="Fraud")
    assert _bit(client, claims, "revocation")
    assert not _bit(client, claims, "suspension")


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_each_credential_keeps_one_place(client, signing_key):
    first, second = make_endorsement(), make_endorsement()
    for _ in range(2):
        _credential(client, first)
        _credential(client, second)
    places = list(StatusListEntry.objects.values_list("endorsement_id", "list_number", "index"))
    assert len(places) == 2 and places[0][1:] != places[1][1:]


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_key_rotation_keeps_old_credentials_verifiable(client, settings):
    old, new = signing_keys(2)
    settings.PORTABLE_SIGNING_KEYS = keyset_json(old)
    settings.PORTABLE_SIGNING_KEY_ID = ""
    e = make_endorsement()
    old_token = _credential(client, e)

    # Rotate: the new key signs; the old one stays, retired to its public part.
    settings.PORTABLE_SIGNING_KEYS = keyset_json(old, new, public_only=(old,))
    settings.PORTABLE_SIGNING_KEY_ID = new.thumbprint()
    new_token = _credential(client, e)
    jwks = _jwks(client)

    assert len(json.loads(jwks)["keys"]) == 2
    assert verify(old_token, jwks)["id"] == verify(new_token, jwks)["id"]
    assert old_token != new_token
    kid = json.loads(base64.urlsafe_b64decode(new_token.split(".")[0] + "=="))["kid"]
    assert kid.endswith(f"/verify/keys/{new.thumbprint()}.json")


def test_without_keys_the_credential_says_so(client, settings):
    settings.PORTABLE_SIGNING_KEYS = ""
    settings.PORTABLE_SIGNING_KEYS_FILE = ""
    e = make_endorsement()

    response = client.get(f"/verify/{e.verification_code}/credential.json")

    assert response.status_code == 503
    assert not StatusListEntry.objects.exists()
    assert client.get("/.well-known/jwks.json").json() == {"keys": []}


def test_unknown_codes_and_lists_answer_404(client, signing_key):
    assert client.get("/verify/nope/credential.json").status_code == 404
    assert client.get("/verify/status/revocation/1/").status_code == 404
    assert client.get("/verify/status/other/1/").status_code == 404
    assert client.get("/verify/keys/nope.json").status_code == 404


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_credential_and_status_list_query_counts(client, signing_key, django_assert_num_queries):
    e = make_endorsement()
    _credential(client, e)
    # 1 the endorsement with its category, its holder (their language) and its status list place
    # (the rate limit lives in the cache)
    with django_assert_num_queries(1):
        _credential(client, e)
    make_endorsement()
    # 1 does the list exist, 1 every place in the list with its credential's status
    with django_assert_num_queries(2):
        assert client.get("/verify/status/suspension/1/").status_code == 200


@time_machine.travel("2026-04-01 12:00", tick=False)
def test_holder_downloads_it_from_my_endorsements(client, signing_key):
    e = make_endorsement()
    client.force_login(e.holder)

    page = client.get("/my/endorsements/").content.decode()

    link = f"/verify/{e.verification_code}/credential.json?download=1"
    assert link in page
    response = client.get(link)
    assert response["Content-Disposition"] == f'attachment; filename="{e.number}.jwt"'
    verify(response.content.decode(), _jwks(client))


@time_machine.travel("2026-04-01 12:00", tick=False)
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_credential_is_written_in_the_holders_language_and_says_which(
    client, signing_key, language
):
    from django.utils import translation

    e = make_endorsement()
    e.holder.preferred_language = language
    e.holder.save(update_fields=["preferred_language"])

    # Asked in the other language: the credential is the holder's, whoever reads it.
    other = "en" if language == "es" else "es"
    token = client.get(
        f"/verify/{e.verification_code}/credential.json", HTTP_ACCEPT_LANGUAGE=other
    ).content.decode()
    achievement = verify(token, _jwks(client))["credentialSubject"]["achievement"]

    with translation.override(language):
        name = e.category.name
    assert achievement["inLanguage"] == language  # OB 3.0 B.1.3 Achievement.inLanguage
    assert achievement["name"] == name
    words = {"es": "Acreditación de ", "en": ""}[language]
    assert achievement["description"].startswith(words)
    assert ("endorsement:" in achievement["description"]) == (language == "en")
