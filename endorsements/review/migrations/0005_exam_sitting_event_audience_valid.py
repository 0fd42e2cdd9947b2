"""A history row's audience is one of the known ones (the field came with the table)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_decisions_released_backfill"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="examsittingevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("audience__in", ["applicant", "staff"])),
                name="review_examsittingevent_audience_valid",
            ),
        ),
    ]
