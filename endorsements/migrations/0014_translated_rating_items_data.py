"""Fill the rating items' new language columns: today's wording becomes the English, and the
items seeded by 0003 get their Spanish where the English is still the seeded wording.

django-modeltranslation adds the `_en`/`_es` columns but does not copy the existing values.
An association's own wording (English changed, or Spanish written) is never overwritten.
Reversing copies the English back into `domain` and `text`.
"""

from django.db import migrations
from django.db.models import F, Q

FIELDS = ("domain", "text")
DOMAINS_ES = {
    "Reflection": "Reflexión",
    "Working with Others": "Trabajo con otras personas",
    "Thinking": "Pensamiento",
}
# The Spanish of each statement seeded by 0003_seed_rating_items (about the applicant).
TEXTS_ES = {
    "Thinks about how their own feelings and experiences affect their work.": (
        "Piensa en cómo sus propios sentimientos y experiencias afectan su trabajo."
    ),
    "Uses reflective supervision or consultation to understand their work better.": (
        "Usa la supervisión o consulta reflexiva para entender mejor su trabajo."
    ),
    "Seeks and uses feedback from supervisors and colleagues.": (
        "Pide y usa los comentarios de sus supervisores(as) y colegas."
    ),
    "Notices and respects the feelings of the families they work with.": (
        "Nota y respeta los sentimientos de las familias con las que trabaja."
    ),
    "Builds trusting, respectful relationships with families.": (
        "Crea relaciones de confianza y respeto con las familias."
    ),
    "Works well with colleagues and other professionals.": (
        "Trabaja bien con sus colegas y con otros profesionales."
    ),
    "Supports the relationship between parents and their young child.": (
        "Apoya la relación entre los padres y su hijo(a) pequeño(a)."
    ),
    "Respects families' culture, language and values.": (
        "Respeta la cultura, el idioma y los valores de las familias."
    ),
    "Observes carefully before drawing conclusions.": (
        "Observa con cuidado antes de sacar conclusiones."
    ),
    "Thinks through problems and considers several possible answers.": (
        "Piensa bien en los problemas y considera varias respuestas posibles."
    ),
    "Recognises when a family needs help beyond their role, and refers them.": (
        "Se da cuenta de cuándo una familia necesita una ayuda que no le corresponde dar, y la "
        "envía a quien puede darla."
    ),
    "Plans their work with each family and adjusts the plan when needed.": (
        "Planifica su trabajo con cada familia y cambia el plan cuando hace falta."
    ),
}


def translate(apps, schema_editor):
    """The Spanish of the seeded items where missing (also called by the test seed helper)."""
    RatingItem = apps.get_model("endorsements", "RatingItem")
    for field, spanish in (("domain", DOMAINS_ES), ("text", TEXTS_ES)):
        missing = Q(**{f"{field}_es__isnull": True}) | Q(**{f"{field}_es": ""})
        for english, translated in spanish.items():
            RatingItem.objects.filter(missing, **{f"{field}_en": english}).update(
                **{f"{field}_es": translated}
            )


def forward(apps, schema_editor):
    RatingItem = apps.get_model("endorsements", "RatingItem")
    for field in FIELDS:
        RatingItem.objects.filter(**{f"{field}_en__isnull": True}).update(
            **{f"{field}_en": F(field)}
        )
    translate(apps, schema_editor)


def backward(apps, schema_editor):
    RatingItem = apps.get_model("endorsements", "RatingItem")
    for field in FIELDS:
        RatingItem.objects.exclude(**{f"{field}_en__isnull": True}).exclude(
            **{f"{field}_en": ""}
        ).update(**{field: F(f"{field}_en")})


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0013_translated_rating_items")]

    operations = [migrations.RunPython(forward, backward)]
