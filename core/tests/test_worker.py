"""A real Celery worker process on Redis and PostgreSQL runs a task end to end."""

import uuid

import pytest

from conftest import wait_for
from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat


# Like every transactional test here, it puts the database back as it found it (serialized
# rollback): a plain flush would recreate the content types, and the next test that restores
# the serialized database would then collide with them.
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_completes_a_task(celery_worker_process):
    name = f"test-{uuid.uuid4().hex}"

    worker_heartbeat.apply_async(kwargs={"name": name}, queue=celery_worker_process)

    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(name=name).first(), timeout=90)
    assert beat.last_seen is not None


@pytest.mark.django_db
def test_heartbeat_task_is_safe_to_run_twice():
    worker_heartbeat(name="w1")
    worker_heartbeat(name="w1")

    assert WorkerHeartbeat.objects.filter(name="w1").count() == 1
