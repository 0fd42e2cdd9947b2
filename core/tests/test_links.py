"""core.links: one signed-link helper for references, RSC attestation, email verification and
training invitations. Each purpose refuses the others' tokens, ends at its own longest life,
and reads links signed before the helper existed."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from core import links

PURPOSES = [
    links.REFERENCE,
    links.RSC_ATTESTATION,
    links.EMAIL_VERIFICATION,
    links.TRAINING_INVITATION,
]


@pytest.mark.parametrize("purpose", PURPOSES, ids=lambda p: p.salt)
def test_link_payload_reads_back_what_was_signed(purpose):
    token = links.link_token(purpose, {"r": 7, "n": "abc"})

    assert links.link_payload(purpose, token) == {"r": 7, "n": "abc"}


@pytest.mark.parametrize("purpose", PURPOSES, ids=lambda p: p.salt)
def test_link_older_than_its_purpose_allows_is_expired_but_names_its_row(purpose):
    sent = timezone.now()
    with time_machine.travel(sent, tick=False):
        token = links.link_token(purpose, {"r": 7})

    with time_machine.travel(sent + purpose.max_age() - timedelta(seconds=1), tick=False):
        assert links.link_payload(purpose, token) == {"r": 7}
    late = time_machine.travel(sent + purpose.max_age() + timedelta(seconds=1), tick=False)
    with late, pytest.raises(links.LinkExpired) as caught:
        links.link_payload(purpose, token)
    assert caught.value.reason == "expired" and caught.value.payload == {"r": 7}


def test_link_life_follows_the_setting_when_the_link_is_read(settings):
    token = links.link_token(links.REFERENCE, {"r": 1})
    settings.REFERENCE_LINK_DAYS = 2

    later = time_machine.travel(timezone.now() + timedelta(days=3))
    with later, pytest.raises(links.LinkExpired):
        links.link_payload(links.REFERENCE, token)


def test_email_verification_life_is_the_timedelta_setting(settings):
    settings.EMAIL_VERIFICATION_MAX_AGE = timedelta(hours=5)

    assert links.EMAIL_VERIFICATION.max_age() == timedelta(hours=5)


def test_tampered_link_is_invalid():
    token = links.link_token(links.REFERENCE, {"r": 7, "n": "abc"})
    payload, rest = token.split(":", 1)
    other = links.link_token(links.REFERENCE, {"r": 8, "n": "abc"}).split(":", 1)[0]

    for bad in (other + ":" + rest, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "", "x"):
        with pytest.raises(links.LinkInvalid) as caught:
            links.link_payload(links.REFERENCE, bad)
        assert caught.value.reason == "invalid"


def test_link_signed_for_another_purpose_is_invalid():
    for signed_for in PURPOSES:
        token = links.link_token(signed_for, {"r": 7})
        for read_as in PURPOSES:
            if read_as is signed_for:
                continue
            with pytest.raises(links.LinkInvalid):
                links.link_payload(read_as, token)


def test_every_purpose_has_its_own_salt():
    assert len({p.salt for p in PURPOSES}) == len(PURPOSES)


def test_genuine_token_that_is_not_a_payload_is_invalid():
    token = signing.dumps(["r", 7], salt=links.REFERENCE.salt)

    with pytest.raises(links.LinkInvalid):
        links.link_payload(links.REFERENCE, token)


def test_links_sent_before_the_helper_still_work():
    # The formats the services used before: TimestampSigner.sign_object for references,
    # compressed signing.dumps for email verification, plain signing.dumps for the others.
    reference = signing.TimestampSigner(salt="endorsements.reference").sign_object({"r": 1})
    verify = signing.dumps(
        {"u": 2, "e": "a@example.org"}, salt="accounts.verify-email", compress=True
    )
    attest = signing.dumps({"r": 3, "n": "x"}, salt="reflective_supervision.attestation")
    invite = signing.dumps({"i": 4}, salt="trainings.invitation")

    assert links.link_payload(links.REFERENCE, reference) == {"r": 1}
    assert links.link_payload(links.EMAIL_VERIFICATION, verify) == {"u": 2, "e": "a@example.org"}
    assert links.link_payload(links.RSC_ATTESTATION, attest) == {"r": 3, "n": "x"}
    assert links.link_payload(links.TRAINING_INVITATION, invite) == {"i": 4}
