"""Seed the reference rating items: plain statements across the three main guideline domains.

They are data: an association edits or replaces them in the admin (a licensed edition's wording).
"""

from django.db import migrations

ITEMS = [
    ("Reflection", "Thinks about how their own feelings and experiences affect their work."),
    ("Reflection", "Uses reflective supervision or consultation to understand their work better."),
    ("Reflection", "Seeks and uses feedback from supervisors and colleagues."),
    ("Reflection", "Notices and respects the feelings of the families they work with."),
    ("Working with Others", "Builds trusting, respectful relationships with families."),
    ("Working with Others", "Works well with colleagues and other professionals."),
    ("Working with Others", "Supports the relationship between parents and their young child."),
    ("Working with Others", "Respects families' culture, language and values."),
    ("Thinking", "Observes carefully before drawing conclusions."),
    ("Thinking", "Thinks through problems and considers several possible answers."),
    ("Thinking", "Recognises when a family needs help beyond their role, and refers them."),
    ("Thinking", "Plans their work with each family and adjusts the plan when needed."),
]


def seed(apps, schema_editor):
    RatingItem = apps.get_model("endorsements", "RatingItem")
    if RatingItem.objects.exists():
        return
    RatingItem.objects.bulk_create(
        RatingItem(domain=domain, text=text, order=(i + 1) * 10)
        for i, (domain, text) in enumerate(ITEMS)
    )


def unseed(apps, schema_editor):
    RatingItem = apps.get_model("endorsements", "RatingItem")
    RatingItem.objects.filter(text__in=[text for _, text in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0002_references_attestations")]

    operations = [migrations.RunPython(seed, unseed)]
