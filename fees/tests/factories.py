from datetime import date

from fees.models import Fee, FeeKind

# Published examples (domain facts): registration $15-25 [ct-aimh.org], processing $25-400 by
# category [ct-aimh.org, itmhca.org], renewal about $30 and late fee about $25 [mi-aimh.org],
# membership about $60 a year [itmhca.org].
SCHEDULE = {
    FeeKind.REGISTRATION: 2000,
    FeeKind.PROCESSING: 12500,
    FeeKind.EXAM: 10000,
    FeeKind.RENEWAL: 3000,
    FeeKind.LATE_RENEWAL: 2500,
    FeeKind.REINSTATEMENT: 5000,
    FeeKind.MEMBERSHIP_INDIVIDUAL: 6000,
}


def schedule(since: date = date(2020, 1, 1), **amounts) -> dict[str, Fee]:
    """The fee schedule for every category from `since` (amounts in cents; override by kind)."""
    figures = {**SCHEDULE, **amounts}
    return {
        kind: Fee.objects.create(kind=kind, amount_cents=cents, effective_from=since)
        for kind, cents in figures.items()
    }


def require_fees(application, *, before_submission=(), before_decision=()):
    """Make the application's requirement set ask for these fees."""
    from django.utils import timezone

    from competencies.selectors import requirement_set_in_effect

    requirement_set = application.requirement_set or requirement_set_in_effect(
        category=application.category, on=timezone.localdate()
    )
    requirement_set.fees_before_submission = list(before_submission)
    requirement_set.fees_before_decision = list(before_decision)
    requirement_set.save()
    return requirement_set
