import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement_portal.settings")

application = get_asgi_application()

# With DEBUG off, no real SECRET_KEY or no SITE_URL: stop here rather than serve.
from core.checks import refuse_to_start_insecurely  # noqa: E402  (needs the settings loaded)

refuse_to_start_insecurely()
