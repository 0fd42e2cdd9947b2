"""The outbox with a real Celery worker and a real SMTP server that goes away and comes back.

The server runs in the test process; the worker sends to it (EMAIL_URL). While it refuses
connections, every flow that emails leaves queued messages and no error page; once it is back,
each message is delivered exactly once, counted at the server, however many sweeps run at once.
"""

import threading
import time
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from conftest import SmtpServer, wait_for
from endorsements.credentials.services import reminders
from endorsements.credentials.tests.factories import endorsement
from endorsements.models import Endorsement
from endorsements.review.tests.test_decisions import reviewed
from endorsements.tests.factories import ApplicationFactory
from messaging.models import Message
from messaging.services import messages_sweep
from messaging.tasks import messages_sweep_task
from reflective_supervision.tests.factories import ProviderFactory, SessionFactory

SMTP = SmtpServer()

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.worker_options(
        env={
            "EMAIL_URL": SMTP.url,
            "EMAIL_TIMEOUT": "5",
            "OUTBOX_RETRY_SECONDS": "1",
            "OUTBOX_RETRY_MAX_SECONDS": "2",
        }
    ),
]


@pytest.fixture
def smtp_away(settings):
    """SMTP down at first; the test process's own sweeps send to it too once it is up."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", SMTP.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.OUTBOX_RETRY_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 1, 2
    SMTP.received.clear()
    yield SMTP
    SMTP.down()


def sweep_everywhere(times: int = 2) -> None:
    """`times` sweeps on the worker and `times` in this process, at the same moment."""
    for _ in range(times):
        messages_sweep_task.delay()
    threads = [threading.Thread(target=_sweep_here) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _sweep_here():
    try:
        messages_sweep()
    finally:
        connection.close()


def test_every_flow_queues_through_an_smtp_outage_and_delivers_exactly_once(
    celery_worker_process, client, smtp_away
):
    # A decision (endorsed, then the certificate), a reference request, an RSC attestation
    # request, and a renewal reminder run, all while the mail server refuses connections.
    application, _ = reviewed()
    client.force_login(coordinator())
    decided = client.post(reverse("review:decide", args=[application.pk]), {"outcome": "endorse"})
    assert decided.status_code == 302

    draft = ApplicationFactory()
    client.force_login(draft.applicant)
    invited = client.post(
        reverse("endorsements:reference_add", args=[draft.pk]),
        {"rater_name": "Rae Rater", "rater_email": "rae@example.org", "relationship": "colleague"},
    )
    assert invited.status_code == 302

    supervisee = applicant()
    provider = ProviderFactory(
        name="Mina Patel", email="mina@example.org", supervisees=[supervisee]
    )
    SessionFactory(supervisee=supervisee, provider=provider)
    client.force_login(supervisee)
    asked = client.post(reverse("reflective_supervision:ask", args=[provider.pk]))
    assert asked.status_code == 302

    due = endorsement(given_name="Renata")  # valid through 31 December 2026
    assert reminders.reminders_and_lapses_run(today=date(2026, 12, 1))["reminders_claimed"] == 1

    # The certificate is rendered on the worker although mail is down, and its email queued.
    e = wait_for(
        lambda: Endorsement.objects.filter(
            application=application, certificate_rendered_at__isnull=False
        ).first(),
        timeout=90,
    )
    assert e.certificate_error == ""
    kinds = {
        "review_endorsed",
        "certificate_ready",
        "reference_request",
        "rsc_attestation_request",
        "credentials_renewal_reminder",
    }
    wait_for(lambda: set(Message.objects.values_list("kind", flat=True)) >= kinds, timeout=60)
    # The worker tried and the server refused: queued, with the error, nothing lost. The
    # certificate's email is not even tried: it waits for "you are endorsed".
    waiting = Message.objects.exclude(kind="certificate_ready")
    wait_for(lambda: not waiting.filter(attempts=0).exists(), timeout=60)
    assert Message.objects.get(kind="certificate_ready").attempts == 0
    assert set(Message.objects.values_list("status", flat=True)) <= {"queued", "sending"}
    assert "refused" in Message.objects.filter(kind="reference_request").get().last_error.lower()
    assert SMTP.received == []

    SMTP.up()
    time.sleep(2.5)  # past the last backoff (OUTBOX_RETRY_MAX_SECONDS): due again
    sweep_everywhere()
    wait_for(lambda: not Message.objects.exclude(status="sent").exists(), timeout=60)
    time.sleep(3)  # any second delivery would arrive now
    sweep_everywhere()
    time.sleep(2)

    sent = Counter(str(m["X-PM-Metadata-outbox-id"]) for m in SMTP.received)
    assert set(sent.values()) == {1}, sent  # nothing twice
    assert len(sent) == Message.objects.count() >= 5
    by_kind = {m.kind: m.recipient for m in Message.objects.all()}
    assert by_kind["reference_request"] == "rae@example.org"
    assert by_kind["rsc_attestation_request"] == "mina@example.org"
    assert by_kind["credentials_renewal_reminder"] == due.holder.email
    # "You are endorsed" reached the holder before "your certificate is ready".
    order = [str(m["subject"]) for m in SMTP.received if m["To"] == application.applicant.email]
    assert order[0].startswith("You are endorsed") and "certificate" in order[1].lower()
