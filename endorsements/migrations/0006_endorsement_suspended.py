from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Credentials may be suspended (held, not current)."""

    dependencies = [
        ("endorsements", "0005_history_audience_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="endorsement",
            name="endorsements_endorsement_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="endorsement",
            name="endorsements_one_current_per_category",
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="status",
            field=models.CharField(
                choices=[
                    ("active", "Active"),
                    ("emerging", "Active (emerging)"),
                    ("suspended", "Suspended"),
                    ("lapsed", "Lapsed"),
                    ("revoked", "Revoked"),
                    ("archived", "Archived"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("active", "Active"),
                    ("emerging", "Active (emerging)"),
                    ("suspended", "Suspended"),
                    ("lapsed", "Lapsed"),
                    ("revoked", "Revoked"),
                    ("archived", "Archived"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("active", "Active"),
                    ("emerging", "Active (emerging)"),
                    ("suspended", "Suspended"),
                    ("lapsed", "Lapsed"),
                    ("revoked", "Revoked"),
                    ("archived", "Archived"),
                ],
                max_length=12,
            ),
        ),
        migrations.AddConstraint(
            model_name="endorsement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["active", "emerging", "suspended", "lapsed", "revoked", "archived"],
                    )
                ),
                name="endorsements_endorsement_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="endorsement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["active", "emerging", "suspended"])),
                fields=("holder", "category"),
                name="endorsements_one_current_per_category",
            ),
        ),
    ]
