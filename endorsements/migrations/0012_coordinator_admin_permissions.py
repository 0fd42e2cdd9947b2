"""Coordinators' admin access shows what they may edit: vetting reference raters (a claimed
endorsement that could not be verified) and RSC providers. Without permissions the admin link
led coordinators to an empty page.

Permissions are normally made after all migrations have run; they are made here first for a
new database. Reverse: the coordinators lose these permissions again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinators"
GRANTED = [
    ("endorsements", "referencerequest", ("view", "change")),
    ("reflective_supervision", "provider", ("view", "change")),
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label in {label for label, _, _ in GRANTED}:
        config = apps.get_app_config(app_label)
        config.models_module = True  # a historical app: let create_permissions run
        create_permissions(config, apps=apps, verbosity=0)
    codenames = [
        (label, f"{action}_{model}") for label, model, actions in GRANTED for action in actions
    ]
    for label, codename in codenames:
        yield Permission.objects.get(content_type__app_label=label, codename=codename)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=COORDINATORS).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("endorsements", "0011_verify_existing_rater_claims"),
        ("reflective_supervision", "0003_group_size_not_null_check"),
        ("accounts", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
