"""The coordinator's decision on a review round: one transaction, one decision."""

from django.db import transaction
from django.db.models import Max

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction
from endorsements.models import Application, ApplicationStatus
from endorsements.services.credentials import endorsement_issue
from endorsements.services.transitions import TransitionNotAllowed, application_transition

from ..conflicts import case_conflict_refuse
from ..models import Assignment, Decision, Outcome, Recommendation
from ..snapshot import SECTION_TITLES
from . import notify
from .reviews import review_of

S = ApplicationStatus
TARGET = {
    Outcome.ENDORSE: S.ENDORSED,
    Outcome.EMERGING: S.ENDORSED_EMERGING,
    Outcome.EXAM: S.EXAM_PENDING,
    Outcome.DEFER: S.DEFERRED,
    Outcome.DENY: S.DENIED,
}
# The recommendation that agrees with each outcome (a denial is never recommended).
AGREES = {
    Outcome.ENDORSE: Recommendation.ENDORSE,
    Outcome.EMERGING: Recommendation.EMERGING,
    Outcome.EXAM: Recommendation.EXAM,
    Outcome.DEFER: Recommendation.DEFER,
}
EMAIL = {
    Outcome.EXAM: "exam_approved",
    Outcome.DEFER: "deferred",
    Outcome.DENY: "denied",
}


class DecisionRefused(Exception):
    """The decision cannot be recorded; the message says why in plain words."""


def outcomes_allowed(application: Application) -> list[str]:
    """The outcomes open for `application` in its current status and category."""
    if application.status == S.EXAM_PENDING:
        return [Outcome.DENY]
    if application.status != S.IN_REVIEW:
        return []
    exam = bool(application.requirement_set and application.requirement_set.exam_required)
    allowed = [Outcome.EXAM] if exam else [Outcome.ENDORSE]
    if application.category.allows_emerging:
        allowed.append(Outcome.EMERGING)
    return [*allowed, Outcome.DEFER, Outcome.DENY]


def recommendations_allowed(application: Application) -> list[str]:
    outcomes = outcomes_allowed(application)
    return [AGREES[o] for o in outcomes if o in AGREES]


def is_consensus(outcome: str, recommendations: list[str]) -> bool:
    """The decision follows every reviewer's recommendation."""
    return bool(recommendations) and all(r == AGREES.get(outcome) for r in recommendations)


def _endorsed(endorsement) -> None:
    """After commit: queue the certificate render. If the broker is down the decision stands:
    `certificate_enqueue` logs it and the periodic sweep queues the render later. The "you are
    endorsed" email is already in the outbox, and the certificate's email waits for it."""
    from endorsements.credentials.services.certificates import certificate_enqueue

    certificate_enqueue(endorsement)


@transaction.atomic
def application_decide(
    *,
    application: Application,
    outcome: str,
    actor: User,
    feedback: str = "",
    reopened_sections: list[str] | tuple = (),
    tie_break_reason: str = "",
    request=None,
) -> Decision:
    """Record the coordinator's decision and move the application accordingly.

    Side effects, in order: the application row is locked (a second decider waits here, then
    finds it decided and is refused); nobody decides their own application or that of someone
    they declared a conflict with (`case_conflict_refuse`); the round's reviews must all be
    submitted; consensus is worked out from the recommendations (otherwise
    `tie_break_reason` is required); `application_transition` (with the feedback and
    reopened sections for a deferral); for an endorsement `endorsement_issue` in the same
    transaction; the Decision row; the audit row (the outcome; `request` gives its address,
    else the request being served); the applicant's email (`review_endorsed`,
    `_exam_approved`, `_deferred`, `_denied`) queued in the outbox; after commit the
    certificate task (one bounded attempt: a hung broker never turns the recorded decision
    into an error). Raises DecisionRefused.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("category", "requirement_set", "applicant")
        .get(pk=application.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.applicant, refused=DecisionRefused)
    from_status = locked.status
    if outcome not in outcomes_allowed(locked):
        if locked.status not in (S.IN_REVIEW, S.EXAM_PENDING):
            raise DecisionRefused(
                f"This application is {locked.get_status_display().lower()} already: "
                "someone else has decided it. Nothing was changed."
            )
        raise DecisionRefused(f"“{Outcome(outcome).label}” is not open for this application.")
    round_ = locked.assignments.aggregate(r=Max("round"))["r"] or 0
    recommendations: list[str] = []
    if from_status == S.IN_REVIEW:
        assignments = list(
            Assignment.objects.filter(application=locked, round=round_).select_related("review")
        )
        reviews = [review_of(a) for a in assignments]
        if not reviews or any(r is None or not r.is_submitted for r in reviews):
            raise DecisionRefused("Wait until every reviewer has submitted their review.")
        recommendations = [r.recommendation for r in reviews]
        consensus = is_consensus(outcome, recommendations)
    else:
        consensus = True  # closing after the exam: the reviewers' round is long decided
    tie_break_reason = tie_break_reason.strip()
    if not consensus and not tie_break_reason:
        raise DecisionRefused(
            "The decision differs from a reviewer's recommendation: give the tie-break reason."
        )
    feedback = feedback.strip()
    reopened = [s for s in reopened_sections if s in SECTION_TITLES]
    if outcome == Outcome.DEFER and not (feedback and reopened):
        raise DecisionRefused("A deferral needs feedback and at least one section to reopen.")

    note = Outcome(outcome).label + (
        " (consensus)" if consensus else f". Tie-break: {tie_break_reason}"
    )
    fields, details = {}, {}
    if outcome in (Outcome.DEFER, Outcome.DENY):
        fields["feedback"] = feedback
        if feedback:
            details["feedback"] = feedback
    if outcome == Outcome.DEFER:
        fields["reopened_sections"] = reopened
        details["reopened"] = reopened
        note += ". Reopened: " + ", ".join(SECTION_TITLES[s] for s in reopened)
    email = EMAIL.get(outcome)
    try:
        application_transition(
            application=locked,
            to=TARGET[outcome],
            actor=actor,
            # The applicant reads the outcome, feedback and reopened sections; consensus and
            # tie-break reasons are for staff.
            details=details,
            staff_note=note,
            fields=fields,
        )
    except TransitionNotAllowed as refused:
        raise DecisionRefused(
            "Someone else has decided this application. Nothing was changed."
        ) from refused
    endorsement = None
    if outcome in (Outcome.ENDORSE, Outcome.EMERGING):
        endorsement = endorsement_issue(
            application=locked,
            emerging=outcome == Outcome.EMERGING,
            actor=actor,
            on_commit=_endorsed,
        )
    decision = Decision.objects.create(
        application=locked,
        round=round_,
        from_status=from_status,
        outcome=outcome,
        consensus=consensus,
        tie_break_reason="" if consensus else tie_break_reason,
        feedback=feedback,
        reopened_sections=reopened if outcome == Outcome.DEFER else [],
        decided_by=actor,
    )
    audit_record(
        action=AuditAction.DECISION_RECORDED,
        actor=actor,
        request=request,
        target=locked,
        details={
            "kind": "application",
            "outcome": outcome,
            "round": round_,
            "consensus": consensus,
        },
        application_id=locked.pk,
        subject=locked.applicant,
    )
    if endorsement is not None:
        notify.applicant_endorsed_notify(locked, endorsement=endorsement)
    elif email:
        notify.applicant_notify(email, locked, key=f"decision-{decision.pk}")
    application.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return decision
