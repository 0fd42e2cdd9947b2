"""The exam (MHS and Mentor categories): sittings, blind part 2 scoring, and the outcome."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import formatting
from core.audit import audit_record
from core.models import AuditAction
from core.transitions import HistoryAudience, transition
from endorsements.models import Application, ApplicationStatus, Endorsement
from endorsements.services.transitions import application_history_add, application_transition

from ..conflicts import ConflictKind, case_conflict, case_conflict_refuse, conflicts_for
from ..models import (
    EXAM_TRANSITIONS,
    Assignment,
    ExamOutcome,
    ExamSitting,
    ExamSittingEvent,
    Part2Score,
)
from . import notify

S = ApplicationStatus


class ExamRefused(Exception):
    """The sitting or score cannot be recorded; the message says why in plain words."""


def retake_date(sat_on: date) -> date:
    """A year after the sitting (29 February becomes 28 February)."""
    try:
        return sat_on.replace(year=sat_on.year + 1)
    except ValueError:
        return sat_on.replace(year=sat_on.year + 1, day=28)


@transaction.atomic
def exam_sitting_transition(
    *,
    sitting: ExamSitting,
    to: str,
    actor: User | None = None,
    code: str = "",
    params: dict | None = None,
    fields: dict | None = None,
) -> ExamSitting:
    """Move a sitting's outcome (its status) through EXAM_TRANSITIONS, with a staff history
    row. Side effects: the row locked and saved; one ExamSittingEvent. Raises
    TransitionNotAllowed."""

    def history(locked: ExamSitting, current: str) -> None:
        ExamSittingEvent.objects.create(
            sitting=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            audience=HistoryAudience.STAFF,
            code=code,
            params=params or {},
        )

    return transition(
        instance=sitting,
        to=to,
        table=EXAM_TRANSITIONS,
        history=history,
        fields=fields,
        status_field="outcome",
    )


def scorers_excluded(application: Application, reviewers) -> set[int]:
    """Who may not score this application's part 2 blind: the examinee, the application's
    own reviewers (any round), and anyone with a declared or detected conflict. Being
    qualified to review is not asked of a scorer."""
    excluded = {application.applicant_id}
    excluded |= set(
        Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True)
    )
    flags = conflicts_for(application=application, reviewers=list(reviewers))
    for reviewer_id, found in flags.items():
        if any(f.kind != ConflictKind.NOT_QUALIFIED for f in found):
            excluded.add(reviewer_id)
    return excluded


def earliest_next_sitting(application: Application) -> date | None:
    """The retake date of the latest failed sitting, if any."""
    last = (
        ExamSitting.objects.filter(application=application, outcome=ExamOutcome.FAILED)
        .order_by("-sat_on", "-pk")
        .first()
    )
    return last.retake_on if last else None


@transaction.atomic
def exam_sitting_record(
    *,
    application: Application,
    sat_on: date,
    part1_score: Decimal,
    scorers: list[User],
    actor: User,
    part2_answers: str = "",
    part2_upload=None,
) -> ExamSitting:
    """Record a sitting of an application approved to sit the exam.

    Side effects, in order: the application row is locked; nobody records (part 1 is a
    score) or scores the exam of themself or of someone they declared a conflict with
    (`case_conflict_refuse`, for the recorder and each scorer); the retake rule is checked (a
    year after a failed sitting); the part 2 answers file (if any) stored; the ExamSitting with
    a random candidate code and part 1 judged against the requirement set's pass mark; one
    Part2Score row per scorer, each with its `review_exam_scoring` message queued in the
    outbox (the code, never the examinee's name); the audit row. Raises ExamRefused.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("requirement_set", "applicant")
        .get(pk=application.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.applicant, refused=ExamRefused)
    if locked.status != S.EXAM_PENDING:
        raise ExamRefused(_("Only an application approved to sit the exam can have a sitting."))
    if ExamSitting.objects.filter(application=locked, outcome=ExamOutcome.PENDING).exists():
        raise ExamRefused(_("The last sitting is still waiting for its part 2 scores."))
    retake_on = earliest_next_sitting(locked)
    if retake_on and sat_on < retake_on:
        raise ExamRefused(
            _("The exam can be retaken from %(day)s.") % {"day": formatting.day(retake_on)}
        )
    scorer_ids = {s.pk for s in scorers}
    if len(scorer_ids) != 2 or locked.applicant_id in scorer_ids:
        raise ExamRefused(_("Choose two different scorers other than the examinee."))
    if any(case_conflict(actor=scorer, subject=locked.applicant) for scorer in scorers):
        raise ExamRefused(
            _(
                "A scorer you chose has declared a conflict of interest with the examinee: "
                "choose another scorer."
            )
        )
    if scorer_ids & scorers_excluded(locked, scorers):
        raise ExamRefused(
            _(
                "A scorer reviewed this application or has a conflict with the applicant: "
                "choose scorers who are blind to the examinee."
            )
        )
    part2_file = None
    if part2_upload is not None:
        from applicants.services import stored_file_create

        part2_file = stored_file_create(owner=locked.applicant, upload=part2_upload)
    pass_mark = locked.requirement_set.exam_pass_mark_percent if locked.requirement_set else 80
    sitting = ExamSitting.objects.create(
        application=locked,
        sat_on=sat_on,
        part1_score=part1_score,
        part1_pass_mark=pass_mark,
        part1_passed=part1_score >= pass_mark,
        part2_answers=part2_answers,
        part2_file=part2_file,
        recorded_by=actor,
    )
    ExamSittingEvent.objects.create(
        sitting=sitting,
        actor=actor,
        to_status=ExamOutcome.PENDING,
        audience=HistoryAudience.STAFF,
        code="exam_recorded",
        params={"part1_score": str(part1_score), "pass_mark": pass_mark},
    )
    for scorer in scorers:
        score = Part2Score.objects.create(sitting=sitting, scorer=scorer)
        notify.scorer_notify(score)
    audit_record(
        action=AuditAction.EXAM_SITTING_RECORDED,
        actor=actor,
        target=sitting,
        details={
            "sat_on": sat_on.isoformat(),
            "part1_score": str(part1_score),
            "part1_passed": sitting.part1_passed,
            "scorers": sorted(scorer_ids),
        },
        application_id=locked.pk,
        subject=locked.applicant,
    )
    return sitting


@transaction.atomic
def part2_score_record(
    *, score: Part2Score, passed: bool, comment: str, actor: User
) -> ExamSitting:
    """A scorer's pass/fail on part 2; the second score settles the sitting.

    Side effects, in order: the score row is locked; only its scorer may score it, and not
    the paper of themself or of someone they declared a conflict with; it is saved (once
    only); the audit row; when both scores are in, `exam_sitting_settle`. Raises ExamRefused.
    """
    locked = (
        Part2Score.objects.select_for_update(of=("self",))
        .select_related("sitting__application__applicant")
        .get(pk=score.pk)
    )
    examinee = locked.sitting.application.applicant
    if actor is None or actor.pk != locked.scorer_id:
        raise ExamRefused(_("Only the scorer this paper was given to can score it."))
    case_conflict_refuse(actor=actor, subject=examinee, refused=ExamRefused)
    if locked.scored_at is not None:
        raise ExamRefused(_("You have scored this paper already."))
    locked.passed = passed
    locked.comment = comment
    locked.scored_at = timezone.now()
    locked.save(update_fields=["passed", "comment", "scored_at", "updated_at"])
    audit_record(
        action=AuditAction.EXAM_SCORE_RECORDED,
        actor=actor,
        target=locked,
        details={"candidate_code": locked.sitting.candidate_code, "passed": passed},
        application_id=locked.sitting.application_id,
        subject=examinee,
    )
    sitting = ExamSitting.objects.select_for_update().get(pk=locked.sitting_id)
    if (
        sitting.outcome == ExamOutcome.PENDING
        and not sitting.scores.filter(scored_at__isnull=True).exists()
    ):
        # The last score settles it automatically: the endorsement is the portal's doing,
        # never the scorer's (who must stay blind to the examinee and out of the decision).
        exam_sitting_settle(sitting=sitting, actor=None)
    return sitting


@transaction.atomic
def exam_sitting_settle(*, sitting: ExamSitting, actor: User | None) -> ExamSitting:
    """Work out the outcome once part 1 and both part 2 scores are in.

    `actor` is the coordinator who closes it, or None when it settles automatically (the
    history then credits "the portal"); a coordinator may not settle their own exam or a
    declared conflict's (`case_conflict_refuse`). Part 2 passes when both scorers pass it.
    Passed: the sitting moves to passed and the application exam_pending -> endorsed, which
    issues the credential in this transaction (the applicant's row says the exam was passed;
    the candidate code, which stands for the examinee in blind scoring, is in a staff row),
    with `review_endorsed` queued in the outbox (after commit the certificate). Not passed:
    the sitting moves to failed with the retake date (a year on) and the applicant's
    `review_exam_failed` is queued; the application stays approved to sit the exam until a
    coordinator closes it as not endorsed. Either way the one audit row records the outcome.
    """
    application = sitting.application
    case_conflict_refuse(actor=actor, subject=application.applicant, refused=ExamRefused)
    scores = list(sitting.scores.all())
    part2_passed = bool(scores) and all(s.passed for s in scores)
    if sitting.part1_passed and part2_passed:
        exam_sitting_transition(
            sitting=sitting, to=ExamOutcome.PASSED, actor=actor, code="exam_passed"
        )
        application_transition(
            application=application,
            to=S.ENDORSED,
            actor=actor,
            code="exam_passed",
        )
        application_history_add(
            application=application,
            code="exam_passed_sitting",
            actor=actor,
            params={
                "candidate_code": sitting.candidate_code,
                "part1_score": str(sitting.part1_score),
            },
        )
        endorsement = Endorsement.objects.get(application=application)
        notify.applicant_endorsed_notify(application, endorsement=endorsement)
    else:
        exam_sitting_transition(
            sitting=sitting,
            to=ExamOutcome.FAILED,
            actor=actor,
            code="exam_failed",
            params={"part2_passed": part2_passed},
            fields={"retake_on": retake_date(sitting.sat_on)},
        )
        notify.applicant_notify(
            "exam_failed",
            application,
            key=f"sitting-{sitting.pk}",
            sitting=sitting,
            part2_passed=part2_passed,
        )
    audit_record(
        action=AuditAction.DECISION_RECORDED,
        actor=actor,
        target=sitting,
        details={"kind": "exam", "outcome": sitting.outcome, "part2_passed": part2_passed},
        application_id=application.pk,
        subject=application.applicant,
    )
    return sitting
