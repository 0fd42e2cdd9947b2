"""Uploads and CSV imports are refused by size before they are read into memory: a 300 MB
request does not grow a web process by more than a few MB (measured in a real process)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from accounts.tests.factories import applicant
from conftest import _database_url_for_test_db

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("upload_probe.py")
FEW_MB = 8 * 1024  # in kB


def probe(url: str, field: str, megabytes: int, session_key: str, settings) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": _database_url_for_test_db(),
        "SECRET_KEY": settings.SECRET_KEY,
        "PYTHONPATH": str(ROOT),
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    result = subprocess.run(
        [sys.executable, str(PROBE), url, field, str(megabytes), session_key],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def signed_in(client, transactional_db):
    """An applicant's session, committed so that another process can use it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the probe process needs the PostgreSQL test database")
    user = applicant()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("url_name", "field", "message"),
    [
        ("applicants:documents_add", "file_upload", "The selected file must be smaller than"),
        ("reflective_supervision:import", "file", "The file is too big"),
    ],
    ids=["document upload", "RSC CSV import"],
)
def test_a_300_mb_request_does_not_grow_the_process(signed_in, settings, url_name, field, message):
    result = probe(reverse(url_name), field, 300, signed_in, settings)

    assert result["sent"] == 300 * 1024 * 1024  # the whole request was read, and answered
    assert result["status"].startswith("200")
    assert message in result["page"]
    assert result["grew_kb"] < FEW_MB, f"grew by {result['grew_kb'] / 1024:.1f} MB"


class Recorder(FileUploadHandler):
    """Stands after the size limit and records what reaches it."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        Recorder.received += len(raw_data)
        return None

    def file_complete(self, file_size):
        return None


def parse(body: bytes, boundary: str):
    from core.upload_handlers import UploadSizeLimitHandler

    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body)),
    }
    handlers = [UploadSizeLimitHandler(), Recorder()]
    return MultiPartParser(meta, io.BytesIO(body), handlers).parse()


def multipart(size: int, boundary: str = "b0undary") -> bytes:
    return (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )


def test_a_request_announced_as_too_big_keeps_none_of_its_file(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    Recorder.received = 0

    _, files = parse(multipart(3 * 1024 * 1024), "b0undary")

    assert Recorder.received == 0  # nothing reached memory or a temporary file
    refused = files["f"]
    assert refused.size > settings.UPLOAD_MAX_BYTES and refused.read() == b""


def test_a_file_going_over_the_limit_keeps_nothing_past_it(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    Recorder.received = 0

    # The request is within the allowance for form data besides the file, so the file itself
    # is measured while it is read.
    _, files = parse(multipart(1024 * 1024 + 300 * 1024), "b0undary")

    assert Recorder.received <= settings.UPLOAD_MAX_BYTES + 64 * 1024
    assert files["f"].size > settings.UPLOAD_MAX_BYTES


def test_a_file_under_the_limit_goes_through_untouched(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    Recorder.received = 0

    _, files = parse(multipart(200 * 1024), "b0undary")

    assert Recorder.received == 200 * 1024 and "f" not in files  # the recorder completed it


@pytest.mark.django_db
def test_an_oversized_document_gets_a_plain_message_and_is_not_stored(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applicants.models import StoredFile

    settings.UPLOAD_MAX_BYTES = 100 * 1024
    client.force_login(applicant())

    response = client.post(
        reverse("applicants:documents_add"),
        {
            "kind": "cv",
            "title": "CV",
            "file_upload": SimpleUploadedFile("cv.pdf", b"%PDF-" + b"0" * 300 * 1024),
        },
    )

    assert response.status_code == 200
    assert "The selected file must be smaller than 100.0" in response.content.decode()
    assert not StoredFile.objects.exists()


@pytest.mark.django_db
def test_a_file_within_the_limit_passes_the_size_handler_and_is_stored_whole(client, settings):
    """Issue 15's size handler stands first in the chain; issue 21's atomic write stores what
    passes it: written under a temporary name, moved into place whole, nothing else left."""
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    from applicants.models import StoredFile
    from applicants.tests.factories import pdf_bytes

    assert settings.FILE_UPLOAD_HANDLERS[0] == "core.upload_handlers.UploadSizeLimitHandler"
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 256  # spooled to a temporary file on the way in
    content = pdf_bytes(pages=20)
    assert 256 < len(content) < settings.UPLOAD_MAX_BYTES
    client.force_login(applicant())

    response = client.post(
        reverse("applicants:documents_add"),
        {"kind": "cv", "title": "CV", "file_upload": SimpleUploadedFile("cv.pdf", content)},
    )

    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    on_disk = [p for p in Path(settings.PRIVATE_FILES_ROOT).rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in on_disk] == [content]  # no temporary file left beside it
    assert on_disk[0].name == Path(stored.storage_name).name
