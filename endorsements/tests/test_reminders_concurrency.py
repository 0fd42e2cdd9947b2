"""Two reminder runs at once send each reminder once (PostgreSQL row claims).

Transactional: earlier transactional tests may have flushed the seeded rows, so the test puts
them back first (seed_data_ensure).
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from endorsements.models import ReferenceRequest
from endorsements.services.references import reference_reminders_send
from endorsements.tests.factories import ReferenceRequestFactory, seed_data_ensure

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_two_runs_at_once_send_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("row claims under concurrency are tested on PostgreSQL")
    seed_data_ensure()
    references = [ReferenceRequestFactory(sent_at=days_ago(8)) for _ in range(5)]
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(reference_reminders_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(results) == 5
    assert len(mail.outbox) == 5
    assert set(
        ReferenceRequest.objects.filter(pk__in=[r.pk for r in references]).values_list(
            "reminders_sent", flat=True
        )
    ) == {1}
