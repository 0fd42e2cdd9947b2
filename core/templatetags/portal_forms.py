"""A light field renderer for the busiest pages' filter forms.

crispy-forms renders each field through several nested templates, which was a third of the
time of a page like the coordinator inbox. Filter forms are simple (selects, text, dates), so
`{% filter_field form.status %}` builds the same Bootstrap 5 markup directly, escaped by
format_html. Forms people fill in at length keep crispy.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    return "form-control"


@register.simple_tag
def filter_field(field):
    """Label, control, errors and hint for one bound field, in Bootstrap 5 markup."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    css = _widget_class(field) + (" is-invalid" if field.errors else "")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    control = field.as_widget(attrs=attrs)
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
            field.auto_id,
            format_html_join(" ", "{}", ((e,) for e in field.errors)),
        )
    hint = ""
    if field.help_text:
        hint = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
    return format_html(
        '<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.id_for_label,
        field.label,
        control,
        errors,
        hint,
    )
