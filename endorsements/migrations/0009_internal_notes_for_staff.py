"""Existing history: notes written by staff or the system (reviewers' names, tie-break reasons,
conflict overrides, candidate codes) move to staff-only rows; the status change itself stays on
the applicant's timeline. Notes the applicant wrote (submission, withdrawal reason) stay theirs.

Each moved note becomes a row of its own right after the change it belongs to (same time, from
and to the new status), as the transition service now writes them. Reversible: the notes go
back on their changes and the staff rows made here are removed.

Only older rows are touched: those without a history code (0005_history_audience_codes). Rows
with a code were written by the services with their audience already chosen, and their note is
what a person typed for that audience (a return message, a reason), so they stay as they are.
"""

from django.db import migrations

EVENTS = "endorsements_applicationevent"
APPLICATIONS = "endorsements_application"
WRITTEN_BY_STAFF = (
    f"SELECT e.id FROM {EVENTS} e JOIN {APPLICATIONS} a ON a.id = e.application_id "
    "WHERE e.audience = 'applicant' AND e.code = '' AND e.note <> '' "
    "AND (e.actor_id IS NULL OR e.actor_id <> a.applicant_id)"
)


def split(apps, schema_editor):
    empty_json = (
        "CAST('{}' AS jsonb)" if schema_editor.connection.vendor == "postgresql" else "'{}'"
    )
    schema_editor.execute(
        f"INSERT INTO {EVENTS} "
        "(application_id, actor_id, from_status, to_status, note, audience, code, params, created_at) "
        f"SELECT application_id, actor_id, to_status, to_status, note, 'staff', '', {empty_json}, "
        f"created_at FROM {EVENTS} WHERE id IN ({WRITTEN_BY_STAFF}) ORDER BY created_at, id"
    )
    schema_editor.execute(f"UPDATE {EVENTS} SET note = '' WHERE id IN ({WRITTEN_BY_STAFF})")


def join(apps, schema_editor):
    staff_note = (
        f"SELECT s.note FROM {EVENTS} s WHERE s.audience = 'staff' AND s.code = '' "
        f"AND s.application_id = {EVENTS}.application_id "
        f"AND s.created_at = {EVENTS}.created_at AND s.to_status = {EVENTS}.to_status"
    )
    schema_editor.execute(
        f"UPDATE {EVENTS} SET note = ({staff_note} LIMIT 1) "
        f"WHERE audience = 'applicant' AND code = '' AND note = '' AND EXISTS ({staff_note})"
    )
    schema_editor.execute(
        f"DELETE FROM {EVENTS} WHERE audience = 'staff' AND code = '' AND from_status = to_status"
    )


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0008_history_audience_valid")]

    operations = [migrations.RunPython(split, join)]
