from datetime import date, timedelta

from accounts.tests.factories import applicant
from endorsements.models import ApplicationStatus, Endorsement
from endorsements.services.credentials import endorsement_issue
from endorsements.tests.factories import ApplicationFactory, category

from ..models import RenewalStatus, RenewalSubmission


def endorsement(
    *,
    holder=None,
    code: str = "IFA",
    issued_on: date = date(2025, 3, 1),
    printed_name: str = "",
    on_commit=None,
    **user_kwargs,
) -> Endorsement:
    """A credential issued through the real service (number, validity, first history row)."""
    holder = holder or applicant(**user_kwargs)
    application = ApplicationFactory(
        applicant=holder, category=category(code), status=ApplicationStatus.ENDORSED
    )
    return endorsement_issue(
        application=application,
        issued_on=issued_on,
        printed_name=printed_name,
        on_commit=on_commit,
    )


def submission(*, endorsement: Endorsement, status=RenewalStatus.SUBMITTED, **kwargs):
    from django.utils import timezone

    from competencies.rules import cycle_bounds

    start, end = cycle_bounds(deadline=endorsement.valid_through, cycle_years=1)
    if status == RenewalStatus.AUDIT:
        # An audit always has its evidence deadline (a database rule).
        kwargs.setdefault("audit_due_on", timezone.localdate() + timedelta(days=30))
    return RenewalSubmission.objects.create(
        endorsement=endorsement,
        cycle_start=kwargs.pop("cycle_start", start),
        cycle_end=kwargs.pop("cycle_end", end),
        status=status,
        ethics_attested=True,
        no_sanctions_attested=True,
        membership_attested=True,
        submitted_at=kwargs.pop("submitted_at", timezone.now()),
        **kwargs,
    )


def evidence_for_renewal(*, user, on: date = date(2026, 5, 1), hours: str = "15") -> None:
    """A current membership and `hours` of training (one on DEI) dated `on`: enough for the
    annual IFA renewal when `hours` is 15."""
    from decimal import Decimal

    from applicants.tests.factories import ProfileFactory, TrainingFactory

    ProfileFactory(user=user)
    TrainingFactory(user=user, date=on, hours=Decimal(hours), dei=True, title="Equity in practice")
