"""The API keys pages of an organisation's staff, and the API's docs page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEvent

from ..models import ApiKey
from ..services import api as api_services
from .factories import organisation, sign_in, staff_member

pytestmark = pytest.mark.django_db
KEYS = reverse("organisations:api_keys")
DOCS = reverse("api:docs")


@pytest.fixture
def member(client):
    user = staff_member()
    sign_in(client, user)
    return user


def test_a_new_key_is_shown_once_and_works(client, member):
    response = client.post(KEYS, {"name": "Payroll system"})

    page = response.content.decode()
    whole = re.search(r'value="(vk_[^"]+)"', page).group(1)
    assert "Copy the key now. It will not be shown again." in page
    assert response["Cache-Control"] == "no-store"
    key = ApiKey.objects.get()
    assert (key.name, key.organisation, key.created_by) == (
        "Payroll system",
        member.organisation_membership.organisation,
        member,
    )
    assert whole not in client.get(KEYS).content.decode()  # never again
    api = Client(HTTP_AUTHORIZATION=f"Bearer {whole}")
    assert api.get(reverse("api:credential", args=["NOPE"])).status_code == 404


def test_the_list_shows_prefix_created_and_last_use(client, member):
    org = member.organisation_membership.organisation
    key, whole = api_services.api_key_create(organisation=org, user=member, name="Payroll")
    Client(HTTP_AUTHORIZATION=f"Bearer {whole}").get(reverse("api:credential", args=["X"]))

    page = client.get(KEYS).content.decode()

    assert f"vk_{key.prefix}_…" in page
    assert "Payroll" in page
    assert "Never" not in page  # it was used
    assert "Revoke Payroll" in page


def test_a_name_is_asked_for_and_nothing_is_made_without_it(client, member):
    response = client.post(KEYS, {"name": " "})

    assert "Enter a name for the key" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_revoking_asks_first_then_the_key_stops_working(client, member):
    org = member.organisation_membership.organisation
    key, whole = api_services.api_key_create(organisation=org, user=member, name="Payroll")
    url = reverse("organisations:api_key_revoke", args=[key.pk])

    confirm = client.get(url)
    assert "Revoke the key “Payroll”?" in confirm.content.decode()
    key.refresh_from_db()
    assert key.is_active  # asking is not revoking

    response = client.post(url, follow=True)

    key.refresh_from_db()
    assert key.revoked_by == member
    assert "is revoked: calls with it now fail" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.API_KEY_REVOKED).count() == 1
    client.post(url)  # a second click records nothing more
    assert AuditEvent.objects.filter(action=AuditAction.API_KEY_REVOKED).count() == 1
    api = Client(HTTP_AUTHORIZATION=f"Bearer {whole}")
    assert api.get(reverse("api:credential", args=["X"])).status_code == 401


def test_another_organisations_key_is_not_found(client, member):
    other = organisation(name="Elsewhere")
    key, _ = api_services.api_key_create(organisation=other, user=None, name="Theirs")
    url = reverse("organisations:api_key_revoke", args=[key.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    key.refresh_from_db()
    assert key.is_active
    assert "Theirs" not in client.get(KEYS).content.decode()


def test_only_signed_in_staff_with_both_factors_see_keys(client):
    assert client.get(KEYS)["Location"].startswith(reverse("login"))
    user = staff_member()
    client.force_login(user)  # no second factor yet
    assert client.get(KEYS)["Location"].startswith(reverse("accounts:two_factor"))


@pytest.mark.parametrize("count", [1, 8])
def test_the_keys_page_queries_do_not_grow(client, member, count, django_assert_num_queries):
    org = member.organisation_membership.organisation
    for i in range(count):
        api_services.api_key_create(organisation=org, user=member, name=f"Key {i}")
    # 1 session, 2 user, 3 OTP device, 4 membership with organisation, 5 keys with creators
    with django_assert_num_queries(5):
        response = client.get(KEYS)
    assert response.content.decode().count("Revoke Key") == count


def test_the_docs_page_explains_every_operation_and_field(client):
    from ..api import api

    schema = api.get_openapi_schema()

    page = client.get(DOCS).content.decode()

    for route in schema["paths"]:
        assert route in page
    for name, component in schema["components"]["schemas"].items():
        assert f'id="{name}"' in page
        for field in component["properties"]:
            assert f"<code>{field}</code>" in page
    assert "Check many endorsements at once" in page
    # Our own page: no script, nothing from another site.
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    assert not re.search(r'(src|href)="https?://', page)


def test_the_docs_page_reads_in_spanish(client):
    page = client.get(DOCS, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Verificar muchas acreditaciones a la vez" in page
    assert "<code>valid_through</code>" in page  # field names stay as they are
