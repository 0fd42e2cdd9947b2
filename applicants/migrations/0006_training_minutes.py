from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations, models


def hours_to_minutes(apps, schema_editor):
    Training = apps.get_model("applicants", "Training")
    for training in Training.objects.only("pk", "hours").iterator():
        minutes = (training.hours * 60).to_integral_value(rounding=ROUND_HALF_UP)
        Training.objects.filter(pk=training.pk).update(minutes=max(int(minutes), 1))


def minutes_to_hours(apps, schema_editor):
    Training = apps.get_model("applicants", "Training")
    for training in Training.objects.only("pk", "minutes").iterator():
        hours = (Decimal(training.minutes) / 60).quantize(Decimal("0.01"))
        Training.objects.filter(pk=training.pk).update(hours=hours)


class Migration(migrations.Migration):
    """A training's length in minutes instead of hours with two decimals, so that trainings
    are summed in minutes and turned into hours once (twelve of 50 minutes are exactly 10 hours,
    where 0.83 hours each made 9.96). Existing lengths are converted (hours x 60, to the
    nearest minute); the reverse converts back."""

    dependencies = [("applicants", "0005_remove_work_post_graduate")]

    operations = [
        migrations.AddField(
            model_name="training",
            name="minutes",
            field=models.PositiveIntegerField(null=True, verbose_name="length in minutes"),
        ),
        migrations.AlterField(
            model_name="training",
            name="hours",
            field=models.DecimalField(decimal_places=2, max_digits=5, null=True),
        ),
        migrations.RunPython(hours_to_minutes, minutes_to_hours),
        migrations.RemoveConstraint(model_name="training", name="applicants_training_hours_pos"),
        migrations.RemoveField(model_name="training", name="hours"),
        migrations.AlterField(
            model_name="training",
            name="minutes",
            field=models.PositiveIntegerField(verbose_name="length in minutes"),
        ),
        migrations.AddConstraint(
            model_name="training",
            constraint=models.CheckConstraint(
                condition=models.Q(("minutes__gt", 0)), name="applicants_training_minutes_pos"
            ),
        ),
    ]
