"""Uploads are judged by their content, stored under random names and served to few people."""

from pathlib import Path

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from applicants.models import Education, StoredFile

from .factories import jpeg_bytes, login_verified, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("applicants:education_add")
FORM = {
    "degree_level": "bachelor",
    "field_of_study": "Social work",
    "institution": "Southern Connecticut State University",
    "completed_on": "2016-05-20",
}


def post_transcript(client, file):
    return client.post(ADD_URL, {**FORM, "transcript_upload": file})


def assert_rejected_and_kept(response, message):
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors["transcript_upload"][0]
    html = response.content.decode()
    assert "There is a problem" in html
    # Everything typed is still there.
    assert 'value="Social work"' in html
    assert 'value="Southern Connecticut State University"' in html
    assert 'value="2016-05-20"' in html
    assert '<option value="bachelor" selected>' in html
    assert not Education.objects.exists()
    assert not StoredFile.objects.exists()


def test_upload_text_file_renamed_pdf_is_rejected(client):
    client.force_login(applicant())

    response = post_transcript(client, upload("transcript.pdf", b"just some text\n" * 20))

    assert_rejected_and_kept(response, "must be a PDF, PNG or JPEG")


def test_upload_truncated_pdf_is_rejected(client):
    client.force_login(applicant())
    data = pdf_bytes(pages=2)

    response = post_transcript(client, upload("transcript.pdf", data[: len(data) // 2]))

    assert_rejected_and_kept(response, "incomplete or damaged")


def test_upload_pdf_cut_just_before_its_end_marker_is_rejected(client):
    client.force_login(applicant())
    data = pdf_bytes()

    response = post_transcript(client, upload("transcript.pdf", data[:-7]))

    assert_rejected_and_kept(response, "incomplete or damaged")


def test_upload_garbage_after_pdf_header_is_rejected(client):
    client.force_login(applicant())

    response = post_transcript(
        client, upload("t.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"%%EOF")
    )

    assert_rejected_and_kept(response, "could not be read")


def test_upload_encrypted_pdf_is_rejected(client):
    client.force_login(applicant())

    response = post_transcript(client, upload("transcript.pdf", pdf_bytes(password="secret")))

    assert_rejected_and_kept(response, "password protected")


def test_upload_empty_file_is_rejected(client):
    client.force_login(applicant())

    response = post_transcript(client, upload("transcript.pdf", b""))

    assert_rejected_and_kept(response, "The selected file is empty")


def test_upload_oversized_file_is_rejected(client, settings):
    settings.UPLOAD_MAX_BYTES = 300
    client.force_login(applicant())

    response = post_transcript(client, upload("transcript.pdf", pdf_bytes(pages=3)))

    assert_rejected_and_kept(response, "must be smaller than 300")


def test_upload_truncated_png_is_rejected(client):
    client.force_login(applicant())
    data = png_bytes(size=(64, 64))

    response = post_transcript(client, upload("scan.png", data[: len(data) - 30], "image/png"))

    assert_rejected_and_kept(response, "image could not be read")


def test_upload_pdf_with_image_name_is_judged_by_content(client):
    owner = applicant()
    client.force_login(owner)

    response = post_transcript(client, upload("scan.png", pdf_bytes(), "image/png"))

    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert stored.kind == "pdf"
    assert stored.original_name == "scan.pdf"
    assert stored.storage_name.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "kind", "extension"), [(png_bytes(), "png", ".png"), (jpeg_bytes(), "jpeg", ".jpg")]
)
def test_upload_images_are_accepted(client, content, kind, extension):
    client.force_login(applicant())

    response = post_transcript(client, upload("diploma", content, "application/octet-stream"))

    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert (stored.kind, stored.original_name) == (kind, f"diploma{extension}")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        # The slash in "</script>" is a path separator: only the last part is kept.
        ("<script>alert(1)</script>.pdf", "script&gt;.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "&lt;img src=x onerror=alert(1)&gt;.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
    ],
)
def test_upload_hostile_name_is_stored_randomly_and_shown_escaped(client, settings, name, shown):
    owner = applicant()
    client.force_login(owner)

    response = post_transcript(client, upload(name, pdf_bytes()))

    assert response.status_code == 302
    stored = StoredFile.objects.get()
    root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    path = (root / stored.storage_name).resolve()
    assert path.is_file() and path.is_relative_to(root / "uploads")
    assert path.name == f"{Path(stored.storage_name).stem}.pdf"
    assert len(Path(stored.storage_name).stem) == 32  # uuid hex, nothing of the original name
    assert ".." not in stored.original_name and "/" not in stored.original_name
    listing = client.get(reverse("applicants:education_list")).content.decode()
    assert shown in listing
    assert "<script>" not in listing and "<img src=x" not in listing


def test_upload_valid_pdf_is_stored_and_downloadable_by_owner(client, settings):
    owner = applicant()
    client.force_login(owner)
    content = pdf_bytes()

    response = post_transcript(client, upload('My "transcript".pdf', content))

    assert response.status_code == 302
    education = Education.objects.select_related("transcript").get()
    stored = education.transcript
    assert (stored.owner, stored.size, stored.kind) == (owner, len(content), "pdf")
    download = client.get(reverse("applicants:file_download", args=[stored.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="My transcript.pdf"'
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize("make_viewer", [coordinator, registry_admin])
def test_download_staff_may_download(client, make_viewer):
    owner = applicant()
    client.force_login(owner)
    post_transcript(client, upload("t.pdf"))
    stored = StoredFile.objects.get()
    login_verified(client, make_viewer())

    response = client.get(reverse("applicants:file_download", args=[stored.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("make_viewer", [applicant, reviewer])
def test_download_other_people_get_404(client, make_viewer):
    owner = applicant()
    client.force_login(owner)
    post_transcript(client, upload("t.pdf"))
    stored = StoredFile.objects.get()
    login_verified(client, make_viewer())

    response = client.get(reverse("applicants:file_download", args=[stored.pk]))

    assert response.status_code == 404


def test_download_anonymous_is_sent_to_login(client):
    owner = applicant()
    client.force_login(owner)
    post_transcript(client, upload("t.pdf"))
    stored = StoredFile.objects.get()
    client.logout()
    url = reverse("applicants:file_download", args=[stored.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_download_missing_file_is_404(client):
    login_verified(client, coordinator())

    response = client.get(reverse("applicants:file_download", args=[999999]))

    assert response.status_code == 404


def test_download_of_a_file_missing_from_storage_is_404(client, settings):
    owner = applicant()
    client.force_login(owner)
    post_transcript(client, upload("t.pdf"))
    stored = StoredFile.objects.get()
    (Path(settings.PRIVATE_FILES_ROOT) / stored.storage_name).unlink()

    response = client.get(reverse("applicants:file_download", args=[stored.pk]))

    assert response.status_code == 404
