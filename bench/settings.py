"""Settings of the benchmark's own processes: the portal's, with the bare baseline mounted.

`python -m bench` runs gunicorn, the Celery worker and itself with
DJANGO_SETTINGS_MODULE=bench.settings; nothing in the portal imports this package.
"""

from endorsement_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
