"""The profile no longer keeps a legal name of its own: the account's is the one (0008 moved
the data), and "name to show" says what the other name is for. Reversing re-adds the columns
empty; 0008's reverse fills them again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0008_legal_name_to_account"),
        # The registry's trigram indexes on these columns are made there: drop after them.
        ("reports", "0003_registry_name_search_index"),
    ]

    operations = [
        migrations.RemoveField(model_name="applicantprofile", name="legal_given_name"),
        migrations.RemoveField(model_name="applicantprofile", name="legal_family_name"),
        migrations.AlterField(
            model_name="applicantprofile",
            name="preferred_name",
            field=models.CharField(
                blank=True,
                help_text="As it should appear on the registry and a certificate; empty: the "
                "legal name.",
                max_length=200,
                verbose_name="name to show",
            ),
        ),
    ]
