"""The shipped dues-reminder offsets: 60, 30 and 7 days before a membership ends (an
association changes them in the admin, with a date from which new ones apply)."""

from datetime import date

from django.db import migrations


def forward(apps, schema_editor):
    Policy = apps.get_model("memberships", "MembershipReminderPolicy")
    Policy.objects.get_or_create(
        effective_from=date(2000, 1, 1), defaults={"reminder_offsets_days": "60,30,7"}
    )


class Migration(migrations.Migration):
    dependencies = [("memberships", "0001_records")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
