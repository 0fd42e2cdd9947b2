import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Held decisions (released later) and the reason to decide with unmet checklist items."""

    dependencies = [
        ("review", "0002_exam_sitting_events"),
        ("endorsements", "0007_application_emerging_reapply"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="released_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="decision",
            name="released_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="unmet_items",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="decision",
            name="unmet_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("unmet_items", []),
                    models.Q(("unmet_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="review_decision_unmet_has_reason",
            ),
        ),
    ]
