"""Notices the credential services queue in the outbox, shared by more than one of them."""

from django.conf import settings
from django.urls import reverse

from core.mail import send_templated_email
from endorsements.models import Endorsement


def lapse_notice(
    endorsement: Endorsement, *, version: Endorsement, reason: str = "lapsed_not_renewed"
) -> None:
    """Queue the holder's notice that their credential lapsed, and why (`reason`:
    lapsed_not_renewed, lapsed_undecided or lapsed_audit), in the caller's transaction; once
    per lapse of a cycle (`version`, the lapsed row)."""
    send_templated_email(
        "credentials_lapsed",
        to=endorsement.holder.email,
        context={
            "endorsement": endorsement,
            "reason": reason,
            "deadline": endorsement.valid_through,
            "link": settings.SITE_URL + reverse("credentials:my_endorsements"),
        },
        idempotency_key=f"credential-lapsed:{endorsement.pk}:{version.valid_through.isoformat()}",
        kind="credentials_lapsed",
        about=endorsement,
    )
