"""The profile no longer keeps a legal name of its own: the account's is the one (0008 moved
the data), and "name to show" says what the other name is for. Reversing re-adds the columns
empty (hence the empty default first); 0008's reverse fills them again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0008_legal_name_to_account"),
        # The registry's trigram indexes on these columns are made there: drop after them.
        ("reports", "0003_registry_name_search_index"),
    ]

    operations = [
        # An empty default first, so that reversing can add the columns back to existing rows
        # (they are NOT NULL); 0008's reverse then fills them.
        migrations.AlterField(
            model_name="applicantprofile",
            name="legal_given_name",
            field=models.CharField(default="", max_length=150, verbose_name="legal first name"),
        ),
        migrations.AlterField(
            model_name="applicantprofile",
            name="legal_family_name",
            field=models.CharField(default="", max_length=150, verbose_name="legal last name"),
        ),
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
