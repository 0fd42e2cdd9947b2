import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement_portal.settings")

application = get_wsgi_application()

# With DEBUG off, no real SECRET_KEY or no SITE_URL: stop here rather than serve.
from core.checks import refuse_to_start_insecurely  # noqa: E402  (needs the settings loaded)

refuse_to_start_insecurely()
