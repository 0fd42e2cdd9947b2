"""Whole-project checks: migrations are complete and production settings pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_passes_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "a" * 20 + "-production-like-key-" + "z9y8x7w6v5u4t3s2r1q0",
        "SECURE_SSL_REDIRECT": "true",
        "ALLOWED_HOSTS": "endorsement.example.org",
        "SITE_URL": "https://endorsement.example.org",
        "EMAIL_URL": "smtp://mail.example.org:587",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_with_development_defaults():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "EMAIL_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env["DEBUG"] = "false"

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
    assert "core.E001" in result.stdout + result.stderr
    assert "core.W003" in result.stdout + result.stderr


def test_every_scheduled_job_names_a_registered_task():
    from django.conf import settings

    from endorsement_portal.celery import app

    app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert tasks <= set(app.tasks), tasks - set(app.tasks)
    assert {
        "credentials.renewal_reminders_and_lapses",
        "credentials.certificates_sweep_missing",
        "endorsements.remind_reference_raters",
        "rsc.remind_attestations",
        "review.reminders_send",
    } <= tasks
