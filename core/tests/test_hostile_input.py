"""Hostile input: markup typed into any free-text field stays text on every page and in emails;
oversized and over-wide posts are refused.

The demo world is built, then every free-text field of every row of our models is overwritten
with a script payload, and every page is requested by each kind of visitor.
"""

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import Client

from accounts.models import Role
from accounts.tests.factories import UserFactory
from core.tests.test_site_permissions import ALL, OBJECT_ID, someone_elses_world, url_for

__all__ = ["someone_elses_world"]  # the fixture, imported for use here

PAYLOAD = '"><script>pwn()</script>'
OUR_APPS = {
    "accounts",
    "core",
    "competencies",
    "applicants",
    "reflective_supervision",
    "endorsements",
    "review",
    "credentials",
    "reports",
    "organisations",
    "portable",
    "fees",
}
# Fields that are identifiers or machine data, not something a person types.
SKIP = (
    "token",
    "nonce",
    "code",
    "number",
    "storage_name",
    "sha256",
    "password",
    "email",
    "file",
    "key",
    "status",
    "kind",
    "ip_address",
    "user_agent",
    "target",
    "action",
)


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.choices or field.primary_key or field.unique:
            continue
        if isinstance(field, models.EmailField | models.URLField | models.SlugField):
            continue
        if any(part in field.name for part in SKIP):
            continue
        if isinstance(field, models.CharField) and (field.max_length or 0) < len(PAYLOAD) + 12:
            continue
        yield field


def poison_everything() -> int:
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        fields = list(free_text_fields(model))
        if fields:
            # The row's id after the payload keeps values unique where constraints ask.
            value = Concat(Value(PAYLOAD), Cast("pk", models.CharField()))
            changed += model.objects.update(**{f.name: value for f in fields})
    return changed


@pytest.fixture
def poisoned_world(someone_elses_world):
    assert poison_everything() > 50


def visitors():
    from accounts.models import User

    return {
        "anonymous": None,
        "the applicant": User.objects.get(email="applicant@example.org"),
        "a reviewer": User.objects.get(email="reviewer@example.org"),
        "the coordinator": User.objects.get(email="coordinator@example.org"),
        "the registry admin": User.objects.get(email="admin@example.org"),
        "another applicant": UserFactory(roles=[Role.APPLICANT]),
    }


@pytest.mark.django_db
def test_markup_in_free_text_is_escaped_on_every_page(poisoned_world):
    unescaped, pages_with_payload = [], 0
    for label, user in visitors().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for name, route, converters in ALL:
            url = url_for(name, route, converters, int_value=OBJECT_ID)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = b"".join(response) if response.streaming else response.content
            html = html.decode()
            if "<script>pwn()" in html:
                unescaped.append(f"{label}: {url}")
            if "&lt;script&gt;pwn()" in html:
                pages_with_payload += 1

    assert not unescaped, "markup reached the page unescaped:\n" + "\n".join(unescaped)
    # The walk really showed people the poisoned text (escaped), on many pages.
    assert pages_with_payload > 20


@pytest.mark.django_db
def test_markup_in_names_is_escaped_in_emails(poisoned_world, django_capture_on_commit_callbacks):
    from endorsements.models import ReferenceRequest
    from endorsements.services.references import reference_email_send
    from reflective_supervision.models import Provider, SupervisionSession
    from reflective_supervision.services import attestation_request_send

    reference = ReferenceRequest.objects.filter(completed_at__isnull=True).first()
    session = SupervisionSession.objects.filter(
        status="unconfirmed", provider__isnull=False, provider__email__gt=""
    ).first()
    Provider.objects.filter(pk=session.provider_id).update(name=PAYLOAD)
    with django_capture_on_commit_callbacks(execute=True):
        reference_email_send(reference_id=reference.pk)
        attestation_request_send(supervisee=session.supervisee, provider=session.provider)

    # A sign-up with a taken address, and a password reset: emails naming the holder.
    from accounts.forms import PortalPasswordResetForm
    from accounts.models import User
    from accounts.services import user_signup

    holder = User.objects.get(email="applicant@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        user_signup(
            email=holder.email,
            password="a-long-unusual-passphrase",
            given_name="Ana",
            family_name="Silva",
        )
        reset = PortalPasswordResetForm({"email": holder.email})
        assert reset.is_valid()
        reset.save()

    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "<script>pwn()" not in html, message.subject
    assert any("&lt;script&gt;pwn()" in m.alternatives[0][0] for m in mail.outbox)


@pytest.mark.django_db
def test_too_many_fields_are_refused(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    data = {f"field{i}": "x" for i in range(150)}

    response = client.post("/accounts/login/", data)

    assert response.status_code == 400


@pytest.mark.django_db
def test_oversized_posts_are_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post("/accounts/login/", {"username": "a" * 20_000, "password": "x"})

    assert response.status_code == 400
