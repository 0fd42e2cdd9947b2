"""A history row's audience is one of the known ones (the field came with the table)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0006_credential_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="credentialrequestevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("audience__in", ["applicant", "staff"])),
                name="credentials_credentialrequestevent_audience_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="renewalevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("audience__in", ["applicant", "staff"])),
                name="credentials_renewalevent_audience_valid",
            ),
        ),
    ]
