"""The language of a rater's invitation, reminders and rating form (they have no account)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("endorsements", "0014_translated_rating_items_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="referencerequest",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Spanish")],
                default="en",
                max_length=8,
                verbose_name="language of the invitation",
            ),
        ),
        migrations.AddConstraint(
            model_name="referencerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "es"])),
                name="endorsements_reference_language_valid",
            ),
        ),
    ]
