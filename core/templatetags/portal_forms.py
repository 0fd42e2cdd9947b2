"""A light field renderer for the busiest pages' filter forms.

crispy-forms renders each field through several nested templates, which was a third of the
time of a page like the coordinator inbox. Filter forms are simple (selects, text, dates), so
`{% filter_field form.status %}` builds the same Bootstrap 5 markup directly, escaped by
format_html. Single selects and one-line inputs are written here too (Django renders each
option through a template, a few milliseconds for a page of filters); any other widget is
rendered by Django. Forms people fill in at length keep crispy.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def without_optional(label) -> str:
    """`{{ field.label|without_optional }}`: the label without "(optional)", in any language."""
    from core.forms import label_without_optional

    return label_without_optional(label)


def _widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    return "form-control"


def _plain_select(field, attrs: dict) -> str | None:
    """A single <select> with flat choices, or None when Django should render it."""
    # Iterated, not list()ed: a model field's choices would count their rows first.
    choices = [choice for choice in field.field.choices]  # noqa: C416
    if any(isinstance(label, list | tuple) for _, label in choices):
        return None  # option groups
    value = field.value()
    selected = "" if value is None else str(value)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((str(v), " selected" if str(v) == selected else "", label) for v, label in choices),
    )
    return format_html("<select{}>{}</select>", flatatt(attrs), options)


def _plain_input(field, attrs: dict) -> str:
    widget = field.field.widget
    value = widget.format_value(field.value())
    attrs = {"type": widget.input_type, **attrs}
    if value is not None:
        attrs["value"] = value
    return format_html("<input{}>", flatatt(attrs))


def _control(field, attrs: dict) -> str:
    widget = field.field.widget
    full = {
        **widget.attrs,
        **field.build_widget_attrs(attrs),
        "name": field.html_name,
        "id": field.auto_id,
    }
    full["class"] = attrs["class"]  # ours, not merged with the widget's
    if type(widget) is forms.Select:
        control = _plain_select(field, full)
        if control is not None:
            return control
    elif isinstance(widget, Input) and not isinstance(
        widget, forms.FileInput | forms.CheckboxInput
    ):
        return _plain_input(field, full)
    return field.as_widget(attrs=attrs)


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
    control = _control(field, attrs)
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
