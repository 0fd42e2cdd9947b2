"""Forms for importing a spreadsheet of sessions and fixing one row in the preview."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin

from ..imports import (
    FIELD_LABELS,
    FIELDS,
    MAX_BYTES,
    TOO_BIG,
    ImportFileError,
    date_example,
    read_csv,
    row_clean,
)


class ImportUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "In your spreadsheet: File > Download (or Save as) > CSV. The first row names the "
            "columns: date, hours or minutes, format, modality, focus, ages (infants, early "
            "childhood or both), provider name, provider email."
        ),
        error_messages={"required": _("Choose the CSV file to upload.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # By its size first, before any of it is read (a file over UPLOAD_MAX_BYTES arrived
        # empty: core.upload_handlers kept none of it); then read as a stream, row by row.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG, code="too_big")
        try:
            self.rows = read_csv(upload)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


HINTS = {
    "hours": _("Like 1.5 or 1:30. Leave empty if you give minutes."),
    "minutes": _("Whole minutes, like 90. Leave empty if you give hours."),
    "format": _("individual or group."),
    "group_size": _("Only for group sessions: how many people, you included."),
    "modality": _("in person or virtual."),
    "focus": _("own work, or RSC provided. Empty means own work."),
    "ages": _(
        "infants, early childhood or both. Empty: the hours count toward no category until you say."
    ),
    "provider_name": _("Or peer, for peer supervision."),
}


class ImportRowForm(PortalFormMixin, forms.Form):
    """One staged row, as text, checked with the same forgiving rules as the upload."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            self.fields[name] = forms.CharField(
                required=False, max_length=200, label=FIELD_LABELS[name]
            )
        for name, hint in HINTS.items():
            self.fields[name].help_text = hint
        self.fields["date"].help_text = gettext("Like 2026-03-14 or %(example)s.") % {
            "example": date_example()
        }
        # Every field may be empty here; row_clean says which ones must not be, in words
        # (the fields are added after PortalFormMixin, so no "(optional)" on them).

    def clean(self):
        data = super().clean()
        _, errors = row_clean(data)
        for name, message in errors.items():
            self.add_error(name, message)
        return data
