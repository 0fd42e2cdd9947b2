"""`{% form_field %}` writes what crispy-forms writes for text areas, radio buttons and tick-box
lists: the same elements, attributes, labels, hints, errors and escaping, field by field."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from core.forms import PortalFormMixin


class _Answers(PortalFormMixin, forms.Form):
    met = forms.ChoiceField(
        choices=[("met", "Met"), ("not_met", "Not <quite> met")],
        widget=forms.RadioSelect,
        label="Profile: met or not met",
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Comment & notes"
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Feedback",
        help_text="What to <em>add</em> or change.",
    )
    areas = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Areas",
        choices=[
            ("Theory & practice", [(1, "Ethics"), (2, "Law & policy")]),
            ("Other", [(3, "X")]),
        ],
    )
    reopen = forms.MultipleChoiceField(
        required=False,
        choices=[("a", "Profile"), ("b", "Education")],
        widget=forms.CheckboxSelectMultiple,
        label="Sections to reopen",
        help_text="Needed when you defer.",
    )

    def clean(self):
        data = super().clean()
        if data.get("feedback") == "defer" and not data.get("reopen"):
            self.add_error("reopen", "Choose a section to reopen.")
            self.add_error("reopen", "A second message.")
        return data


def _light(field) -> str:
    return Template("{% load portal_forms %}{% form_field f %}").render(Context({"f": field}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"met": "met", "comment": 'O\'Brien <b> & "co"\nline two', "feedback": "fine"},
        {"met": "bogus", "areas": ["2", "9"], "reopen": ["b", "z"], "feedback": "defer"},
        {"feedback": "defer", "areas": ["1", "3"]},
    ],
)
def test_form_field_writes_what_crispy_writes(data):
    form = _Answers(data, initial={"comment": "Typed before", "areas": [3]})
    if data is not None:
        form.is_valid()
    for name in form.fields:
        light = _light(form[name])
        assert parse_html(light) == parse_html(as_crispy_field(form[name])), name


def test_form_field_keeps_what_was_typed_and_says_what_is_wrong_next_to_the_field():
    form = _Answers({"met": "bogus", "comment": "Kept <here>", "feedback": "defer"})
    form.is_valid()

    met, comment, reopen = _light(form["met"]), _light(form["comment"]), _light(form["reopen"])

    assert 'aria-describedby="id_met_error"' in met and 'aria-invalid="true"' in met
    assert '<div id="id_met_error" class="invalid-feedback">' in met
    assert "Select a valid choice. bogus is not one of the available choices." in met
    assert ">\nKept &lt;here&gt;</textarea>" in comment
    assert 'aria-describedby="id_reopen_helptext id_reopen_error"' in reopen
    assert '<div id="id_reopen_helptext" class="form-text">Needed when you defer.</div>' in reopen
    assert '<p id="error_2_id_reopen"><strong>A second message.</strong></p>' in reopen


def test_other_widgets_are_left_to_crispy():
    class _Other(forms.Form):
        name = forms.CharField(label="Name")

    field = _Other()["name"]

    assert parse_html(_light(field)) == parse_html(as_crispy_field(field))
