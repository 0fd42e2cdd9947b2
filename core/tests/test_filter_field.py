from django import forms
from django.template import Context, Template


class Filters(forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("a", "Open")], help_text="Pick one")
    name = forms.CharField(label="Name <b>", max_length=5)


def render(form, field):
    return Template("{% load portal_forms %}{% filter_field f %}").render(
        Context({"f": form[field]})
    )


def test_filter_field_renders_bootstrap_markup_with_hint():
    html = render(Filters(), "status")

    assert '<label for="id_status" class="form-label">Status</label>' in html
    assert 'class="form-select"' in html
    assert 'aria-describedby="id_status_helptext"' in html
    assert '<div id="id_status_helptext" class="form-text">Pick one</div>' in html


def test_filter_field_shows_errors_next_to_the_field_and_escapes_labels():
    form = Filters(data={"status": "a", "name": "toolongvalue"})
    form.is_valid()

    html = render(form, "name")

    assert "Name &lt;b&gt;" in html
    assert 'class="form-control is-invalid"' in html and 'aria-invalid="true"' in html
    assert 'id="id_name_error"' in html and "at most 5 characters" in html
    assert 'value="toolongvalue"' in html
