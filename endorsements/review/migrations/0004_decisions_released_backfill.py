from django.db import migrations
from django.db.models import F


def released_when_decided(apps, schema_editor):
    """Decisions made before holding existed took effect at once: mark them released then."""
    Decision = apps.get_model("review", "Decision")
    Decision.objects.filter(released_at__isnull=True).update(
        released_at=F("created_at"), released_by=F("decided_by")
    )


class Migration(migrations.Migration):
    """Existing decisions are released (none was held). Reversing leaves the dates: the
    column goes with the previous migration's reversal."""

    dependencies = [("review", "0003_decision_hold_unmet")]

    operations = [migrations.RunPython(released_when_decided, migrations.RunPython.noop)]
