import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    """The reinstatement window, references and fee, and the un-archive window."""

    dependencies = [
        ("competencies", "0007_renewalpolicy_audit_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="renewalpolicy",
            name="reinstatement_fee",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Shown to the holder as the amount due. Empty: no fee.",
                max_digits=8,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="reinstatement fee",
            ),
        ),
        migrations.AddField(
            model_name="renewalpolicy",
            name="reinstatement_references",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="new reference ratings needed to reinstate"
            ),
        ),
        migrations.AddField(
            model_name="renewalpolicy",
            name="reinstatement_window_days",
            field=models.PositiveSmallIntegerField(
                default=365,
                help_text="After this window the person applies again (a new application).",
                verbose_name="days after a lapse in which the holder may ask to reinstate",
            ),
        ),
        migrations.AddField(
            model_name="renewalpolicy",
            name="unarchive_window_days",
            field=models.PositiveSmallIntegerField(
                default=365, verbose_name="days after archiving in which the holder may un-archive"
            ),
        ),
    ]
