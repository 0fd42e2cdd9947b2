import re

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
