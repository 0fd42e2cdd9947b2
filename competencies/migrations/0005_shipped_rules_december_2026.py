from decimal import Decimal

from django.db import migrations

# The shipped values these rows had before this change: a row still holding them was never
# edited by the association, so it takes the new shipped value.
OLD_REVIEWERS = {
    "FA": ("FRS", "MHS", "MHM-C", "MHM-P", "MHM-R"),
    "FS": ("FRS", "MHS", "MHM-C", "MHM-P", "MHM-R"),
    "FRS": ("FRS", "MHS", "MHM-C"),
    "MHS": ("MHS", "MHM-C"),
    "MHM-C": ("MHM-C",),
    "MHM-P": ("MHM-C", "MHM-P"),
    "MHM-R": ("MHM-C", "MHM-R"),
}
OLD_RSC_PROVIDERS = ("FRS", "MHM-C")  # only they owed training hours on providing RSC


def forwards(apps, schema_editor):
    from competencies import defaults

    Category = apps.get_model("competencies", "EndorsementCategory")
    RequirementSet = apps.get_model("competencies", "RequirementSet")
    RenewalPolicy = apps.get_model("competencies", "RenewalPolicy")
    # The fields new in 0004 on every shipped row.
    defaults.december_2026_apply(apps)
    by_code = {c.code: c for c in Category.objects.all()}
    for suffix, (_numbers, _providers, reviewers) in defaults.REQUIREMENTS.items():
        old = {code for s in OLD_REVIEWERS[suffix] for code in defaults.category_codes(s)}
        new = [by_code[code] for s in reviewers for code in defaults.category_codes(s)]
        for code in defaults.category_codes(suffix):
            category = by_code.get(code)
            if category is None:
                continue
            shipped = RequirementSet.objects.filter(
                category=category, effective_from=defaults.DEFAULTS_FROM
            )
            for requirement_set in shipped:
                held = {c.code for c in requirement_set.reviewer_categories.all()}
                if held == old and all(c is not None for c in new):
                    requirement_set.reviewer_categories.set(new)
            if suffix in OLD_RSC_PROVIDERS:
                continue
            for start, hours in (
                (defaults.DEFAULTS_FROM, Decimal("3")),
                (defaults.THREE_YEAR_FROM, Decimal("9")),
            ):
                RenewalPolicy.objects.filter(
                    category=category, effective_from=start, training_rsc_provision_hours=0
                ).update(training_rsc_provision_hours=hours)


class Migration(migrations.Migration):
    """Give the shipped requirement sets and renewal policies the rules published after the
    December 2026 review: age bands, RSC span and concentration, leadership kinds, rater
    relationships, the reviewer ladder (level or higher, either track), the 3-year calendar and
    RSC-provision hours for every holder who provides RSC. Rows an association has edited keep
    their values. Reversing leaves the rows as they are (a noop): the schema reversal of 0004
    drops the new fields."""

    dependencies = [("competencies", "0004_rules_after_december_2026_review")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
