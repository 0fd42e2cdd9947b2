"""The coordinator's decision on a review round: one transaction, one decision.

A decision may take effect at once, or be held and released later together with others (as
associations that meet as a committee do): a held decision is a Decision row without
`released_at`; the application keeps its status, and nobody is told, until the release.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from competencies import checklist_text
from core.audit import audit_record
from core.models import AuditAction
from core.transitions import HistoryAudience
from endorsements.models import Application, ApplicationStatus, Endorsement
from endorsements.selectors import application_fees_item
from endorsements.services.transitions import (
    TransitionNotAllowed,
    application_history_add,
    application_transition,
)

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
# Outcomes that say the requirements are met (or will be, for emerging): an unmet checklist
# item needs the coordinator's reason.
AFFIRMING = (Outcome.ENDORSE, Outcome.EMERGING, Outcome.EXAM)


class DecisionRefused(Exception):
    """The decision cannot be recorded; the message says why in plain words."""


class UnmetItemsNeedReason(DecisionRefused):
    """Endorsing (or approving for the exam) with an unmet checklist item needs a reason.

    `items`: [{"key", "label"}] of the unmet items, for the warning.
    """

    def __init__(self, items: list[dict]):
        self.items = items
        super().__init__(
            _("Some checklist items are not met: give your reason to go ahead regardless.")
        )


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


def unmet_items(application: Application, *, outcome: str) -> list[dict]:
    """Checklist items unmet in the portfolio as submitted (the snapshot the reviewers
    judged), as [{"key", "label", "code", "params"}] in checklist order (the label in the
    coordinator's language, for their page; history keeps the code and parameters), and the
    "fees paid or waived" item as it stands now (fees owed before the decision are invoiced
    on submission and after). For an emerging endorsement the items the requirement set
    allows to be in progress are left out; other outcomes ask nothing. (The staff page also
    shows the checklist as it is now, for the coordinator to weigh.)"""
    if outcome not in AFFIRMING:
        return []
    found: dict[str, dict] = {}
    snapshot_items = ((application.snapshot or {}).get("checklist") or {}).get("items") or []
    for item in snapshot_items:
        if isinstance(item, dict) and not item.get("met"):
            key = item.get("key", "")
            found.setdefault(
                key,
                {
                    "key": key,
                    "label": str(checklist_text.item_label(item)),
                    "code": item.get("code") or key,
                    "params": item.get("params") or {},
                },
            )
    # Fees owed before the decision are paid after submission: read as they stand now.
    fees = application_fees_item(application=application)
    if fees is not None and not fees.met:
        found["fees"] = {
            "key": "fees",
            "label": str(fees.label),
            "code": fees.code,
            "params": dict(fees.params),
        }
    if outcome == Outcome.EMERGING and application.requirement_set is not None:
        for key in application.requirement_set.emerging_item_keys:
            found.pop(key, None)
    return [entry for key, entry in found.items() if key]


def held_decision(application: Application) -> Decision | None:
    """The decision recorded for `application` and not yet released, if any."""
    return (
        Decision.objects.filter(application=application, released_at__isnull=True)
        .select_related("decided_by")
        .first()
    )


@transaction.atomic
def application_decide(
    *,
    application: Application,
    outcome: str,
    actor: User,
    feedback: str = "",
    reopened_sections: list[str] | tuple = (),
    tie_break_reason: str = "",
    unmet_reason: str = "",
    hold: bool = False,
    request=None,
) -> Decision:
    """Record the coordinator's decision and, unless `hold`, put it into effect.

    Side effects, in order: the application row is locked (a second decider waits here, then
    finds it decided and is refused); nobody decides their own application or that of someone
    they declared a conflict with (`case_conflict_refuse`); a decision held already is
    refused; the round's reviews must all be submitted; consensus is worked out from the
    recommendations (otherwise `tie_break_reason` is required); an unmet checklist item (at
    submission or now) needs `unmet_reason` for an endorsement or an exam approval
    (UnmetItemsNeedReason lists them); the Decision row. Held: a staff history row and the
    audit row, nothing else (nobody is told until the release). Otherwise `_decision_apply`:
    `application_transition` (which issues the credential for an endorsement; the applicant's
    row carries the outcome, the reopened sections and the feedback), staff history rows with
    the tie-break and unmet reasons, the applicant's email (`review_endorsed`,
    `_exam_approved`, `_deferred`, `_denied`) queued in the outbox; then the one audit row
    (the outcome; `request` gives its address, else the request being served); after commit
    the certificate task (one bounded attempt: a hung broker never turns the recorded decision
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
                _(
                    "This application is %(status)s already: someone else has decided it. "
                    "Nothing was changed."
                )
                % {"status": str(locked.get_status_display()).lower()}
            )
        raise DecisionRefused(
            _("“%(outcome)s” is not open for this application.")
            % {"outcome": Outcome(outcome).label}
        )
    if held_decision(locked) is not None:
        raise DecisionRefused(
            _("A decision is held for this application: release it or cancel it first.")
        )
    round_ = locked.assignments.aggregate(r=Max("round"))["r"] or 0
    recommendations: list[str] = []
    if from_status == S.IN_REVIEW:
        assignments = list(
            Assignment.objects.filter(application=locked, round=round_).select_related("review")
        )
        reviews = [review_of(a) for a in assignments]
        if not reviews or any(r is None or not r.is_submitted for r in reviews):
            raise DecisionRefused(_("Wait until every reviewer has submitted their review."))
        recommendations = [r.recommendation for r in reviews]
        consensus = is_consensus(outcome, recommendations)
    else:
        consensus = True  # closing after the exam: the reviewers' round is long decided
    tie_break_reason = tie_break_reason.strip()
    if not consensus and not tie_break_reason:
        raise DecisionRefused(
            _("The decision differs from a reviewer's recommendation: give the tie-break reason.")
        )
    feedback = feedback.strip()
    reopened = [s for s in reopened_sections if s in SECTION_TITLES]
    if outcome == Outcome.DEFER and not (feedback and reopened):
        raise DecisionRefused(_("A deferral needs feedback and at least one section to reopen."))
    unmet = unmet_items(locked, outcome=outcome)
    unmet_reason = unmet_reason.strip()
    if unmet and not unmet_reason:
        raise UnmetItemsNeedReason(unmet)

    now = timezone.now()
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
        unmet_items=unmet,
        unmet_reason=unmet_reason if unmet else "",
        released_at=None if hold else now,
        released_by=None if hold else actor,
    )
    audit_details = {
        "kind": "application",
        "outcome": outcome,
        "round": round_,
        "consensus": consensus,
        "decision": decision.pk,
    }
    if hold:
        application_history_add(
            application=locked,
            code="decision_held",
            actor=actor,
            params={"outcome": outcome},
        )
        audit_record(
            action=AuditAction.DECISION_HELD,
            actor=actor,
            request=request,
            target=locked,
            details=audit_details,
            application_id=locked.pk,
            subject=locked.applicant,
        )
    else:
        _decision_apply(locked, decision=decision, actor=actor)
        audit_record(
            action=AuditAction.DECISION_RECORDED,
            actor=actor,
            request=request,
            target=locked,
            details=audit_details,
            application_id=locked.pk,
            subject=locked.applicant,
        )
    application.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return decision


