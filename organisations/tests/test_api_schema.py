"""The verification API tested from its own OpenAPI schema (schemathesis): every operation,
with inputs generated from the schema (valid and not), with a valid key and without one.

Every answer must be one the schema documents (status, content type, body), and none may be
a server error. The calls go through the whole Django stack (middleware included) in-process.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from endorsements.credentials.tests.factories import endorsement

from ..api import api
from ..services import api as api_services
from .factories import organisation, staff_member

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
schema.location = "/api/v1/schema"


@pytest.fixture
def no_connection_closing():
    """Django closes the database connection when a request ends (as its test client stops
    it doing): the test's transaction must outlive each call."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def key(db, settings, no_connection_closing):
    # High enough that generated calls are not held back; test_api.py tests the limit.
    settings.API_RATE_LIMIT = 100_000
    settings.ALLOWED_HOSTS = ["*"]
    org = organisation()
    endorsement(given_name="Ana", family_name="Muñoz")
    return api_services.api_key_create(organisation=org, user=staff_member(org=org), name="T")[1]


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_refuses_a_wrong_key(case, key):
    response = case.call(headers={"Authorization": "Bearer vk_0000_not-a-key"})

    headers = {name.lower(): values for name, values in response.headers.items()}
    if case.method.upper() != case.operation.method.upper():  # the coverage phase's other verbs
        assert response.status_code == 405, response.text
        return
    assert response.status_code == 401, response.text
    assert headers["www-authenticate"][0].startswith("Bearer")
    assert response.json()["code"] == "unauthorized"
