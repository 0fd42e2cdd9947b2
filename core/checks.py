from django.conf import settings
from django.core.checks import Error, Tags, register


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
