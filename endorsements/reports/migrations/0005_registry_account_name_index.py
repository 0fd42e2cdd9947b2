"""Trigram indexes on the account names, for name search in the registry and the RSC roster.

0003 indexed the names kept on the profile. The legal name has since moved to the account
(accounts.User.given_name, family_name), and its indexes went with the profile columns, so
a search by a name nobody shows in the profile read all 100,000 accounts (with
`selectors.directory._showing_name`: a rare surname 300 ms before, under 1 ms after, on a
loaded 2-core machine). PostgreSQL only (pg_trgm, created by 0003); other databases keep
scanning, which is fine for the embedded SQLite default. The ORM's GinIndex cannot be
declared for PostgreSQL alone, hence the SQL here.
"""

from django.db import migrations

TABLE = "accounts_user"
COLUMNS = ("given_name", "family_name")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS reports_dir_account_{column}_trgm ON {TABLE} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS reports_dir_account_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_coordinator_digest"),
        ("accounts", "0004_preferred_language"),
    ]

    operations = [migrations.RunPython(create, drop)]
