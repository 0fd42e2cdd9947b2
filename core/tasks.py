import logging
import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


@shared_task(name="core.worker_heartbeat")
def worker_heartbeat(*, name: str = "") -> str:
    """Record that a worker is alive; safe to run any number of times (an upsert)."""
    name = name or socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})
    logger.info("worker heartbeat from %s", name)
    return name
