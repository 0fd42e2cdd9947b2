"""Demo data for the applicant's side of applications (called from `demo.seed`)."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from competencies.models import EndorsementCategory
from endorsements.models import Application, RatingItem, ReferenceRequest

# (name, email, relationship, endorsed, completed)
DEMO_RATERS = [
    ("Maria Lopez", "maria.lopez@example.org", "current_supervisor", True, True),
    ("Dan Whitfield", "dan.whitfield@example.org", "colleague", False, True),
    ("Grace Owusu", "grace.owusu@example.org", "other", False, False),
]


@transaction.atomic
def demo_applicant_application(*, user, code: str = "IFA") -> Application | None:
    """A draft application for `code` with 2 of 3 references completed (idempotent).

    No emails are sent: the rows are written as if the raters had answered. Returns None when
    the person already has an application for the category.
    """
    category = EndorsementCategory.objects.filter(code=code).first()
    if category is None or Application.objects.filter(applicant=user, category=category).exists():
        return None
    application = Application.objects.create(applicant=user, category=category)
    items = list(RatingItem.objects.filter(active=True).order_by("order", "pk"))
    now = timezone.now()
    for i, (name, email, relationship, endorsed, completed) in enumerate(DEMO_RATERS):
        answers = [
            {"item": it.pk, "domain": it.domain, "text": it.text, "rating": 3 + (i + n) % 3}
            for n, it in enumerate(items)
        ]
        ReferenceRequest.objects.create(
            application=application,
            rater_name=name,
            rater_email=email,
            relationship=relationship,
            rater_endorsed=endorsed,
            # Her endorsement is from another association: the coordinator has vetted her.
            vetted=endorsed,
            vetted_note="Demo: endorsed by another Alliance association, checked on its registry"
            if endorsed
            else "",
            vetted_at=now - timedelta(days=9) if endorsed else None,
            nonce=secrets.token_urlsafe(24),
            sent_at=now - timedelta(days=10),
            opened_at=now - timedelta(days=8) if completed else None,
            expires_at=now + timedelta(days=20),
            completed_at=now - timedelta(days=7 - i) if completed else None,
            answers=answers if completed else [],
            comments="Thoughtful and warm with families." if completed else "",
        )
    return application
