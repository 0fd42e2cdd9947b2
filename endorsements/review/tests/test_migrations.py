"""The review app's models and migrations agree (moved here from the demo's tests)."""

import pytest

pytestmark = pytest.mark.django_db


def test_review_app_has_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "review", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
