"""Integration with a real Celery worker on Redis and the PostgreSQL test database."""

import io
import subprocess
import time

import pytest
from django.core.files.storage import storages
from django.db import transaction
from PIL import Image
from pypdf import PdfReader

from conftest import wait_for
from endorsements.models import Endorsement

from ..services.certificates import certificate_enqueue
from .conftest import broker_stopped
from .factories import endorsement

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def rendered(pk):
    return Endorsement.objects.filter(pk=pk, certificate_rendered_at__isnull=False).first()


def qr_texts(pdf: bytes, tmp_path) -> list[str]:
    import zxingcpp

    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]


def test_endorsing_produces_a_certificate_on_the_worker(
    celery_worker_process, shipped_rules, settings, tmp_path
):
    with transaction.atomic():
        e = endorsement(printed_name="Grace Hopper", on_commit=certificate_enqueue)

    e = wait_for(lambda: rendered(e.pk), timeout=90)

    with storages["private"].open(e.certificate_file, "rb") as handle:
        pdf = handle.read()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("Grace Hopper", "Infant Family Associate", "IFA", e.number):
        assert expected in text
    assert "1 March 2025" in text and "31 December 2026" in text
    assert qr_texts(pdf, tmp_path) == [f"{settings.SITE_URL}/verify/{e.verification_code}/"]


def test_broker_down_during_endorsement_then_the_sweep_renders_it(
    celery_worker_process, shipped_rules
):
    from endorsement_portal.celery import app

    from ..tasks import certificates_sweep_missing

    with broker_stopped(app):
        with transaction.atomic():
            e = endorsement(printed_name="Offline Person", on_commit=certificate_enqueue)
        # The decision stands and nothing raised; the certificate is simply not there yet.
        assert Endorsement.objects.filter(pk=e.pk).exists()
        time.sleep(3)  # long enough for the worker to have rendered it, had it been queued
        assert rendered(e.pk) is None

    # Redis is back: the periodic sweep runs (here in the test process, since a task sent
    # from inside the worker would go to the default queue, not this test's queue).
    assert certificates_sweep_missing.apply().get() == 1

    e = wait_for(lambda: rendered(e.pk), timeout=90)
    assert e.certificate_file.endswith(f"endorsement-{e.pk}.pdf")
