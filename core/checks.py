from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_email_configured(app_configs, **kwargs):
    """Production must send real email: the outbox backend would swallow every message."""
    if settings.EMAIL_BACKEND == "core.mail.OutboxBackend":
        return [
            Error(
                "EMAIL_URL is not set, so emails go to the development outbox.",
                hint="Set EMAIL_URL, e.g. smtp://user:password@mail.example.org:587/?tls=True",
                id="core.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Links in emails and QR codes are built from SITE_URL: it must be the public https URL."""
    if not settings.SITE_URL.startswith("https://"):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}; links in emails would not work.",
                hint="Set SITE_URL to the portal's public https:// address.",
                id="core.E002",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Production runs several web processes: rate limits, sessions read through the cache and
    cached page parts (core.fragments) hold only with one cache they all share."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "CACHE_URL is not set, so each web process keeps its own cache: rate limits "
                "count per process and a change made in one process does not renew the pages "
                "cached by the others.",
                hint="Set CACHE_URL to the shared Redis, e.g. redis://127.0.0.1:6379/1",
                id="core.W003",
            )
        ]
    return []
