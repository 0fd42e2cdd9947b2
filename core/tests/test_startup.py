"""With DEBUG off the servers refuse to start without a real SECRET_KEY or without SITE_URL,
and SECRET_KEY_FALLBACKS lets a key be rotated. Real processes, started as production would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import signing

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = "k9-" + "production-like-secret-" * 2 + "Qx7Zr2Lm"


def production_env(**overrides) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "SITE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"DEBUG": "false", "ALLOWED_HOSTS": "endorsement.example.org"})
    env.update({k: v for k, v in overrides.items() if v is not None})
    return env


def start_web_server(env) -> subprocess.CompletedProcess:
    """gunicorn loads the WSGI application and exits (--check-config): what `web` runs."""
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "endorsement_portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_web_server_refuses_to_start_without_a_secret_key():
    result = start_web_server(production_env(SITE_URL="https://endorsement.example.org"))

    assert result.returncode != 0
    assert "Refusing to start with DEBUG=false" in result.stdout + result.stderr
    assert "SECRET_KEY is not set" in result.stdout + result.stderr


def test_web_server_refuses_the_development_key_and_a_weak_key():
    for key in ("django-insecure-development-only-key-do-not-deploy", "short-key"):
        result = start_web_server(
            production_env(SECRET_KEY=key, SITE_URL="https://endorsement.example.org")
        )

        assert result.returncode != 0, key
        assert "SECRET_KEY" in result.stdout + result.stderr


def test_web_server_refuses_to_start_without_site_url():
    result = start_web_server(production_env(SECRET_KEY=REAL_KEY))

    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stdout + result.stderr


def test_web_server_starts_with_a_real_key_and_site_url():
    result = start_web_server(
        production_env(SECRET_KEY=REAL_KEY, SITE_URL="https://endorsement.example.org")
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_asgi_entry_point_refuses_too():
    result = subprocess.run(
        [sys.executable, "-c", "import endorsement_portal.asgi"],
        cwd=ROOT,
        env=production_env(SITE_URL="https://endorsement.example.org"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_celery_worker_refuses_to_start_without_a_secret_key():
    broker = os.environ.get("CELERY_BROKER_URL") or "memory://"
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "endorsement_portal", "worker", "--pool=solo"],
        cwd=ROOT,
        env=production_env(SITE_URL="https://endorsement.example.org", CELERY_BROKER_URL=broker),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stdout + result.stderr


def test_development_mode_starts_without_settings():
    result = start_web_server(production_env(DEBUG="true"))

    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_fallbacks_are_read_from_the_environment():
    script = "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={
            **production_env(SECRET_KEY=REAL_KEY),
            "DJANGO_SETTINGS_MODULE": "endorsement_portal.settings",
            "SECRET_KEY_FALLBACKS": "old-key-one,old-key-two",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['old-key-one', 'old-key-two']"


@pytest.mark.django_db
def test_links_signed_with_a_rotated_key_keep_working(settings):
    from endorsements.services.references import (
        ReferenceLinkError,
        reference_resolve,
        reference_token,
    )
    from endorsements.tests.factories import ReferenceRequestFactory

    reference = ReferenceRequestFactory()
    settings.SECRET_KEY = "old-" + REAL_KEY
    token = reference_token(reference=reference)

    settings.SECRET_KEY = "new-" + REAL_KEY
    with pytest.raises(ReferenceLinkError):  # without the fallback the old link is refused
        reference_resolve(token=token)
    settings.SECRET_KEY_FALLBACKS = ["old-" + REAL_KEY]

    assert reference_resolve(token=token).pk == reference.pk
    assert signing.loads(signing.dumps("x", key="old-" + REAL_KEY)) == "x"
