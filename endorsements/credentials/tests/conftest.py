import contextlib

import pytest


def _reset_pools(app):
    app._pool = None
    with contextlib.suppress(AttributeError):
        app.amqp._producer_pool = None


DEAD_BROKER = "redis://127.0.0.1:1/0"


def point_broker(app, url: str, write_url: str | None) -> None:
    """Send new messages to `url`. The settings namespace keeps the read and write URLs under
    their CELERY_ names, so both are set, and the connection pools are dropped."""
    app.conf["CELERY_BROKER_URL"] = url
    app.conf["CELERY_BROKER_WRITE_URL"] = write_url
    _reset_pools(app)


@contextlib.contextmanager
def broker_stopped(app):
    """Every enqueue inside meets a broker that is down, as when Redis stops."""
    from core.broker import broker_pause_reset

    old_url, old_write = app.conf.broker_url, app.conf.broker_write_url
    point_broker(app, DEAD_BROKER, DEAD_BROKER)
    try:
        yield
    finally:
        point_broker(app, old_url, old_write)
        # Redis is back at once here; this process would otherwise wait out its pause.
        broker_pause_reset()


@pytest.fixture
def dead_broker():
    """Celery pointed at a closed port with eager mode off. Restored afterwards."""
    from endorsement_portal.celery import app

    old_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    with broker_stopped(app):
        yield app
    app.conf.task_always_eager = old_eager


@pytest.fixture
def shipped_rules():
    """The shipped categories and rules, put back if a transactional test flushed them
    (serialized rollback restores them only for some test orders)."""
    from competencies.defaults import defaults_install

    defaults_install()
