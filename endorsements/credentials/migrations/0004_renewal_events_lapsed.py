import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """History of renewals, and renewals closed when the credential lapsed undecided."""

    dependencies = [
        ("applicants", "0003_training_competencies"),
        ("credentials", "0003_certificate_batch_item"),
        ("endorsements", "0007_application_emerging_reapply"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RenewalEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "audience",
                    models.CharField(
                        choices=[("applicant", "Applicant and staff"), ("staff", "Staff only")],
                        default="applicant",
                        max_length=10,
                    ),
                ),
                ("code", models.CharField(blank=True, max_length=40)),
                ("params", models.JSONField(blank=True, default=dict)),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="What a person typed (a reason), if anything."
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("submitted", "Waiting for a coordinator"),
                            ("audit", "Selected for audit: evidence needed"),
                            ("audit_submitted", "Audit evidence sent: waiting for a coordinator"),
                            ("approved", "Approved"),
                            ("declined", "Not approved"),
                            ("lapsed", "Closed: the endorsement lapsed"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[
                            ("submitted", "Waiting for a coordinator"),
                            ("audit", "Selected for audit: evidence needed"),
                            ("audit_submitted", "Audit evidence sent: waiting for a coordinator"),
                            ("approved", "Approved"),
                            ("declined", "Not approved"),
                            ("lapsed", "Closed: the endorsement lapsed"),
                        ],
                        max_length=16,
                    ),
                ),
            ],
            options={
                "ordering": ("created_at", "pk"),
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="renewalevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="renewalevent",
            name="renewal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="credentials.renewalsubmission",
            ),
        ),
        migrations.AddIndex(
            model_name="renewalevent",
            index=models.Index(
                fields=["renewal", "created_at"], name="credentials_renewal_event_idx"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="renewalsubmission",
            name="credentials_renewal_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="renewalsubmission",
            name="credentials_one_renewal_per_cycle",
        ),
        migrations.AlterField(
            model_name="renewalsubmission",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Waiting for a coordinator"),
                    ("audit", "Selected for audit: evidence needed"),
                    ("audit_submitted", "Audit evidence sent: waiting for a coordinator"),
                    ("approved", "Approved"),
                    ("declined", "Not approved"),
                    ("lapsed", "Closed: the endorsement lapsed"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="renewalsubmission",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["submitted", "audit", "audit_submitted", "approved", "declined", "lapsed"],
                    )
                ),
                name="credentials_renewal_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="renewalsubmission",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("status__in", ["approved", "audit", "audit_submitted", "submitted"])
                ),
                fields=("endorsement", "cycle_end"),
                name="credentials_one_renewal_per_cycle",
            ),
        ),
    ]
