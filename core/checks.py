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
    """Production runs several web processes: the rate limits and the login throttle count
    right only in one cache they all share."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "CACHE_URL is not set, so each web process keeps its own cache: rate limits "
                "and the login throttle count per process.",
                hint="Set CACHE_URL to the shared Redis, e.g. redis://127.0.0.1:6379/1",
                id="core.W003",
            )
        ]
    return []


# --- Refusing to start in production mode without the basics ------------------------------
# The same test as Django's security.W009: a key made for real is long and varied.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def secret_key_is_real(key: str) -> bool:
    return (
        bool(key)
        and key != getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
        and not key.startswith("django-insecure")
        and len(key) >= SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )


def startup_problems() -> list[str]:
    """What stops a production process (DEBUG off) from starting; empty when all is well.

    Without a real SECRET_KEY anyone could forge sessions and emailed links; without SITE_URL
    every emailed link would be broken. Development (DEBUG on) is never refused.
    """
    if settings.DEBUG:
        return []
    problems = []
    if not secret_key_is_real(settings.SECRET_KEY):
        problems.append(
            "SECRET_KEY is not set, or is the development key, or is too weak: set it to at "
            f"least {SECRET_KEY_MIN_LENGTH} random characters (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    if not settings.SITE_URL.startswith(("https://", "http://")):
        problems.append(
            "SITE_URL is not set: set it to the portal's public address, e.g. "
            "https://endorsement.example.org (emails link to it)."
        )
    return problems


def refuse_to_start_insecurely() -> None:
    """Called by the web server's and the worker's entry points: raise instead of serving."""
    from django.core.exceptions import ImproperlyConfigured

    problems = startup_problems()
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG=false:\n- " + "\n- ".join(problems)
        )
