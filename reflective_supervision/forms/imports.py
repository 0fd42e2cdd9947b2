"""Forms for importing a spreadsheet of sessions and fixing one row in the preview."""

from django import forms

from core.forms import PortalFormMixin

from ..imports import FIELD_LABELS, FIELDS, MAX_BYTES, TOO_BIG, ImportFileError, read_csv, row_clean


class ImportUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="In your spreadsheet: File > Download (or Save as) > CSV. The first row names "
        "the columns: date, hours or minutes, format, modality, focus, ages (infants, early "
        "childhood or both), provider name, provider email.",
        error_messages={"required": "Choose the CSV file to upload."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # By its size first, before any of it is read (a file over UPLOAD_MAX_BYTES arrived
        # empty: core.upload_handlers kept none of it); then read as a stream, row by row.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG)
        try:
            self.rows = read_csv(upload)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class ImportRowForm(PortalFormMixin, forms.Form):
    """One staged row, as text, checked with the same forgiving rules as the upload."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            self.fields[name] = forms.CharField(
                required=False, max_length=200, label=FIELD_LABELS[name]
            )
        self.fields["date"].help_text = "Like 2026-03-14 or 3/14/2026."
        self.fields["hours"].help_text = "Like 1.5 or 1:30. Leave empty if you give minutes."
        self.fields["minutes"].help_text = "Whole minutes, like 90. Leave empty if you give hours."
        self.fields["format"].help_text = "individual or group."
        self.fields[
            "group_size"
        ].help_text = "Only for group sessions: how many people, you included."
        self.fields["modality"].help_text = "in person or virtual."
        self.fields["focus"].help_text = "own work, or RSC provided. Empty means own work."
        self.fields["ages"].help_text = (
            "infants, early childhood or both. Empty: the hours count toward no category "
            "until you say."
        )
        self.fields["provider_name"].help_text = "Or peer, for peer supervision."
        # Every field may be empty here; row_clean says which ones must not be, in words.
        for field in self.fields.values():
            field.label = field.label.replace(" (optional)", "")

    def clean(self):
        data = super().clean()
        _, errors = row_clean(data)
        for name, message in errors.items():
            self.add_error(name, message)
        return data
