"""Conflict-of-interest checks: at assignment, and the separation-of-duties guard.

`conflicts_for` judges many reviewers against one application in a constant number of queries,
so the assignment page can show a flag next to every reviewer.

`case_conflict_refuse` is the one guard every service that decides, approves or scores calls
before acting: nobody acts on their own case (application, renewal, reinstatement, exam), nor
on the case of someone they declared a conflict with (the person, or the agency they work at).
"""

from datetime import date

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endorsements.facts import categories_held_on, held_periods_for_users
from reflective_supervision.models import Provider

from .flags import ConflictFlag, ConflictKind
from .models import ReviewerConflict


def _emails_in(value) -> set[str]:
    """Every rater email in the snapshot's references section, whatever its exact shape."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("rater_email", "email") and isinstance(item, str):
                found.add(item.strip().lower())
            else:
                found |= _emails_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= _emails_in(item)
    return found


def reference_rater_emails(snapshot: dict) -> set[str]:
    return _emails_in((snapshot or {}).get("references") or [])


def conflicts_for(
    *, application, reviewers, on: date | None = None
) -> dict[int, list[ConflictFlag]]:
    """Conflict flags of each reviewer for `application` (reviewer id -> flags).

    Six queries whatever the number of reviewers: the applicant's profile, the reviewers'
    profiles, RSC provider links both ways, declared conflicts, held endorsements (2).
    """
    from applicants.models import ApplicantProfile

    on = on or timezone.localdate()
    reviewers = list(reviewers)
    ids = [r.pk for r in reviewers]
    applicant = application.applicant
    flags: dict[int, list[ConflictFlag]] = {pk: [] for pk in ids}
    if not ids:
        return flags

    profiles = {
        p.user_id: p
        for p in ApplicantProfile.objects.filter(user_id__in=[*ids, applicant.pk]).select_related(
            "agency"
        )
    }
    applicant_agency_id = getattr(profiles.get(applicant.pk), "agency_id", None)

    # Providers who are the applicant's (by account or email) or are the applicant.
    emails = {r.email.lower(): r.pk for r in reviewers}
    people = [*ids, applicant.pk]
    links = (
        Provider.objects.annotate(email_ci=Lower("email"))
        .filter(
            Q(user_id__in=ids)
            | Q(email_ci__in=list(emails))
            | Q(user_id=applicant.pk)
            | Q(email_ci=applicant.email.lower())
        )
        .filter(Q(supervisees__in=people) | Q(sessions__supervisee__in=people))
        .values_list("user_id", "email", "supervisees", "sessions__supervisee")
        .distinct()
    )
    for user_id, email, supervisee_a, supervisee_b in links:
        supervisees = {supervisee_a, supervisee_b} - {None}
        provider_reviewer = user_id if user_id in flags else emails.get((email or "").lower())
        if provider_reviewer is not None and applicant.pk in supervisees:
            flags[provider_reviewer].append(ConflictFlag(ConflictKind.RSC_PROVIDER))
        is_applicant = user_id == applicant.pk or (email or "").lower() == applicant.email.lower()
        if is_applicant:
            for reviewer_id in supervisees & set(ids):
                flags[reviewer_id].append(ConflictFlag(ConflictKind.SUPERVISEE))

    raters = reference_rater_emails(application.snapshot)
    declared = ReviewerConflict.objects.filter(reviewer_id__in=ids).filter(
        Q(person_id=applicant.pk) | Q(agency_id=applicant_agency_id)
        if applicant_agency_id
        else Q(person_id=applicant.pk)
    )
    declared_by: dict[int, list[ReviewerConflict]] = {}
    for conflict in declared:
        declared_by.setdefault(conflict.reviewer_id, []).append(conflict)

    qualified_codes = _qualified_codes(application)
    held = held_periods_for_users(ids) if qualified_codes is not None else {}

    for reviewer in reviewers:
        mine = flags[reviewer.pk]
        if reviewer.pk == applicant.pk:
            mine.append(ConflictFlag(ConflictKind.SELF))
        if reviewer.email.lower() in raters:
            mine.append(ConflictFlag(ConflictKind.REFERENCE_RATER, reviewer.email))
        profile = profiles.get(reviewer.pk)
        if applicant_agency_id and profile and profile.agency_id == applicant_agency_id:
            mine.append(ConflictFlag(ConflictKind.SAME_AGENCY, profile.agency.name))
        for conflict in declared_by.get(reviewer.pk, []):
            about = "person" if conflict.person_id else "agency"
            mine.append(ConflictFlag(ConflictKind.DECLARED, conflict.note, about))
        if qualified_codes is not None:
            holds = categories_held_on(held.get(reviewer.pk, []), on)
            if not holds & qualified_codes:
                wanted = ", ".join(sorted(qualified_codes))
                mine.append(ConflictFlag(ConflictKind.NOT_QUALIFIED, wanted))
    # A provider linked through several sessions shows up once per link: report each flag once.
    return {pk: list(dict.fromkeys(found)) for pk, found in flags.items()}


def _qualified_codes(application) -> frozenset[str] | None:
    """Categories whose holders may review this application; None: no requirement set."""
    requirement_set = application.requirement_set
    if requirement_set is None:
        return None
    return frozenset(c.code for c in requirement_set.reviewer_categories.all())


def flags_overridable(flags: list[ConflictFlag]) -> bool:
    """Every flag may be overridden with a reason, except reviewing one's own application."""
    return all(f.kind != ConflictKind.SELF for f in flags)


# --- Separation of duties -------------------------------------------------------------------

OWN_CASE = "own_case"
DECLARED_CONFLICT = "declared_conflict"
CASE_CONFLICT_MESSAGES = {
    OWN_CASE: _(
        "You cannot decide, approve or score your own case. Another coordinator or reviewer "
        "must do it. Nothing was changed."
    ),
    DECLARED_CONFLICT: _(
        "You have declared a conflict of interest with this person or their agency, so "
        "another coordinator or reviewer must do this. Nothing was changed."
    ),
}


def case_conflict(*, actor, subject) -> str | None:
    """Why `actor` may not act on a case concerning `subject`, as a code, or None.

    `OWN_CASE` when they are the same person; `DECLARED_CONFLICT` when `actor` declared a
    conflict with `subject` or with the agency in `subject`'s profile. No actor (the system
    acting by its own rules, e.g. an automatic renewal) is never in conflict. One query at most.
    """
    if actor is None or subject is None:
        return None
    if actor.pk == subject.pk:
        return OWN_CASE
    declared = ReviewerConflict.objects.filter(reviewer_id=actor.pk).filter(
        Q(person_id=subject.pk) | Q(agency__profiles__user_id=subject.pk)
    )
    return DECLARED_CONFLICT if declared.exists() else None


def case_conflict_refuse(*, actor, subject, refused: type[Exception]) -> None:
    """Raise `refused(message)` when `actor` may not act on `subject`'s case (see
    `case_conflict`); the exception carries the code as `.conflict`. Call it inside the
    service, before anything is written, in every service that decides, approves or scores.
    """
    code = case_conflict(actor=actor, subject=subject)
    if code is not None:
        error = refused(str(CASE_CONFLICT_MESSAGES[code]))
        error.conflict = code
        raise error