def _decision_apply(application: Application, *, decision: Decision, actor: User) -> None:
    """Put a recorded decision into effect (inside the caller's transaction): the transition
    (issuing the credential), the history of the reasons, and the applicant's email queued in
    the outbox under a key naming this decision ("you are endorsed" under the credential's
    news key, which its certificate's email waits for)."""
    outcome = decision.outcome
    fields = {}
    if outcome in (Outcome.DEFER, Outcome.DENY):
        fields["feedback"] = decision.feedback
    if outcome == Outcome.DEFER:
        fields["reopened_sections"] = decision.reopened_sections
    email = EMAIL.get(outcome)
    try:
        application_transition(
            application=application,
            to=TARGET[outcome],
            actor=actor,
            code="decided",
            params={"outcome": outcome, "reopened": list(decision.reopened_sections)},
            # What the coordinator wrote to the applicant (a deferral's or denial's feedback)
            # is on their timeline; tie-break and unmet reasons follow in staff rows.
            note=decision.feedback if outcome in (Outcome.DEFER, Outcome.DENY) else "",
            fields=fields,
        )
    except TransitionNotAllowed as refused:
        raise DecisionRefused(
            _("Someone else has decided this application. Nothing was changed.")
        ) from refused
    if decision.tie_break_reason:
        application_history_add(
            application=application,
            code="tie_break",
            actor=decision.decided_by,
            params={"outcome": outcome},
            note=decision.tie_break_reason,
        )
    if decision.unmet_items:
        application_history_add(
            application=application,
            code="decided_with_unmet",
            actor=decision.decided_by,
            params={
                "outcome": outcome,
                "items": [
                    {
                        "key": i["key"],
                        "code": i.get("code", i["key"]),
                        "params": i.get("params", {}),
                    }
                    for i in decision.unmet_items
                ],
            },
            note=decision.unmet_reason,
        )
    if outcome in (Outcome.ENDORSE, Outcome.EMERGING):
        endorsement = Endorsement.objects.get(application=application)
        notify.applicant_endorsed_notify(application, endorsement=endorsement)
    elif email:
        notify.applicant_notify(email, application, key=f"decision-{decision.pk}")


