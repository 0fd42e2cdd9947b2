import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    """Renewal by attestation, the audit evidence deadline and its consequence, and how long an undecided renewal may wait."""

    dependencies = [
        ("competencies", "0006_requirementset_emerging_items"),
    ]

    operations = [
        migrations.AddField(
            model_name="renewalpolicy",
            name="audit_consequence",
            field=models.CharField(
                choices=[
                    ("lapse", "The endorsement lapses"),
                    ("coordinator", "A coordinator decides (listed as overdue)"),
                ],
                default="lapse",
                max_length=12,
                verbose_name="when the audit evidence does not arrive in time",
            ),
        ),
        migrations.AddField(
            model_name="renewalpolicy",
            name="audit_evidence_days",
            field=models.PositiveSmallIntegerField(
                default=30,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="days an audited holder has to send evidence",
            ),
        ),
        migrations.AddField(
            model_name="renewalpolicy",
            name="renew_by_attestation",
            field=models.BooleanField(
                default=False,
                help_text="The holder attests to the training and RSC hours instead of logging every one; the audit sample above is asked for evidence.",
                verbose_name="holders may renew by attesting to their hours",
            ),
        ),
        migrations.AddField(
            model_name="renewalpolicy",
            name="undecided_lapse_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                default=30,
                help_text="A renewal still waiting for a coordinator this long after the grace period lets the endorsement lapse. Empty: it waits for the coordinator however long.",
                null=True,
                verbose_name="days after the grace period an undecided renewal may wait",
            ),
        ),
    ]
