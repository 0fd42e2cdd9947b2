from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PortalFormMixin:
    """House rules for every form: say "(optional)" in words, and no browser-only validation.

    GOV.UK-style forms tell people which fields they may leave empty instead of marking the
    required ones with a symbol; our server-side messages are the single source of errors.
    """

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional = gettext("(optional)")
        for field in self.fields.values():
            # A tick box is optional by nature: "(optional)" after it would only confuse.
            if (
                not field.required
                and field.label
                and optional not in str(field.label)
                and "(optional)" not in str(field.label)
                and not isinstance(field.widget, forms.CheckboxInput)
            ):
                field.label = f"{field.label} {optional}"
            if field.required and not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("aria-required", "true")
            if field.required and field.label:
                field.error_messages["required"] = required_message(field)


def label_without_optional(label) -> str:
    """A field's label without the "(optional)" the forms add, in the page's language (the
    error summary names the field; a message says what to type)."""
    text = str(label)
    for suffix in (" " + gettext("(optional)"), " (optional)"):
        text = text.removesuffix(suffix)
    return text


def required_message(field: forms.Field) -> str:
    """A message that says what to do ("Enter first name"), not "This field is required".

    Written in the page's language: forms are made for each request, so this runs in it.
    """
    default = forms.Field.default_error_messages["required"]
    if str(field.error_messages.get("required")) != str(default):
        return field.error_messages["required"]  # the form chose its own words
    label = label_without_optional(field.label)
    first_word = label.split(" ", 1)[0]
    if not (first_word == "I" or first_word.isupper()):  # keep "I" and acronyms (DEI, RSC)
        label = label[:1].lower() + label[1:]
    if isinstance(field, forms.BooleanField):
        return gettext("Tick the box to confirm: %(label)s") % {"label": label}
    if isinstance(field, forms.FileField):
        return gettext("Choose a file: %(label)s") % {"label": label}
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return gettext("Select %(label)s") % {"label": label}
    return gettext("Enter %(label)s") % {"label": label}


class AuditFilterForm(forms.Form):
    """Filters of the audit log (GET): every field optional; a wrong value is said, not used."""

    action = forms.ChoiceField(label=_("What happened"), required=False)
    email = forms.CharField(
        label=_("Person's email (part of it is fine)"), max_length=254, required=False
    )
    application = forms.IntegerField(label=_("Application number"), required=False, min_value=1)
    since = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("Like 2026-03-31"),
        error_messages={"invalid": _("Enter the date like 2026-03-31")},
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        help_text=_("Like 2026-03-31"),
        error_messages={"invalid": _("Enter the date like 2026-03-31")},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Everything")), *actions]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "action": data.get("action", ""),
            "email": data.get("email", ""),
            "application_id": data.get("application"),
            "since": data.get("since"),
            "until": data.get("until"),
        }


# The browser shows its own date picker; typed by hand, "14 March 2024" and "2024-03-14" work.
DATE_HINT = _("For example, 14 March 2024.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(field: forms.Field, *, label: str | None = None, hint: str = DATE_HINT) -> None:
    field.widget = DateInput()
    field.error_messages["invalid"] = _("Enter a real date, like 14 March 2024.")
    if label:
        field.label = label
    field.help_text = hint
