"""Uploads: judged by their content, stored under random names, served only through views.

A file is accepted when its bytes are a PDF, PNG or JPEG that parses: the name and the browser's
content type are ignored. Accepted files go to the "private" storage (outside any public URL)
as `uploads/<uuid hex>.<detected extension>`; the original name, cleaned, is kept only to show
people and to name the download.

`UploadField` is the reusable form field: its cleaned value is a `CheckedUpload`, which the
services hand to `stored_file_create`. `file_response` streams a stored file safely and is meant
for any view that has already checked who is asking (ours, and the reviewers' in endorsements).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}
# How far from the end a PDF's %%EOF marker may sit (the PDF spec's readers look at 1024 bytes).
PDF_EOF_WINDOW = 1024
MAX_NAME_LENGTH = 150


def private_storage():
    """The storage outside any public URL (looked up per call so tests can swap it)."""
    return storages["private"]


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check, ready for `stored_file_create`."""

    file: UploadedFile
    kind: str  # "pdf", "png" or "jpeg"
    original_name: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]


def detect_kind(head: bytes) -> str | None:
    """The type the first bytes announce, or None when they are none of ours."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def _check_pdf(data: bytes) -> None:
    import logging

    from pypdf import PdfReader

    # A PDF ends with %%EOF: without it the file was cut short (a lenient parser would
    # otherwise happily "recover" half a transcript).
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise forms.ValidationError(
            _("The selected PDF is incomplete or damaged. Save it again and upload the new copy."),
            code="pdf_truncated",
        )
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)  # its recovery warnings are not ours to log
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise forms.ValidationError(
            _("The selected PDF could not be read. Save it again and upload the new copy."),
            code="pdf_unreadable",
        ) from exc
    finally:
        pypdf_logger.setLevel(level)
    if encrypted:
        raise forms.ValidationError(
            _("The selected PDF is password protected. Upload a copy without a password."),
            code="pdf_encrypted",
        )
    if pages < 1:
        raise forms.ValidationError(_("The selected PDF has no pages."), code="pdf_empty")


def _check_image(data: bytes, kind: str) -> None:
    from PIL import Image

    expected = {"png": "PNG", "jpeg": "JPEG"}[kind]
    try:
        with warnings.catch_warnings():
            # A decompression bomb is an attack, not a picture.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise ValueError(image.format)
                image.verify()
            # verify() does not decode the pixels; loading them catches a truncated image.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except Exception as exc:
        raise forms.ValidationError(
            _("The selected image could not be read. Save it again and upload the new copy."),
            code="image_unreadable",
        ) from exc


def clean_display_name(name: str, *, kind: str) -> str:
    """The original name reduced to a harmless base name with the detected extension.

    Directory parts and control characters go; the extension is the one the content proved.
    Templates still escape it: this is metadata, never a path.
    """
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/")
    base = PurePosixPath(name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"\s+", " ", base).strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[: MAX_NAME_LENGTH - 5] or "upload"
    return f"{stem}.{EXTENSIONS[kind]}"


def download_name(display_name: str) -> str:
    """A conservative file name for Content-Disposition: no quotes, slashes or markup."""
    cleaned = re.sub(r'[<>:"/\\|?*;\x00-\x1f]', "", display_name).strip(" .")
    return cleaned or "download"


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Check an upload's size and content; raise ValidationError with a plain message."""
    limit = settings.UPLOAD_MAX_BYTES
    if not upload.size:
        raise forms.ValidationError(_("The selected file is empty."), code="empty")
    if upload.size > limit:
        raise forms.ValidationError(
            _("The selected file must be smaller than %(size)s."),
            code="too_big",
            params={"size": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = detect_kind(data[:16])
    if kind is None:
        raise forms.ValidationError(
            _("The selected file must be a PDF, PNG or JPEG."), code="wrong_type"
        )
    if kind == "pdf":
        _check_pdf(data)
    else:
        _check_image(data, kind)
    return CheckedUpload(
        file=upload,
        kind=kind,
        original_name=clean_display_name(upload.name, kind=kind),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _upload_hint_text() -> str:
    return gettext("A PDF, PNG or JPEG, smaller than %(size)s.") % {
        "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }


# Fields are built when their form class is defined: the hint is written when it is shown.
_upload_hint = lazy(_upload_hint_text, str)


class UploadField(forms.FileField):
    """A file field that accepts only PDF, PNG or JPEG judged by content.

    Its cleaned value is a `CheckedUpload` (or None when left empty and not required).
    """

    widget = forms.FileInput
    default_error_messages = {
        "required": _("Select a file to upload."),
        "invalid": _("The selected file could not be uploaded. Try again."),
        "missing": _("The selected file could not be uploaded. Try again."),
        "empty": _("The selected file is empty."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _upload_hint())
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.png,.jpg,.jpeg")

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return check_upload(value)
        return None


def storage_name_for(kind: str) -> str:
    return f"uploads/{uuid.uuid4().hex}.{EXTENSIONS[kind]}"


def file_response(stored_file) -> FileResponse:
    """Stream a StoredFile as a download. Call only after checking who may see it."""
    try:
        handle = private_storage().open(stored_file.storage_name, "rb")
    except FileNotFoundError as exc:
        # The row outlived its bytes (a restore without the files): say so, do not crash.
        raise Http404("The file is no longer stored.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(stored_file.original_name),
        content_type=stored_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
