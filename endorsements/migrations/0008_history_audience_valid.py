"""A history row's audience is one of the known ones (applicant and staff, or staff only).

The field itself came with the history codes (0005_history_audience_codes); this adds the
database check on it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0007_application_emerging_reapply")]

    operations = [
        migrations.AddConstraint(
            model_name="applicationevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("audience__in", ["applicant", "staff"])),
                name="endorsements_app_event_audience_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="endorsementevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("audience__in", ["applicant", "staff"])),
                name="endorsements_endorsement_event_audience_valid",
            ),
        ),
    ]
