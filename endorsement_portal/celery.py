import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement_portal.settings")

app = Celery("endorsement_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_start_insecurely(**kwargs):
    """The worker signs links in emails too: no real SECRET_KEY or SITE_URL, no worker."""
    from django.core.exceptions import ImproperlyConfigured

    from core.checks import refuse_to_start_insecurely

    try:
        refuse_to_start_insecurely()
    except ImproperlyConfigured as refused:
        # Celery logs and swallows exceptions raised by signal receivers: exit instead.
        raise SystemExit(str(refused)) from refused
