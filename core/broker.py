"""Handing work to the Celery worker without ever letting the broker fail a web request.

`enqueue` is the one way our code publishes a task after its transaction committed: one
attempt, bounded by the broker's short connection and socket timeouts (settings), and on any
broker error a log line and `False`. The work itself is already saved (an outbox row, an
endorsement without a current certificate), and a periodic sweep picks it up when the broker
is back. After a failure the process does not try again for `PAUSE_SECONDS`: a page that
queues several things meets a hung broker once, not once per thing.
"""

from __future__ import annotations

import logging
import socket
import time

from kombu.exceptions import KombuError
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 30.0
_paused_until = 0.0

try:  # the Redis client's own errors, when the transport lets one through
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a runtime dependency
    RedisError = BrokerError

BROKER_ERRORS = (BrokerError, KombuError, RedisError, ConnectionError, socket.timeout, OSError)


def enqueue(task, **kwargs) -> bool:
    """Publish `task` with `kwargs` once; True when the broker took it.

    Eager mode (no broker, the embedded default) runs the task here and now.
    """
    global _paused_until
    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)
        return True
    if time.monotonic() < _paused_until:
        logger.warning("broker paused after an error: %s left for the sweep", task.name)
        return False
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except BROKER_ERRORS as exc:
        _paused_until = time.monotonic() + PAUSE_SECONDS
        logger.warning("broker unreachable (%s): %s left for the sweep", exc, task.name)
        return False
    return True


def broker_pause_reset() -> None:
    """Forget an earlier failure (tests that bring the broker back)."""
    global _paused_until
    _paused_until = 0.0
