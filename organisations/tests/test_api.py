"""The verification API: keys, both operations, errors, limits, audit, no cookies."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import AuditAction, AuditEvent
from endorsements.credentials.tests.factories import endorsement

from ..models import ApiKey, OrganisationStatus, VerificationRecord
from ..services import api as api_services
from .factories import organisation, staff_member

pytestmark = pytest.mark.django_db
VERIFY = reverse("api:verifications")


def one(number):
    return reverse("api:credential", args=[number])


@pytest.fixture
def org():
    return organisation()


@pytest.fixture
def key(org):
    user = staff_member(org=org)
    return api_services.api_key_create(organisation=org, user=user, name="Payroll")


@pytest.fixture
def api(key):
    return Client(HTTP_AUTHORIZATION=f"Bearer {key[1]}")


@pytest.fixture
def ana():
    return endorsement(given_name="Ana", family_name="Muñoz", printed_name="Ana Muñoz")


def post(client, body):
    return client.post(VERIFY, json.dumps(body), content_type="application/json")


def test_a_credential_is_answered_with_status_category_and_date(api, key, ana, org):
    response = api.get(one(ana.number.lower()))

    assert response.status_code == 200
    assert response.json() == {
        "number": ana.number,
        "status": "active",
        "current": True,
        "category": ana.category.name,
        "category_code": ana.category.code,
        "valid_through": ana.valid_through.isoformat(),
    }
    assert "Ana" not in response.content.decode()  # no name, no email
    assert not response.cookies  # the API never sets cookies
    assert response["Cache-Control"] == "no-store"
    record = VerificationRecord.objects.get()
    assert (record.organisation, record.endorsement, record.channel) == (org, ana, "api")
    event = AuditEvent.objects.get(action=AuditAction.API_CALL)
    assert event.details["status"] == 200
    assert event.details["key"] == key[0].prefix
    assert event.details["matched"] == 1
    key[0].refresh_from_db()
    assert key[0].last_used_at is not None


def test_an_unknown_number_answers_404_as_json(api):
    response = api.get(one("CT-AIMH-XXX-1999-0001"))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert AuditEvent.objects.get(action=AuditAction.API_CALL).details["status"] == 404
    assert not VerificationRecord.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer vk_nothere_secret",
        "Bearer vk_0123456789ab_secret",
        "Bearer vk_01234\x0056789a_secret",
        "Basic dXNlcjpwYXNz",
        "Bearer x" * 300,
    ],
)
def test_missing_or_wrong_keys_answer_401(key, header, ana):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    wrong_secret = key[1][:-4] + "AAAA"

    for response in (
        client.get(one(ana.number)),
        post(client, {"checks": [{"number": ana.number}]}),
        Client(HTTP_AUTHORIZATION=f"Bearer {wrong_secret}").get(one(ana.number)),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthorized"
    assert not VerificationRecord.objects.exists()
    events = AuditEvent.objects.filter(action=AuditAction.API_CALL)
    assert [e.details["status"] for e in events] == [401, 401, 401]
    assert {e.details["key"] for e in events} == {None}


def test_a_revoked_key_answers_401_at_once(api, key, ana):
    assert api.get(one(ana.number)).status_code == 200
    api_services.api_key_revoke(key=key[0], user=key[0].created_by)

    response = api.get(one(ana.number))

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_a_suspended_organisations_keys_answer_401(api, org, ana):
    org.status = OrganisationStatus.SUSPENDED
    org.save()

    assert api.get(one(ana.number)).status_code == 401


def test_keys_are_stored_as_digests_only(key):
    row, whole = key
    assert whole.startswith(f"vk_{row.prefix}_")
    assert len(whole) > 50
    assert whole not in (row.digest, row.prefix)
    assert not ApiKey.objects.filter(digest__contains=whole[-20:]).exists()
    assert (
        AuditEvent.objects.get(action=AuditAction.API_KEY_CREATED).details["prefix"] == row.prefix
    )


def test_verifications_answer_each_check_in_order(api, ana):
    lee = endorsement(given_name="Ben", family_name="Lee")
    body = {
        "checks": [
            {"number": ana.number, "name": "ana munoz"},
            {"number": "  " + lee.number.lower() + " "},
            {"number": "NOPE-1"},
            {"number": lee.number, "name": "Ben Smith"},
            {"number": "   "},
        ]
    }

    response = post(api, body)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["outcome"] for r in results] == [
        "matched",
        "matched",
        "no_match",
        "name_differs",
        "no_match",
    ]
    assert results[0]["credential"]["number"] == ana.number
    assert results[1]["credential"]["status"] == "active"
    assert results[2]["credential"] is None and results[3]["credential"] is None
    assert results[1]["number"] == lee.number.lower()
    assert VerificationRecord.objects.filter(channel="api").count() == 2
    event = AuditEvent.objects.get(action=AuditAction.API_CALL)
    assert (event.details["checks"], event.details["matched"]) == (5, 2)
    assert "munoz" not in json.dumps(event.details)  # never the names sent


def test_a_lapsed_credential_says_so(api, ana):
    from endorsements.models import EndorsementStatus

    type(ana).objects.filter(pk=ana.pk).update(status=EndorsementStatus.LAPSED)

    result = post(api, {"checks": [{"number": ana.number}]}).json()["results"][0]

    assert result["credential"]["status"] == "lapsed"
    assert result["credential"]["current"] is False


def test_a_thousand_checks_take_the_same_queries_as_one(api, ana, django_assert_num_queries):
    many = {"checks": [{"number": ana.number}] + [{"number": f"X-{i}"} for i in range(999)]}
    # 1 key by prefix, 2 its last use, 3 savepoint, 4 credentials by number, 5 records,
    # 6 release savepoint, 7 audit row
    with django_assert_num_queries(7):
        response = post(api, many)
    assert len(response.json()["results"]) == 1000

    with django_assert_num_queries(7):
        post(api, {"checks": [{"number": ana.number}]})


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"checks": [{"number": "X"}] * 1001}, "body.checks"),
        ({"checks": []}, "body.checks"),
        ({}, "body.checks"),
        ({"checks": [{"number": "A\x00B"}]}, "body.checks.0.number"),
        ({"checks": [{"number": "X" * 61}]}, "body.checks.0.number"),
        ({"checks": [{"number": 12}]}, "body.checks.0.number"),
        ({"checks": [{"number": "X", "name": "Ana\x07"}]}, "body.checks.0.name"),
    ],
)
def test_invalid_bodies_answer_422_with_each_problem(api, body, location):
    response = post(api, body)

    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "invalid_request"
    assert location in [e["location"] for e in answer["errors"]]


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"[1, 2]", b"null"])
def test_bodies_that_are_not_the_json_asked_for_are_refused_as_json(api, raw):
    response = api.post(VERIFY, raw, content_type="application/json")

    assert 400 <= response.status_code < 500
    assert response.json()["code"] == "invalid_request"


def test_numbers_the_database_cannot_hold_are_refused(api):
    response = api.get(one("A\x00B"))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_each_key_has_its_own_rate_limit(api, org, ana, settings):
    settings.API_RATE_LIMIT = 2
    other = Client(
        HTTP_AUTHORIZATION="Bearer "
        + api_services.api_key_create(organisation=org, user=None, name="Other")[1]
    )
    assert [api.get(one(ana.number)).status_code for _ in range(2)] == [200, 200]

    response = api.get(one(ana.number))

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "60"
    assert other.get(one(ana.number)).status_code == 200  # another key is not held back
    statuses = [e.details["status"] for e in AuditEvent.objects.filter(action="api_call")]
    assert sorted(statuses) == [200, 200, 200, 429]


def test_callers_without_a_key_are_limited_per_address(settings):
    settings.API_RATE_LIMIT = 1
    client = Client(HTTP_AUTHORIZATION="Bearer vk_guess_guess")

    assert client.get(one("X")).status_code == 401
    assert client.get(one("X")).status_code == 429


def test_no_csrf_token_is_needed_and_no_cookie_is_read(key, ana):
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key[1]}")
    staff = staff_member()
    client.force_login(staff)  # a session cookie does not replace the key, nor break the call

    response = post(client, {"checks": [{"number": ana.number}]})

    assert response.status_code == 200
    assert not response.cookies
    assert Client(enforce_csrf_checks=True).post(VERIFY).status_code == 401


def test_wrong_methods_and_addresses_answer_json(api):
    wrong_method = api.get(VERIFY)
    nowhere = api.get("/api/v1/nowhere/")

    assert wrong_method.status_code == 405
    assert wrong_method.json()["code"] == "method_not_allowed"
    assert "POST" in wrong_method["Allow"]
    assert nowhere.status_code == 404
    assert nowhere.json()["code"] == "not_found"


def test_the_schema_is_public_and_names_every_operation(client):
    schema = client.get(reverse("api:openapi-json")).json()

    assert set(schema["paths"]) == {"/api/v1/credentials/{number}", "/api/v1/verifications"}
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"]["scheme"] == "bearer"


def test_error_messages_follow_accept_language_and_the_data_stays_english(api, ana):
    spanish = api.get(one("CT-AIMH-XXX-1999-0001"), HTTP_ACCEPT_LANGUAGE="es")
    english = api.get(one("CT-AIMH-XXX-1999-0001"))
    unauthorized = Client().get(one(ana.number), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    found = api.get(one(ana.number), HTTP_ACCEPT_LANGUAGE="es")

    assert spanish.json() == {
        "code": "not_found",  # the code is stable in every language
        "message": "Ninguna acreditación tiene este número.",
    }
    assert english.json()["message"] == "No endorsement has this number."
    assert unauthorized.json()["code"] == "unauthorized"
    assert unauthorized.json()["message"].startswith("Envíe una clave de API válida")
    with translation.override("en"):
        assert found.json()["category"] == ana.category.name  # data: English, as documented
