from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """History rows carry an audience, and a code with parameters for what the system says."""

    dependencies = [
        ("endorsements", "0004_rater_relationship_label"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationevent",
            name="audience",
            field=models.CharField(
                choices=[("applicant", "Applicant and staff"), ("staff", "Staff only")],
                default="applicant",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="applicationevent",
            name="code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="applicationevent",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="endorsementevent",
            name="audience",
            field=models.CharField(
                choices=[("applicant", "Applicant and staff"), ("staff", "Staff only")],
                default="applicant",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="endorsementevent",
            name="code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="endorsementevent",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
