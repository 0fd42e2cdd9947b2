import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Holders requests to complete or reinstate a credential, with their history."""

    dependencies = [
        ("credentials", "0005_renewal_audit_fields"),
        ("applicants", "0003_training_competencies"),
        ("endorsements", "0007_application_emerging_reapply"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CredentialRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("completion", "Complete an emerging endorsement"),
                            ("reinstatement", "Reinstate a lapsed endorsement"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("requested", "Waiting for a coordinator"),
                            ("approved", "Approved"),
                            ("declined", "Declined"),
                        ],
                        default="requested",
                        max_length=12,
                    ),
                ),
                ("checklist", models.JSONField(blank=True, default=list)),
                (
                    "fee_amount",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True),
                ),
                ("references_required", models.PositiveSmallIntegerField(default=0)),
                (
                    "note",
                    models.TextField(blank=True, help_text="What the holder told the coordinator."),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_reason", models.TextField(blank=True)),
            ],
            options={
                "ordering": ("created_at", "pk"),
            },
        ),
        migrations.CreateModel(
            name="CredentialRequestEvent",
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
                            ("requested", "Waiting for a coordinator"),
                            ("approved", "Approved"),
                            ("declined", "Declined"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[
                            ("requested", "Waiting for a coordinator"),
                            ("approved", "Approved"),
                            ("declined", "Declined"),
                        ],
                        max_length=12,
                    ),
                ),
            ],
            options={
                "ordering": ("created_at", "pk"),
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="credentialrequest",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="credentialrequest",
            name="endorsement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="requests",
                to="endorsements.endorsement",
            ),
        ),
        migrations.AddField(
            model_name="credentialrequestevent",
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
            model_name="credentialrequestevent",
            name="request",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="credentials.credentialrequest",
            ),
        ),
        migrations.AddIndex(
            model_name="credentialrequest",
            index=models.Index(
                fields=["status", "created_at"], name="credentials_request_queue_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="credentialrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["completion", "reinstatement"])),
                name="credentials_request_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="credentialrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["requested", "approved", "declined"])),
                name="credentials_request_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="credentialrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "requested")),
                fields=("endorsement",),
                name="credentials_one_open_request",
            ),
        ),
    ]