@transaction.atomic
def decision_release(*, decision: Decision, actor: User, request=None) -> Decision:
    """Put a held decision into effect.

    Side effects, in order: the decision and its application are locked; a released one is
    refused, and so is releasing one's own application or that of someone the actor declared a
    conflict with (`case_conflict_refuse`); the application must still be where
    the decision found it; `_decision_apply` (transition, credential, history, the applicant's
    email queued in the outbox, the certificate after commit); `released_at` / `released_by`;
    the audit event.
    Raises DecisionRefused.
    """
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(pk=decision.pk)
    )
    if locked.released_at is not None:
        raise DecisionRefused(_("This decision has been released already."))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("category", "requirement_set", "applicant")
        .get(pk=locked.application_id)
    )
    case_conflict_refuse(actor=actor, subject=application.applicant, refused=DecisionRefused)
    if application.status != locked.from_status:
        raise DecisionRefused(
            _("The application has moved on since this decision was held. Nothing was changed.")
        )
    _decision_apply(application, decision=locked, actor=actor)
    locked.released_at = timezone.now()
    locked.released_by = actor
    locked.save(update_fields=["released_at", "released_by", "updated_at"])
    audit_record(
        action=AuditAction.DECISION_RELEASED,
        actor=actor,
        request=request,
        target=application,
        details={"kind": "application", "outcome": locked.outcome, "decision": locked.pk},
        application_id=application.pk,
        subject=application.applicant,
    )
    decision.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@dataclass
class ReleaseResult:
    released: list[Decision] = field(default_factory=list)
    refused: list[tuple[Decision, str]] = field(default_factory=list)


def decisions_release(*, decisions: list[Decision], actor: User, request=None) -> ReleaseResult:
    """Release several held decisions, each in its own transaction: one that cannot be
    released (decided meanwhile, the actor's own) is reported and the others go ahead."""
    result = ReleaseResult()
    for decision in decisions:
        try:
            result.released.append(
                decision_release(decision=decision, actor=actor, request=request)
            )
        except DecisionRefused as refused:
            result.refused.append((decision, str(refused)))
    return result


@transaction.atomic
def decision_hold_cancel(*, decision: Decision, actor: User) -> None:
    """Withdraw a held decision before its release (to decide again).

    Side effects, in order: the decision locked (a released one is refused); nobody cancels
    one on their own application or a declared conflict's (`case_conflict_refuse`); a staff
    history row; the Decision row deleted. Raises DecisionRefused.
    """
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.released_at is not None:
        raise DecisionRefused(_("This decision has been released already."))
    application = Application.objects.select_related("applicant").get(pk=locked.application_id)
    case_conflict_refuse(actor=actor, subject=application.applicant, refused=DecisionRefused)
    application_history_add(
        application=application,
        code="decision_hold_cancelled",
        actor=actor,
        params={"outcome": locked.outcome},
        audience=HistoryAudience.STAFF,
    )
    locked.delete()
