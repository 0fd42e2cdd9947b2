"""Trigram indexes for name search in the public registry and the RSC provider roster.

The directory matches any part of a name (`icontains`, which Django writes as
UPPER(column::text) LIKE UPPER('%word%')). Without an index that is a scan of every profile,
three LIKEs a row: two seconds a search under load at 100,000 people. GIN trigram indexes on
exactly those expressions let PostgreSQL answer from the index. PostgreSQL only (pg_trgm);
other databases keep scanning, which is fine for the embedded SQLite default.
"""

from django.db import migrations

TABLE = "applicants_applicantprofile"
COLUMNS = ("preferred_name", "legal_given_name", "legal_family_name")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS reports_dir_{column}_trgm ON {TABLE} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS reports_dir_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_event_asof_covering_index"),
        ("applicants", "0003_training_competencies"),
    ]

    operations = [migrations.RunPython(create, drop)]
