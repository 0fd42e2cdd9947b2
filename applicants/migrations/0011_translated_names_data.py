"""Fill the new language columns of regions and languages: today's names become the English,
and the names seeded by 0002 get their Spanish where the English is still the seeded name.

django-modeltranslation adds the `_en`/`_es` columns but does not copy the existing values.
An association's own names (English changed, or Spanish written) are never overwritten.
Reversing copies the English back into `name`.
"""

from django.db import migrations
from django.db.models import F, Q

REGIONS_ES = {
    "North Central": "Centro Norte",
    "Northwest": "Noroeste",
    "South Central": "Centro Sur",
    "Southwest": "Suroeste",
    "Eastern": "Este",
}
LANGUAGES_ES = {
    "American Sign Language (ASL)": "Lengua de señas americana (ASL)",
    "Arabic": "Árabe",
    "Chinese (Mandarin)": "Chino (mandarín)",
    "English": "Inglés",
    "French": "Francés",
    "Haitian Creole": "Criollo haitiano",
    "Polish": "Polaco",
    "Portuguese": "Portugués",
    "Russian": "Ruso",
    "Spanish": "Español",
    "Vietnamese": "Vietnamita",
}
MODELS = {"Region": REGIONS_ES, "Language": LANGUAGES_ES}


def translate(apps, schema_editor):
    """The Spanish of the seeded names where missing (also called by the test seed helper)."""
    missing = Q(name_es__isnull=True) | Q(name_es="")
    for model_name, spanish in MODELS.items():
        model = apps.get_model("applicants", model_name)
        for english, translated in spanish.items():
            model.objects.filter(missing, name_en=english).update(name_es=translated)


def forward(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("applicants", model_name)
        model.objects.filter(name_en__isnull=True).update(name_en=F("name"))
    translate(apps, schema_editor)


def backward(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("applicants", model_name)
        model.objects.exclude(name_en__isnull=True).exclude(name_en="").update(name=F("name_en"))


class Migration(migrations.Migration):
    dependencies = [("applicants", "0010_translated_names")]

    operations = [migrations.RunPython(forward, backward)]
