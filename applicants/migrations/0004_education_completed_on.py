from django.db import migrations, models


class Migration(migrations.Migration):
    """The day a degree was completed: post-graduate work counts from it."""

    dependencies = [("applicants", "0003_training_competencies")]

    operations = [
        migrations.AddField(
            model_name="education",
            name="completed_on",
            field=models.DateField(blank=True, null=True, verbose_name="date completed"),
        ),
    ]
