"""Light field renderers for the busiest pages' forms.

crispy-forms renders each field through several nested templates, which was a third of the
time of a page like the coordinator inbox. Filter forms are simple (selects, text, dates), so
`{% filter_field form.status %}` builds the same Bootstrap 5 markup directly, escaped by
format_html. Single selects and one-line inputs are written here too (Django renders each
option through a template, a few milliseconds for a page of filters); any other widget is
rendered by Django.

Forms people fill in at length keep crispy's markup: `{% form_field %}` (below) writes it
directly for text areas, radio buttons and tick-box lists, the review page's fields.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def without_optional(label) -> str:
    """`{{ field.label|without_optional }}`: the label without "(optional)", in any language."""
    from core.forms import label_without_optional

    return label_without_optional(label)


def _django_defaults(field: forms.Field) -> list:
    """Django's own messages for this field: they say what is wrong, not where."""
    defaults = []
    for klass in type(field).__mro__:
        defaults.extend(getattr(klass, "default_error_messages", {}).values())
    for validator in field.validators:
        defaults.append(getattr(type(validator), "message", None))
        defaults.extend(getattr(type(validator), "messages", {}).values())  # DecimalValidator
    return [message for message in defaults if message is not None]


def _same_message(a, b) -> bool:
    if a is b:
        return True
    try:
        return str(a) == str(b)
    except (TypeError, KeyError):  # a plural message cannot be read without its number
        return False


def summary_label(label) -> str:
    """The label as the summary's prefix: without "(optional)" and without the "?" or ":"
    that ends a question or a prompt (with Spanish's opening "¿" when the "?" goes)."""
    from core.forms import label_without_optional

    text = label_without_optional(label).strip()
    if text.endswith("?") and text.startswith("¿"):
        text = text[1:]
    return text.rstrip("?:.").strip()


@register.simple_tag
def error_summary_items(form) -> list[tuple[str, str]]:
    """(anchor, link text) for each field error of the error summary, the GOV.UK way.

    The link text is the message alone, as next to the field: our messages name their
    field ("Enter first name", "Select the language it is given in"). Two kinds do not, and
    get the label in front ("Hours of learning: Enter the hours as a number"): Django's own
    messages ("Enter a valid email address.") and a message the form gives to several
    fields. The label loses its "?" or ":" so a question does not read "…?: Select…".
    """
    items = []
    data = form.errors.as_data()
    declared: dict[str, int] = {}
    for field in form.fields.values():
        for text in {str(m) for m in field.error_messages.values() if _plain(m)}:
            declared[text] = declared.get(text, 0) + 1
    for bound in form.visible_fields():
        field = bound.field
        defaults = _django_defaults(field)
        for error in data.get(bound.name, ()):
            text = next(iter(error))
            generic = any(_same_message(error.message, d) for d in defaults)
            shared = _plain(error.message) and declared.get(str(error.message), 0) > 1
            if (generic or shared) and bound.label:
                text = gettext("%(label)s: %(message)s") % {
                    "label": summary_label(bound.label),
                    "message": text,
                }
            items.append((_anchor(bound), text))
    return items


def _anchor(bound) -> str:
    """The id the link jumps to: the control, or a group's first radio or tick box (the
    group itself has no element with the field's id)."""
    if bound.id_for_label:
        return bound.id_for_label
    subwidgets = bound.subwidgets
    return subwidgets[0].id_for_label if subwidgets else bound.auto_id


def _plain(message) -> bool:
    """A message that reads the same without its parameters (not a plural one)."""
    try:
        str(message)
    except (TypeError, KeyError):
        return False
    return True


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


# --- Fields of forms people fill in at length ------------------------------------------------
#
# `{% form_field form.comment %}` writes what crispy-forms' Bootstrap 5 pack writes for a text
# area, a set of radio buttons or a list of tick boxes: the same elements, ids, classes, labels,
# hints, errors and aria attributes (core/tests/test_form_field.py compares the two), without
# crispy's five nested templates per field, which were 70% of the review page's template time.
# Any other widget, and a field without a label, is still rendered by crispy.


def _attrs(attrs: dict) -> str:
    """Attributes in their own order, as Django's widget templates write them (flatatt sorts)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False and v is not None
        ),
    )


def _crispy_class(widget, extra: str) -> str:
    """The class crispy gives a widget: its own, the widget's name ("textarea"), then `extra`."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif name not in css:
        css += f" {name}"
    for word in extra.split():
        if word not in css.split():
            css += f" {word}"
    return css


def _label_text(field):
    if field.field.required:
        return format_html('{}<span class="asteriskField">*</span>', field.label)
    return format_html("{}", field.label)


def _label_class(field, *extra: str) -> str:
    return " ".join(["form-label", *(["requiredField"] if field.field.required else []), *extra])


def _error_block(field) -> str:
    if not field.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.errors.field_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, field.auto_id, error) for n, error in enumerate(field.errors, start=1)),
        ),
    )


def _help_block(field) -> str:
    if not field.help_text:
        return ""
    if field.auto_id:
        return format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # as crispy: help texts are the form's own words
        )
    return format_html('<div class="form-text">{}</div>', mark_safe(field.help_text))


def _textarea(field) -> str:
    widget = field.field.widget
    css = _crispy_class(widget, "form-control is-invalid" if field.errors else "form-control")
    attrs = {**widget.attrs, "class": css, **field.build_widget_attrs({}, widget)}
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    value = widget.format_value(field.value())
    control = format_html(
        "<textarea{}>\n{}</textarea>",
        _attrs({"name": field.html_name, **attrs}),
        value or "",
    )
    label = ""
    if field.label:
        for_ = format_html(' for="{}"', field.id_for_label) if field.id_for_label else ""
        label = format_html(
            '<label{} class="{}">{}</label>', for_, _label_class(field), _label_text(field)
        )
    return format_html("{}{}{}{}", label, control, _error_block(field), _help_block(field))


def _choices(field) -> str:
    """Radio buttons or tick boxes in a fieldset, grouped under a bold heading when the
    choices are; the errors sit after the last option, as crispy puts them."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    input_class = "form-check-input is-invalid" if field.errors else "form-check-input"
    parts = []
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        for option_number, option in enumerate(options, start=1):
            last = group_number == len(groups) and option_number == len(options)
            parts.append(
                format_html(
                    '<div class="form-check"><input type="{}" class="{}" name="{}" value="{}"{}>'
                    '<label for="{}" class="form-check-label">{}</label>{}</div>',
                    option["type"],
                    input_class,
                    field.html_name,
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["attrs"].get("id", ""),
                    str(option["label"]),
                    _error_block(field) if last else "",
                )
            )
    described = field.aria_describedby
    return format_html(
        '<fieldset{}><legend class="{}">{}</legend><div>{}</div>{}</fieldset>',
        format_html(' aria-describedby="{}"', described) if described else "",
        _label_class(field, "fs-6"),
        _label_text(field),
        mark_safe("".join(parts)),  # each part built by format_html
        _help_block(field),
    )


@register.simple_tag
def form_field(field):
    """Label, control, hint and errors of one bound field, as crispy-forms writes them."""
    widget = field.field.widget
    if field.is_hidden or not field.label:
        return _crispy(field)
    if type(widget) is forms.Textarea:
        inner = _textarea(field)
    elif type(widget) in (forms.RadioSelect, forms.CheckboxSelectMultiple):
        inner = _choices(field)
    else:
        return _crispy(field)
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        inner,
    )


def _crispy(field) -> str:
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    return as_crispy_field(field)
