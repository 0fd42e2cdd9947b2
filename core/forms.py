from django import forms


class PortalFormMixin:
    """House rules for every form: say "(optional)" in words, and no browser-only validation.

    GOV.UK-style forms tell people which fields they may leave empty instead of marking the
    required ones with a symbol; our server-side messages are the single source of errors.
    """

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.required and field.label and "(optional)" not in str(field.label):
                field.label = f"{field.label} (optional)"
            if field.required and not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("aria-required", "true")
