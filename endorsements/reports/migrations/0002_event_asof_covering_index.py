"""A covering index for "status of each endorsement as of a date".

The per-region report asks, for every endorsement, for the `to_status` of its latest event with
`effective_on <= D` (ORDER BY effective_on DESC, id DESC LIMIT 1). The endorsements app's index
(endorsement, effective_on) finds the rows but must visit the table for `id` and `to_status`;
this one answers the probe from the index alone (an index-only scan on PostgreSQL). It lives
here because only the reports need it; the model state is untouched, so it is raw SQL.
"""

from django.db import migrations

NAME = "reports_event_asof_cover_idx"
TABLE = "endorsements_endorsementevent"


def create(apps, schema_editor):
    columns = "endorsement_id, effective_on DESC, id DESC"
    if schema_editor.connection.vendor == "postgresql":
        sql = f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} ({columns}) INCLUDE (to_status)"
    else:
        sql = f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} ({columns}, to_status)"
    schema_editor.execute(sql)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("endorsements", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
