from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Applications submitted under emerging rules; only an open application blocks a new one."""

    dependencies = [
        ("endorsements", "0006_endorsement_suspended"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="application",
            name="endorsements_one_live_application_per_category",
        ),
        migrations.AddField(
            model_name="application",
            name="emerging_requested",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("status__in", ["deferred", "draft", "exam_pending", "in_review", "submitted"])
                ),
                fields=("applicant", "category"),
                name="endorsements_one_live_application_per_category",
            ),
        ),
    ]
