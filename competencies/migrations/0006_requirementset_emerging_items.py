import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    """The checklist items a requirement set lets be in progress for an emerging endorsement."""

    dependencies = [
        ("competencies", "0005_shipped_rules_december_2026"),
    ]

    operations = [
        migrations.AddField(
            model_name="requirementset",
            name="emerging_items",
            field=models.CharField(
                blank=True,
                help_text="Comma-separated checklist keys, e.g. leadership_years,training_rsc_provision. An applicant may submit with only these unmet and be endorsed as emerging. Empty: no emerging route for this category.",
                max_length=300,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z_]+(,[a-z_]+)*$",
                        "Enter checklist keys separated by commas, e.g. leadership_years.",
                    )
                ],
                verbose_name="checklist items that may still be in progress for an emerging endorsement",
            ),
        ),
    ]
