import re

import pytest
from django import forms

from core.forms import PortalFormMixin


class SampleForm(PortalFormMixin, forms.Form):
    first_name = forms.CharField(label="First name")
    county = forms.ChoiceField(label="Work county", choices=[("h", "Hartford")])
    nickname = forms.CharField(label="Nickname", required=False)
    paid = forms.BooleanField(label="This was paid work", required=False)
    agree = forms.BooleanField(label="I agree to the Code of Ethics")
    custom = forms.CharField(
        label="Hours", error_messages={"required": "Enter the hours, like 1.5"}
    )


def test_required_messages_say_what_to_do():
    form = SampleForm(data={})

    assert not form.is_valid()
    assert form.errors["first_name"] == ["Enter first name"]
    assert form.errors["county"] == ["Select work county"]
    assert form.errors["agree"] == ["Tick the box to confirm: I agree to the Code of Ethics"]
    assert form.errors["custom"] == ["Enter the hours, like 1.5"]


def test_optional_fields_say_so_in_words_and_browser_validation_is_off():
    form = SampleForm()

    assert form.fields["nickname"].label == "Nickname (optional)"
    assert form.fields["paid"].label == "This was paid work"
    assert not re.search(r"\srequired[\s>=]", str(form["first_name"]))
    assert 'aria-required="true"' in str(form["first_name"])


class _Filters(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), ("a", "Submitted"), ("b", "<In> review")]
    )
    name = forms.CharField(required=False, max_length=40, help_text="Part of a name")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(min_value=1)
    grouped = forms.ChoiceField(required=False, choices=[("Group", [("x", "X")]), ("y", "Y")])


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "b", "name": "O'Brien <b>", "since": "2026-01-31", "count": "3"},
        {"status": "zzz", "name": "", "count": "x", "grouped": "x"},
    ],
)
def test_filter_field_controls_match_what_django_renders(data):
    """The light renderer writes selects and inputs itself: the same element, attributes,
    options, selection and escaping as Django's own widget rendering."""
    from django.test.html import parse_html

    from core.templatetags.portal_forms import _control

    form = _Filters(data or None)
    form.is_valid()
    for name in form.fields:
        field = form[name]
        attrs = {"class": "form-select"}
        assert parse_html(_control(field, attrs)) == parse_html(field.as_widget(attrs=attrs)), name
