from datetime import date

from django.db import migrations

# As in competencies.defaults: the reflective-supervisor categories' emerging items, and
# renewal by attestation in the three-year model from its first deadline.
EMERGING_ITEMS = "leadership_years,training_rsc_provision"
THREE_YEAR_FROM = date(2027, 12, 31)


def install(apps, schema_editor):
    RequirementSet = apps.get_model("competencies", "RequirementSet")
    RenewalPolicy = apps.get_model("competencies", "RenewalPolicy")
    RequirementSet.objects.filter(
        category__allows_emerging=True, category__code__endswith="FRS", emerging_items=""
    ).update(emerging_items=EMERGING_ITEMS)
    RenewalPolicy.objects.filter(cycle_years=3, effective_from=THREE_YEAR_FROM).update(
        renew_by_attestation=True
    )


class Migration(migrations.Migration):
    """The shipped defaults for the new rules on rows installed before them. Reversing
    leaves the values (the columns go with the schema migrations' reversal)."""

    dependencies = [("competencies", "0008_renewalpolicy_lapse_windows")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
