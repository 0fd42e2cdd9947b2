"""Check the endorsement claims raters already made, as new claims are checked: a number that
is a current credential of this registry with the rater's name counts at once; anything else
stays "claimed, not verified" until a coordinator vets the rater. Reverse: forget the checks.

The comparison is written out here (not imported) so that this migration keeps doing what it
did when it was written.
"""

import unicodedata

from django.db import migrations

CURRENT = ("active", "emerging")


def _name_key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return " ".join(name.casefold().split())


def verify(apps, schema_editor):
    ReferenceRequest = apps.get_model("endorsements", "ReferenceRequest")
    Endorsement = apps.get_model("endorsements", "Endorsement")
    claims = ReferenceRequest.objects.filter(rater_endorsed=True).exclude(
        rater_endorsement_number=""
    )
    for reference in claims.iterator(chunk_size=500):
        candidates = Endorsement.objects.filter(
            number__iexact=reference.rater_endorsement_number.strip(), status__in=CURRENT
        ).select_related("holder")
        wanted = _name_key(reference.rater_name)
        for endorsement in candidates:
            holder = endorsement.holder
            names = {
                _name_key(endorsement.printed_name),
                _name_key(f"{holder.given_name} {holder.family_name}"),
            }
            if wanted and wanted in names:
                ReferenceRequest.objects.filter(pk=reference.pk).update(
                    rater_endorsement=endorsement
                )
                break


def forget(apps, schema_editor):
    apps.get_model("endorsements", "ReferenceRequest").objects.update(rater_endorsement=None)


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0010_reference_claim_checked")]

    operations = [migrations.RunPython(verify, forget)]
