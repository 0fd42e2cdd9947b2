"""Faults the certificate and reminder work must survive, with a real prefork worker."""

import os
import signal
import subprocess
import time
from collections import Counter
from datetime import date

import pytest
from django.db import transaction

from conftest import SmtpServer, wait_for
from endorsements.models import Endorsement
from messaging.models import Message
from messaging.services import messages_sweep

from ..models import CertificateBatch
from ..services import certificates, reminders
from ..services.certificates import certificate_enqueue
from .factories import endorsement

SMTP = SmtpServer()

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.worker_options(
        pool="prefork",
        env={
            "EMAIL_URL": SMTP.url,
            "EMAIL_TIMEOUT": "5",
            "OUTBOX_RETRY_SECONDS": "1",
            "OUTBOX_RETRY_MAX_SECONDS": "1",
        },
    ),
]


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", SMTP.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.OUTBOX_RETRY_SECONDS = settings.OUTBOX_RETRY_MAX_SECONDS = 1
    SMTP.received.clear()
    yield SMTP
    SMTP.down()


def pool_processes(worker) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def test_a_pool_process_killed_mid_batch_leaves_every_certificate_current_and_counted_once(
    celery_worker_process, request, shipped_rules
):
    worker = request.node.worker
    wait_for(lambda: len(pool_processes(worker)) == 2, timeout=60)
    ids = [endorsement().pk for _ in range(90)]
    batch = certificates.certificate_batch_start(endorsement_ids=ids, chunk=30)

    wait_for(lambda: CertificateBatch.objects.get(pk=batch.pk).done >= 3, timeout=90)
    killed = pool_processes(worker)
    for pid in killed:  # every pool process, each in the middle of its chunk
        os.kill(pid, signal.SIGKILL)
    assert not CertificateBatch.objects.get(pk=batch.pk).finished

    wait_for(lambda: CertificateBatch.objects.get(pk=batch.pk).finished, timeout=180)
    time.sleep(3)  # a chunk delivered twice would count again now

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.total) == (90, 0, 90)  # never "120 of 90"
    assert set(pool_processes(worker)).isdisjoint(killed)  # the pool was restarted
    for e in Endorsement.objects.filter(pk__in=ids):
        assert certificates.certificate_is_current(e), e.pk


def test_a_decision_and_the_sweep_racing_give_one_certificate_and_one_email(
    celery_worker_process, smtp, shipped_rules
):
    smtp.up()
    for _ in range(3):
        with transaction.atomic():
            e = endorsement(on_commit=certificate_enqueue)  # the decision's task
        certificates.certificates_sweep()  # the sweep, the same moment: a second task

        wait_for(
            lambda e=e: certificates.certificate_is_current(Endorsement.objects.get(pk=e.pk)),
            timeout=90,
        )
    time.sleep(3)  # the losing task has run by now
    messages_sweep()

    ready = Message.objects.filter(kind="certificate_ready")
    assert ready.count() == 3  # one per endorsement
    wait_for(lambda: not ready.exclude(status="sent").exists(), timeout=30)
    subjects = Counter(str(m["To"]) for m in smtp.received if "certificate" in str(m["subject"]))
    assert sorted(subjects.values()) == [1, 1, 1]


def test_a_long_smtp_outage_during_the_reminder_run_loses_nothing(
    celery_worker_process, smtp, shipped_rules
):
    holders = [endorsement().holder.email for _ in range(40)]
    assert reminders.reminders_and_lapses_run(today=date(2026, 12, 1))["reminders_claimed"] == 40
    queued = Message.objects.filter(kind="credentials_renewal_reminder")
    # The worker tries them while the server refuses (a batch stops at the first refusal,
    # the rest wait), and sweeps keep trying for several rounds: nothing is lost or failed.
    wait_for(lambda: queued.filter(attempts__gte=1).exists(), timeout=90)
    for _ in range(4):
        time.sleep(1.2)
        messages_sweep()
    wait_for(lambda: not queued.filter(status="sending").exists(), timeout=30)
    assert queued.filter(status="queued").count() == 40
    assert reminders.reminders_and_lapses_run(today=date(2026, 12, 1))["reminders_claimed"] == 0

    smtp.up()
    time.sleep(1.2)
    messages_sweep()
    wait_for(lambda: not queued.exclude(status="sent").exists(), timeout=60)
    messages_sweep()

    delivered = Counter(str(m["To"]) for m in smtp.received)
    assert delivered == Counter(holders)  # each holder once, nobody twice
