"""Translatable names for the models and fields (no change to the database: names only)."""

import django.db.models.deletion
import endorsements.models.credentials
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0009_default_emerging_and_attestation"),
        ("endorsements", "0015_reference_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="application",
            options={"verbose_name": "application", "verbose_name_plural": "applications"},
        ),
        migrations.AlterModelOptions(
            name="applicationevent",
            options={
                "ordering": ("created_at", "pk"),
                "verbose_name": "application history row",
                "verbose_name_plural": "application history",
            },
        ),
        migrations.AlterModelOptions(
            name="endorsement",
            options={"verbose_name": "endorsement", "verbose_name_plural": "endorsements"},
        ),
        migrations.AlterModelOptions(
            name="endorsementevent",
            options={
                "ordering": ("effective_on", "pk"),
                "verbose_name": "endorsement history row",
                "verbose_name_plural": "endorsement history",
            },
        ),
        migrations.AlterModelOptions(
            name="endorsementnumbercounter",
            options={
                "verbose_name": "endorsement number counter",
                "verbose_name_plural": "endorsement number counters",
            },
        ),
        migrations.AlterModelOptions(
            name="ethicsattestation",
            options={
                "ordering": ("-attested_at", "-pk"),
                "verbose_name": "Code of Ethics signature",
                "verbose_name_plural": "Code of Ethics signatures",
            },
        ),
        migrations.AlterModelOptions(
            name="ratingitem",
            options={
                "ordering": ("order", "pk"),
                "verbose_name": "rating statement",
                "verbose_name_plural": "rating statements",
            },
        ),
        migrations.AlterModelOptions(
            name="referencerequest",
            options={
                "ordering": ("created_at", "pk"),
                "verbose_name": "reference request",
                "verbose_name_plural": "reference requests",
            },
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to=settings.AUTH_USER_MODEL,
                verbose_name="applicant",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="competencies.endorsementcategory",
                verbose_name="category",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
        ),
        migrations.AlterField(
            model_name="application",
            name="emerging_requested",
            field=models.BooleanField(default=False, verbose_name="emerging requested"),
        ),
        migrations.AlterField(
            model_name="application",
            name="feedback",
            field=models.TextField(
                blank=True,
                help_text="Feedback to the applicant from the latest deferral or decision.",
                verbose_name="feedback",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="previous_snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="previous snapshot"),
        ),
        migrations.AlterField(
            model_name="application",
            name="reopened_sections",
            field=models.JSONField(blank=True, default=list, verbose_name="reopened sections"),
        ),
        migrations.AlterField(
            model_name="application",
            name="requirement_set",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="competencies.requirementset",
                verbose_name="requirement set",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="snapshot"),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("in_review", "In review"),
                    ("deferred", "Deferred: changes requested"),
                    ("exam_pending", "Approved to sit the exam"),
                    ("endorsed", "Endorsed"),
                    ("endorsed_emerging", "Endorsed as emerging"),
                    ("withdrawn", "Withdrawn"),
                    ("denied", "Not endorsed"),
                ],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="endorsements.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="audience",
            field=models.CharField(
                choices=[("applicant", "Applicant and staff"), ("staff", "Staff only")],
                default="applicant",
                max_length=10,
                verbose_name="audience",
            ),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="code",
            field=models.CharField(blank=True, max_length=40, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="from_status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("in_review", "In review"),
                    ("deferred", "Deferred: changes requested"),
                    ("exam_pending", "Approved to sit the exam"),
                    ("endorsed", "Endorsed"),
                    ("endorsed_emerging", "Endorsed as emerging"),
                    ("withdrawn", "Withdrawn"),
                    ("denied", "Not endorsed"),
                ],
                max_length=20,
                verbose_name="from status",
            ),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="params"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("in_review", "In review"),
                    ("deferred", "Deferred: changes requested"),
                    ("exam_pending", "Approved to sit the exam"),
                    ("endorsed", "Endorsed"),
                    ("endorsed_emerging", "Endorsed as emerging"),
                    ("withdrawn", "Withdrawn"),
                    ("denied", "Not endorsed"),
                ],
                max_length=20,
                verbose_name="to status",
            ),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="application",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="endorsement",
                to="endorsements.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="endorsements",
                to="competencies.endorsementcategory",
                verbose_name="category",
            ),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="certificate_error",
            field=models.TextField(blank=True, verbose_name="certificate error"),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="certificate_file",
            field=models.CharField(blank=True, max_length=200, verbose_name="certificate file"),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="certificate_rendered_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="certificate rendered at"
            ),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="holder",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="endorsements",
                to=settings.AUTH_USER_MODEL,
                verbose_name="holder",
            ),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="issued_on",
            field=models.DateField(verbose_name="issued on"),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="number",
            field=models.CharField(max_length=60, unique=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="printed_name",
            field=models.CharField(max_length=300, verbose_name="printed name"),
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
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="valid_through",
            field=models.DateField(verbose_name="valid through"),
        ),
        migrations.AlterField(
            model_name="endorsement",
            name="verification_code",
            field=models.CharField(
                default=endorsements.models.credentials.new_verification_code,
                max_length=32,
                unique=True,
                verbose_name="verification code",
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="audience",
            field=models.CharField(
                choices=[("applicant", "Applicant and staff"), ("staff", "Staff only")],
                default="applicant",
                max_length=10,
                verbose_name="audience",
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="code",
            field=models.CharField(blank=True, max_length=40, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="effective_on",
            field=models.DateField(verbose_name="effective on"),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="endorsement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="endorsements.endorsement",
                verbose_name="endorsement",
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
                verbose_name="from status",
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="params"),
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
                verbose_name="to status",
            ),
        ),
        migrations.AlterField(
            model_name="endorsementevent",
            name="valid_through",
            field=models.DateField(verbose_name="valid through"),
        ),
        migrations.AlterField(
            model_name="endorsementnumbercounter",
            name="category_code",
            field=models.CharField(max_length=16, verbose_name="category code"),
        ),
        migrations.AlterField(
            model_name="endorsementnumbercounter",
            name="last",
            field=models.PositiveIntegerField(default=0, verbose_name="last"),
        ),
        migrations.AlterField(
            model_name="endorsementnumbercounter",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AlterField(
            model_name="ethicsattestation",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ethics_attestations",
                to="endorsements.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="ethicsattestation",
            name="attested_at",
            field=models.DateTimeField(verbose_name="attested at"),
        ),
        migrations.AlterField(
            model_name="ethicsattestation",
            name="typed_name",
            field=models.CharField(max_length=300, verbose_name="typed name"),
        ),
        migrations.AlterField(
            model_name="ethicsattestation",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ethics_attestations",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AlterField(
            model_name="ethicsattestation",
            name="version",
            field=models.CharField(max_length=20, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="ratingitem",
            name="active",
            field=models.BooleanField(
                default=True,
                help_text="Inactive items are not asked any more.",
                verbose_name="active",
            ),
        ),
        migrations.AlterField(
            model_name="ratingitem",
            name="domain",
            field=models.CharField(
                help_text="The guideline domain, e.g. Reflection or Thinking.",
                max_length=100,
                verbose_name="domain",
            ),
        ),
        migrations.AlterField(
            model_name="ratingitem",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="order"),
        ),
        migrations.AlterField(
            model_name="ratingitem",
            name="text",
            field=models.CharField(max_length=300, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="answers",
            field=models.JSONField(blank=True, default=list, verbose_name="answers"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="references",
                to="endorsements.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="comments",
            field=models.TextField(blank=True, verbose_name="comments"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="completed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="completed at"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expires at"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="last_reminded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last reminded at"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="nonce",
            field=models.CharField(max_length=64, verbose_name="nonce"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="not_enough_info_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="not enough info count"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="opened_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="opened at"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="rater_email",
            field=models.EmailField(max_length=254, verbose_name="rater email"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="rater_endorsement_number",
            field=models.CharField(
                blank=True, max_length=60, verbose_name="rater endorsement number"
            ),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="rater_name",
            field=models.CharField(max_length=200, verbose_name="rater name"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="relationship",
            field=models.CharField(
                choices=[
                    ("current_supervisor", "My current or most recent supervisor"),
                    ("rsc_provider", "My reflective supervision/consultation (RSC) provider"),
                    ("colleague", "A colleague or another supervisor"),
                    ("supervisee", "Someone who receives reflective supervision from me"),
                    ("other", "Someone else who knows my work"),
                ],
                max_length=24,
                verbose_name="relationship",
            ),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="reminders_sent",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="reminders sent"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="vetted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="vetted at"),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="vetted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vetted by",
            ),
        ),
        migrations.AlterField(
            model_name="referencerequest",
            name="vetted_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="vetted note"),
        ),
    ]
