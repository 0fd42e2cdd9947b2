from django.db import migrations


def install(apps, schema_editor):
    from competencies.defaults import defaults_install

    defaults_install(apps)


class Migration(migrations.Migration):
    """Ship the 14 categories, their default requirement sets and renewal policies, and the
    editable default guidelines edition. Reversing leaves the rows in place (they may already be
    referenced by applications); migrating back to zero drops the tables anyway."""

    dependencies = [("competencies", "0002_category_order_index")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
