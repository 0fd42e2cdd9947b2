"""The error summary at the top of a form, the GOV.UK way: each message linked to its field,
read as a sentence. A message that names its field stands alone; Django's own messages and a
message several fields share get the field's label in front, without a question's "?"."""

import re

import pytest
from django import forms
from django.template import loader
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import applicant
from core.forms import PortalFormMixin
from endorsements.models import ApplicationStatus
from endorsements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[tuple[str, str]]:
    summary = html.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="#([^"]+)" class="alert-link">([^<]*)</a>', summary)


class _Hours(PortalFormMixin, forms.Form):
    shared = {"invalid": "Enter the hours as a number"}
    learning = forms.DecimalField(label="Hours of learning", error_messages=shared)
    dei = forms.DecimalField(label="Hours about equity", error_messages=shared)
    kind = forms.ChoiceField(
        label="What kind is it?",
        choices=[("a", "A")],
        error_messages={"required": "Select what kind it is"},
    )
    why = forms.CharField(label="Why are you leaving?", max_length=3, required=False)
    email = forms.EmailField(label="Email address")


def _summary(form) -> list[tuple[str, str]]:
    form.is_valid()
    return _links(loader.render_to_string("includes/error_summary.html", {"form": form}))


def test_a_message_that_names_its_field_stands_alone():
    links = _summary(_Hours(data={"learning": "1", "dei": "1", "why": "", "email": "a@b.org"}))

    assert links == [("id_kind", "Select what kind it is")]


def test_a_question_label_loses_its_question_mark_before_djangos_message():
    links = _summary(_Hours(data={"learning": "1", "dei": "1", "kind": "a", "why": "long"}))

    assert links == [
        ("id_why", "Why are you leaving: Ensure this value has at most 3 characters (it has 4)."),
        ("id_email", "Enter email address"),
    ]


def test_a_message_several_fields_share_gets_the_fields_label():
    links = _summary(_Hours(data={"learning": "x", "dei": "y", "kind": "a", "email": "bad"}))

    assert links == [
        ("id_learning", "Hours of learning: Enter the hours as a number"),
        ("id_dei", "Hours about equity: Enter the hours as a number"),
        ("id_email", "Email address: Enter a valid email address."),
    ]


def test_a_spanish_question_loses_both_its_marks():
    class Pregunta(PortalFormMixin, forms.Form):
        why = forms.CharField(label="¿Por qué se va?", max_length=3)

    with translation.override("es"):
        links = _summary(Pregunta(data={"why": "larga"}))

    assert links == [
        (
            "id_why",
            "Por qué se va: Asegúrese de que este valor tenga menos de 3 caracteres (tiene 5).",
        )
    ]


def test_the_organisation_form_reads_its_own_message_not_the_question(client):
    client.force_login(applicant())

    english = client.post(reverse("organisations:register"), {"name": "Harbor"})
    spanish = client.post(
        reverse("organisations:register"), {"name": "Harbor"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert _links(english.content.decode()) == [
        ("id_kind_0", "Select what kind of organisation it is")
    ]
    assert _links(spanish.content.decode()) == [
        ("id_kind_0", "Seleccione qué tipo de organización es")
    ]
    assert "?:" not in english.content.decode() and "?:" not in spanish.content.decode()


def test_the_withdraw_question_reads_as_a_sentence_in_both_languages(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    client.force_login(application.applicant)
    url = reverse("endorsements:withdraw", args=[application.pk])

    english = client.post(url, {"reason": "x" * 1001})
    spanish = client.post(url, {"reason": "x" * 1001}, HTTP_ACCEPT_LANGUAGE="es")

    assert _links(english.content.decode()) == [
        (
            "id_reason",
            "Why are you withdrawing: Ensure this value has at most 1000 characters (it has 1001).",
        )
    ]
    assert _links(spanish.content.decode()) == [
        (
            "id_reason",
            "Por qué retira su solicitud: Asegúrese de que este valor tenga menos de 1000 "
            "caracteres (tiene 1001).",
        )
    ]
