import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import UserFactory
from endorsements.models import Endorsement

from ..models import CertificateBatch, CertificateBatchItem
from ..services import certificates
from .factories import endorsement

pytestmark = pytest.mark.django_db


def test_certificates_regenerate_command_fans_out_chunks_and_counts(
    django_capture_on_commit_callbacks,
):
    ifa = [endorsement() for _ in range(3)]
    endorsement(code="IFS")
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("certificates_regenerate", "--category", "ifa", "--chunk", "2", stdout=out)

    batch = CertificateBatch.objects.get()
    assert (batch.total, batch.done, batch.failed, batch.percent) == (3, 3, 0, 100)
    assert "3 certificates queued in chunks of 2" in out.getvalue()
    assert all(Endorsement.objects.get(pk=e.pk).certificate_file for e in ifa)
    assert mail.outbox == []  # a design change is not news to the holders


def test_certificates_regenerate_unknown_category_is_an_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No category"):
        call_command("certificates_regenerate", "--category", "NOPE")


def test_batch_chunk_counts_failures_and_records_them(monkeypatch):
    good, bad = endorsement(), endorsement(printed_name="Broken")
    batch = CertificateBatch.objects.create(total=3)
    CertificateBatchItem.objects.bulk_create(
        CertificateBatchItem(batch=batch, endorsement_id=pk) for pk in (good.pk, bad.pk, 999999)
    )
    real = certificates.certificate_pdf_bytes

    def flaky(e):  # the renderer boundary failing for one document
        if e.pk == bad.pk:
            raise ValueError("font missing")
        return real(e)

    monkeypatch.setattr(certificates, "certificate_pdf_bytes", flaky)
    certificates.certificate_batch_chunk(
        batch_id=batch.pk, endorsement_ids=[good.pk, bad.pk, 999999]
    )

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.finished) == (1, 2, True)
    assert "font missing" in Endorsement.objects.get(pk=bad.pk).certificate_error


def test_admin_action_regenerates_and_batch_shows_progress(
    client, django_capture_on_commit_callbacks
):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    e = endorsement()
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:endorsements_endorsement_changelist"),
            {"action": "regenerate_certificates", "_selected_action": [e.pk]},
            follow=True,
        )

    assert "Regenerating 1 certificate:" in response.content.decode()
    e.refresh_from_db()
    assert e.certificate_file
    page = client.get(reverse("admin:credentials_certificatebatch_changelist")).content.decode()
    assert "100% (finished)" in page


def test_no_missing_migrations_for_credentials():
    out = io.StringIO()
    call_command("makemigrations", "credentials", "--check", "--dry-run", stdout=out)


def test_regenerating_a_failed_certificate_from_the_admin_tells_the_holder(
    client, django_capture_on_commit_callbacks
):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    failed = endorsement()
    certificates.certificate_failed(endorsement_id=failed.pk, error="OSError: disk full")
    told = endorsement()
    certificates.certificate_render(endorsement=told, notify=False)  # current, never failed
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:endorsements_endorsement_changelist"),
            {"action": "regenerate_certificates", "_selected_action": [failed.pk, told.pk]},
        )

    # The holder whose certificate had failed was promised an email ("being prepared, we will
    # email you"); a plain redesign re-render emails nobody.
    assert [m.to for m in mail.outbox] == [[failed.holder.email]]
    assert "certificate is ready" in mail.outbox[0].subject
    failed.refresh_from_db()
    assert failed.certificate_error == "" and certificates.certificate_is_current(failed)


def test_a_stalled_batch_is_resumed_by_the_sweep_and_a_running_one_is_left_alone(
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.utils import timezone

    stalled_ids = [endorsement().pk for _ in range(2)]
    running_ids = [endorsement().pk for _ in range(2)]
    stalled = CertificateBatch.objects.create(total=2)
    running = CertificateBatch.objects.create(total=2)
    for batch, ids in ((stalled, stalled_ids), (running, running_ids)):
        CertificateBatchItem.objects.bulk_create(
            CertificateBatchItem(batch=batch, endorsement_id=pk) for pk in ids
        )
    # Its chunks were never queued (the broker was down) twenty minutes ago.
    CertificateBatch.objects.filter(pk=stalled.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )

    with django_capture_on_commit_callbacks(execute=True):
        certificates.certificates_sweep()

    stalled.refresh_from_db()
    running.refresh_from_db()
    assert (stalled.done, stalled.finished) == (2, True)
    assert running.done == 0  # started just now: its chunks are on their way
