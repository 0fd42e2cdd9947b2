"""Seed Connecticut's regions and counties, and common languages of service.

These are starting data, editable in the admin: an association elsewhere replaces them.
Reversing removes only the rows seeded here that nothing refers to.
"""

from django.db import migrations

REGIONS = [
    # (order, code, name, counties)
    (1, "north-central", "North Central", ["Hartford"]),
    (2, "northwest", "Northwest", ["Litchfield"]),
    (3, "south-central", "South Central", ["New Haven", "Middlesex"]),
    (4, "southwest", "Southwest", ["Fairfield"]),
    (5, "eastern", "Eastern", ["New London", "Windham", "Tolland"]),
]

LANGUAGES = [
    "American Sign Language (ASL)",
    "Arabic",
    "Chinese (Mandarin)",
    "English",
    "French",
    "Haitian Creole",
    "Polish",
    "Portuguese",
    "Russian",
    "Spanish",
    "Vietnamese",
]


def seed(apps, schema_editor):
    Region = apps.get_model("applicants", "Region")
    County = apps.get_model("applicants", "County")
    Language = apps.get_model("applicants", "Language")
    for order, code, name, counties in REGIONS:
        region, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        for county in counties:
            County.objects.get_or_create(region=region, name=county)
    for name in LANGUAGES:
        Language.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    Region = apps.get_model("applicants", "Region")
    County = apps.get_model("applicants", "County")
    Language = apps.get_model("applicants", "Language")
    codes = [code for _, code, _, _ in REGIONS]
    County.objects.filter(
        region__code__in=codes, profiles__isnull=True, agencies__isnull=True
    ).delete()
    Region.objects.filter(code__in=codes, counties__isnull=True).delete()
    Language.objects.filter(name__in=LANGUAGES, profiles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("applicants", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
