"""What applicants typed as their membership (number, expiry) becomes a claim waiting for a
coordinator: the checklist now reads the association's membership records only."""

from django.db import migrations


def forward(apps, schema_editor):
    Profile = apps.get_model("applicants", "ApplicantProfile")
    Membership = apps.get_model("memberships", "Membership")
    waiting = set(Membership.objects.filter(status="claimed").values_list("person_id", flat=True))
    typed = (
        Profile.objects.exclude(membership_number="", membership_expires_on__isnull=True)
        .exclude(user_id__in=waiting)
        .values_list("user_id", "membership_number", "membership_expires_on")
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person_id=user_id,
                number=number,
                ends_on=ends_on,
                status="claimed",
                source="claim",
                membership_type="individual",
            )
            for user_id, number, ends_on in typed.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0012_verified_trainings"),
        ("memberships", "0001_records"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
