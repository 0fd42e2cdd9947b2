import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """History of exam sittings."""

    dependencies = [
        ("endorsements", "0007_application_emerging_reapply"),
        ("review", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExamSittingEvent",
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
                            ("pending", "Waiting for part 2 scores"),
                            ("passed", "Passed"),
                            ("failed", "Not passed"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for part 2 scores"),
                            ("passed", "Passed"),
                            ("failed", "Not passed"),
                        ],
                        max_length=10,
                    ),
                ),
            ],
            options={
                "ordering": ("created_at", "pk"),
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="examsittingevent",
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
            model_name="examsittingevent",
            name="sitting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="review.examsitting",
            ),
        ),
    ]
