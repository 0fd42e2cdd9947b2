from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Renewal by attestation and the audit draw and evidence deadline."""

    dependencies = [
        ("credentials", "0004_renewal_events_lapsed"),
        ("applicants", "0003_training_competencies"),
        ("endorsements", "0007_application_emerging_reapply"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="renewalsubmission",
            name="audit_draw",
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True),
        ),
        migrations.AddField(
            model_name="renewalsubmission",
            name="audit_due_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="renewalsubmission",
            name="hours_attested",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="renewalsubmission",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "audit"), _negated=True),
                    ("audit_due_on__isnull", False),
                    _connector="OR",
                ),
                name="credentials_renewal_audit_has_due_date",
            ),
        ),
    ]
