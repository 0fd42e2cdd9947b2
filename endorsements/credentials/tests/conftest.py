import contextlib

import pytest


def _reset_pools(app):
    app._pool = None
    with contextlib.suppress(AttributeError):
        app.amqp._producer_pool = None


@pytest.fixture
def dead_broker():
    """Celery pointed at a closed port with eager mode off: every enqueue meets a broker that
    is down, as when Redis stops. Restored afterwards."""
    from endorsement_portal.celery import app

    old_url, old_eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    _reset_pools(app)
    yield app
    app.conf.broker_url = old_url
    app.conf.task_always_eager = old_eager
    _reset_pools(app)
