from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations_for_applicants():
    out = StringIO()

    call_command("makemigrations", "applicants", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()
