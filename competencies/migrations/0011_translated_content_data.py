"""Fill the new language columns: today's names become the English ones, and the shipped names
get their Spanish (competencies.defaults.SPANISH) where the English is still the shipped one.

django-modeltranslation adds `name_en`/`name_es` but does not copy the existing `name` into
them. Reversing copies the English back into `name` (the column the table keeps after 0010 is
reversed).
"""

from django.db import migrations
from django.db.models import F

COLUMNS = {
    "EndorsementCategory": ("name",),
    "GuidelinesEdition": ("name",),
    "CompetencyDomain": ("name",),
    "Competency": ("name", "description"),
}


def forward(apps, schema_editor):
    from competencies.defaults import translations_install

    for model_name, fields in COLUMNS.items():
        model = apps.get_model("competencies", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_en__isnull": True}).update(
                **{f"{field}_en": F(field)}
            )
    translations_install(apps)


def backward(apps, schema_editor):
    for model_name, fields in COLUMNS.items():
        model = apps.get_model("competencies", model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en__isnull": True}).exclude(
                **{f"{field}_en": ""}
            ).update(**{field: F(f"{field}_en")})


class Migration(migrations.Migration):
    dependencies = [("competencies", "0010_translated_content")]

    operations = [migrations.RunPython(forward, backward)]
