"""Uploads refused by size while they arrive, before any of the file is kept.

Django reads a multipart request in chunks and hands each to its upload handlers in turn. This
handler stands first: once a file (or the whole request, when its length is announced) is
larger than UPLOAD_MAX_BYTES it keeps the rest of the chunks from the handlers after it, so
nothing more goes to memory or to a temporary file, and the form receives a `RefusedUpload`
that says how big the file was. The request is still read to its end (a client must not be cut
off mid-send), chunk by chunk, so a 300 MB request costs time but not memory.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# A request may carry a little form data besides its largest allowed file.
REQUEST_OVERHEAD_BYTES = 1024 * 1024


def upload_max_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


class RefusedUpload(UploadedFile):
    """A file refused for its size: no content, only its name and (at least) its size."""

    refused = True

    def __init__(self, *, name: str, size: int, field_name: str, content_type: str = ""):
        super().__init__(
            file=io.BytesIO(b""), name=name, content_type=content_type, size=size, charset=None
        )
        self.field_name = field_name

    def read(self, *args, **kwargs):  # nothing was kept: never pretend to have content
        return b""


class UploadSizeLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: drops what is over the limit, keeps what is not."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A request announced as too big is refused whole: no byte of its files is kept.
        self.refuse_all = bool(content_length) and content_length > (
            upload_max_bytes() + REQUEST_OVERHEAD_BYTES
        )
        self.request_length = content_length or 0

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, *a, **k):
        super().new_file(field_name, file_name, content_type, content_length, charset, *a, **k)
        self.received = 0
        self.over = getattr(self, "refuse_all", False)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            self.over = True
        return None if self.over else raw_data  # None: the handlers after this get nothing

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler (memory or temporary file) completes it
        return RefusedUpload(
            name=self.file_name or "upload",
            size=max(self.received, upload_max_bytes() + 1),
            field_name=self.field_name,
            content_type=self.content_type or "",
        )
