"""One name for a person: the legal name typed in the profile becomes the account's name.

Where a profile's legal name differs from the account name, the profile's wins (the person
called it their legal name, and signs the Code of Ethics with it) and the account's old name is
kept as a NameChange row ("taken from the legal name in the profile"), so nothing typed is lost.
Empty profile names leave the account name as it is.

Reverse: the profile's legal-name columns get the account's current name again, the accounts
that changed get their old name back from those NameChange rows, and the rows go.
"""

from django.db import migrations

MERGED = "profile_merge"


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def merge(apps, schema_editor):
    Profile = apps.get_model("applicants", "ApplicantProfile")
    User = apps.get_model("accounts", "User")
    NameChange = apps.get_model("accounts", "NameChange")
    rows = Profile.objects.select_related("user").only(
        "legal_given_name",
        "legal_family_name",
        "user__given_name",
        "user__family_name",
    )
    for profile in rows.iterator(chunk_size=1000):
        given, family = _clean(profile.legal_given_name), _clean(profile.legal_family_name)
        user = profile.user
        if not (given and family) or (given, family) == (user.given_name, user.family_name):
            continue
        NameChange.objects.create(
            user_id=user.pk,
            old_given_name=user.given_name,
            old_family_name=user.family_name,
            new_given_name=given,
            new_family_name=family,
            source=MERGED,
        )
        User.objects.filter(pk=user.pk).update(given_name=given, family_name=family)


def split(apps, schema_editor):
    Profile = apps.get_model("applicants", "ApplicantProfile")
    User = apps.get_model("accounts", "User")
    NameChange = apps.get_model("accounts", "NameChange")
    for profile in Profile.objects.select_related("user").iterator(chunk_size=1000):
        Profile.objects.filter(pk=profile.pk).update(
            legal_given_name=profile.user.given_name, legal_family_name=profile.user.family_name
        )
    for change in NameChange.objects.filter(source=MERGED).order_by("-created_at", "-pk"):
        User.objects.filter(pk=change.user_id).update(
            given_name=change.old_given_name, family_name=change.old_family_name
        )
    NameChange.objects.filter(source=MERGED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0007_leadership_kind_labels"),
        ("accounts", "0003_name_history"),
    ]

    operations = [migrations.RunPython(merge, split)]
