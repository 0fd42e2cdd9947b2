"""A broker that accepts connections and never answers (a hung Redis) during a decision: the
page answers within seconds, and the decision, its audit row and its emails are all saved."""

import socket
import threading
import time

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator
from core.broker import broker_pause_reset
from core.models import AuditAction, AuditEvent
from endorsements.credentials.tests.conftest import point_broker
from endorsements.models import ApplicationStatus, Endorsement
from endorsements.review.models import Decision
from messaging.models import Message

from .test_decisions import reviewed

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class HungServer:
    """Accepts every connection and reads what is sent, never answering."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.held.append(conn)  # kept open, never answered

    def close(self):
        self.running = False
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def hung_broker():
    from endorsement_portal.celery import app

    server = HungServer()
    old_url, old_write, old_eager = app.conf.broker_url, app.conf.broker_write_url, None
    old_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    point_broker(app, f"redis://127.0.0.1:{server.port}/0", f"redis://127.0.0.1:{server.port}/0")
    broker_pause_reset()
    try:
        yield server
    finally:
        point_broker(app, old_url, old_write)
        app.conf.task_always_eager = old_eager
        broker_pause_reset()
        server.close()


def test_a_decision_with_a_hung_broker_answers_in_seconds_and_is_kept(client, hung_broker):
    application, _ = reviewed()
    decider = coordinator()
    client.force_login(decider)

    started = time.monotonic()
    response = client.post(reverse("review:decide", args=[application.pk]), {"outcome": "endorse"})
    took = time.monotonic() - started

    assert response.status_code == 302
    assert took < 5, f"the decision page took {took:.1f} s with a hung broker"
    assert hung_broker.held  # the page did meet the hung broker
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDORSED
    assert Decision.objects.filter(application=application).count() == 1
    assert Endorsement.objects.filter(application=application).exists()
    audit = AuditEvent.objects.get(action=AuditAction.DECISION_RECORDED)
    assert (audit.actor, audit.target_id) == (decider, str(application.pk))
    # The applicant's email is in the outbox, for the sweep once the broker answers again.
    assert Message.objects.get(kind="review_endorsed").status == "queued"
