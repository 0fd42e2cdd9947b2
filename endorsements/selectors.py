"""Reads for the applicant's side of applications: lists, access checks and the live checklist.

Access checks raise Http404 for someone else's object, so existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies import rules
from competencies.models import EndorsementCategory, RaterRelationshipChoice, RequirementSet
from competencies.selectors import (
    category_list,
    domains_for_edition,
    edition_in_effect,
    renewal_policy_in_effect,
    requirement_set_in_effect,
)
from core.transitions import HistoryAudience, history_for
from endorsements.facts import fee_facts, portfolio_facts
from endorsements.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Endorsement,
    EndorsementEvent,
    EndorsementStatus,
    EthicsAttestation,
    RatingItem,
    ReferenceRequest,
    ethics_document_version,
)
from endorsements.models.applications import OPEN_STATUSES
from endorsements.models.credentials import HELD_STATUSES

S = ApplicationStatus
E = EndorsementStatus

# What the applicant does next, by status (the dashboard and the list say it in these words).
NEXT_STEPS = {
    S.DRAFT: gettext_lazy("Complete the checklist, then submit."),
    S.SUBMITTED: gettext_lazy("Nothing for now: the coordinator checks it and assigns reviewers."),
    S.IN_REVIEW: gettext_lazy("Nothing for now: reviewers are reading your portfolio."),
    S.DEFERRED: gettext_lazy("Read the feedback, update your portfolio and submit again."),
    S.EXAM_PENDING: gettext_lazy("Sit the exam: the coordinator will send you the dates."),
    S.ENDORSED: gettext_lazy("Nothing: you are endorsed. Keep up your hours for renewal."),
    S.ENDORSED_EMERGING: gettext_lazy("Finish the remaining requirements to be fully endorsed."),
    S.WITHDRAWN: gettext_lazy("Nothing: you withdrew this application. You may start a new one."),
    S.DENIED: gettext_lazy("Nothing: read the feedback. You may apply again later."),
}


def next_step(application: Application) -> str:
    return NEXT_STEPS.get(application.status, "")


# --- Applications -------------------------------------------------------------------------------


def application_list_for_user(*, user) -> QuerySet[Application]:
    """The person's applications, newest first, with their category (one query)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("category")
        .order_by("-created_at", "-pk")
    )


def application_get_for_user(*, user, pk: int) -> Application:
    """One of `user`'s own applications; 404 for anyone else's (coordinators use review pages)."""
    application = (
        Application.objects.filter(pk=pk, applicant=user)
        .select_related("category", "applicant", "requirement_set")
        .first()
    )
    if application is None:
        raise Http404("No such application.")
    return application


def application_events(
    *, application: Application, audience: str = HistoryAudience.APPLICANT
) -> QuerySet[ApplicationEvent]:
    """The application's timeline, oldest first, with who acted, for `audience`: the applicant
    reads only rows meant for them (never internal notes); staff read every row."""
    events = application.events.select_related("actor").order_by("created_at", "pk")
    return history_for(events, audience=audience)


# --- What a person's credentials allow ----------------------------------------------------------


def _entered(endorsement: Endorsement, status: str) -> EndorsementEvent | None:
    """The credential's latest move into `status` (not a row that kept it there)."""
    return (
        EndorsementEvent.objects.filter(endorsement=endorsement, to_status=status)
        .exclude(from_status=status)
        .order_by("-effective_on", "-pk")
        .first()
    )


def status_before(endorsement: Endorsement, status: str) -> str:
    """What the credential was (active or emerging) when it last moved to `status`."""
    event = _entered(endorsement, status)
    previous = event.from_status if event is not None else ""
    return previous if previous in (E.ACTIVE, E.EMERGING) else E.ACTIVE


def entered_on(endorsement: Endorsement, status: str) -> date | None:
    """The day the credential last moved to `status`."""
    event = _entered(endorsement, status)
    return event.effective_on if event is not None else None


def _window_policy(endorsement: Endorsement):
    """The renewal policy governing the credential's last deadline (its windows apply), or
    the one in force today when none covers that deadline."""
    return renewal_policy_in_effect(
        category=endorsement.category, on=endorsement.valid_through
    ) or renewal_policy_in_effect(category=endorsement.category, on=timezone.localdate())


def reinstate_until(endorsement: Endorsement) -> date | None:
    """The last day a lapsed credential may be reinstated (None: not lapsed)."""
    if endorsement.status != E.LAPSED:
        return None
    since = entered_on(endorsement, E.LAPSED) or endorsement.valid_through
    policy = _window_policy(endorsement)
    return since + timedelta(days=policy.reinstatement_window_days if policy else 0)


def unarchive_until(endorsement: Endorsement) -> date | None:
    """The last day an archived credential may be taken back (None: not archived)."""
    if endorsement.status != E.ARCHIVED:
        return None
    since = entered_on(endorsement, E.ARCHIVED)
    if since is None:
        return None
    policy = _window_policy(endorsement)
    return since + timedelta(days=policy.unarchive_window_days if policy else 0)


@dataclass(frozen=True)
class CategoryBlock:
    """Why a person cannot open a new application for a category (`code`), in words."""

    code: str  # open_application, held, reinstate, unarchive, revoked
    message: str
    until: date | None = None


def category_blocked(*, user, category: EndorsementCategory, today: date | None = None):
    """What stands in the way of a new application for `category`, or None.

    An open application; a credential held (active, emerging or suspended); a lapsed one
    still inside its reinstatement window or an archived one inside its un-archive window
    (reinstate or un-archive instead: after the window a new application is the way back);
    a revoked one (the association decides).
    """
    today = today or timezone.localdate()
    if Application.objects.filter(
        applicant=user, category=category, status__in=sorted(OPEN_STATUSES)
    ).exists():
        return CategoryBlock(
            "open_application",
            _("You already have an application for %(code)s. Continue that one instead.")
            % {"code": category.code},
        )
    for endorsement in Endorsement.objects.filter(holder=user, category=category).select_related(
        "category"
    ):
        if endorsement.status in HELD_STATUSES:
            return CategoryBlock("held", _("You hold %(code)s already.") % {"code": category.code})
        if endorsement.status == E.REVOKED:
            return CategoryBlock(
                "revoked",
                _("Your %(code)s endorsement was revoked: contact the association.")
                % {"code": category.code},
            )
        until = reinstate_until(endorsement)
        if until is not None and today <= until:
            return CategoryBlock(
                "reinstate",
                _("Your %(code)s endorsement lapsed: ask to reinstate it instead.")
                % {"code": category.code},
                until,
            )
        until = unarchive_until(endorsement)
        if until is not None and today <= until:
            return CategoryBlock(
                "unarchive",
                _("You archived %(code)s: take it back from the archive instead.")
                % {"code": category.code},
                until,
            )
    return None


@dataclass(frozen=True)
class CategoryChoice:
    category: EndorsementCategory
    open_application: Application | None  # the open application for it, if any
    blocked: CategoryBlock | None = None  # why a new one cannot be started, if so


def categories_to_apply_for(*, user) -> list[CategoryChoice]:
    """Every active category, each with the person's open application for it and, where a
    credential stands in the way, why (a query for the open applications, one for the
    credentials, and the policy reads of any lapsed or archived credential)."""
    live = {
        a.category_id: a
        for a in Application.objects.filter(applicant=user, status__in=sorted(OPEN_STATUSES))
    }
    held_categories = set(
        Endorsement.objects.filter(holder=user).values_list("category_id", flat=True)
    )
    choices = []
    for category in category_list():
        blocked = None
        if category.pk not in live and category.pk in held_categories:
            blocked = category_blocked(user=user, category=category)
        choices.append(CategoryChoice(category, live.get(category.pk), blocked))
    return choices


# --- References ---------------------------------------------------------------------------------


def reference_list_for_application(*, application: Application) -> list[ReferenceRequest]:
    """The application's references, oldest first, with the endorsement each claim was
    verified against (one query)."""
    return list(
        ReferenceRequest.objects.filter(application=application)
        .select_related("rater_endorsement")
        .order_by("created_at", "pk")
    )


def references_with_delivery(references: list[ReferenceRequest]) -> list[ReferenceRequest]:
    """The references, each with `delivery`: the newest email of its link (or None), read in
    one query for all of them."""
    from messaging.selectors import latest_messages_about

    from .models.references import REFERENCE_EMAIL_KINDS

    latest = latest_messages_about(references, kinds=REFERENCE_EMAIL_KINDS)
    for reference in references:
        reference.delivery = latest.get(reference.pk)
    return references


def undelivered_emails(*, application: Application) -> list[dict]:
    """The emails of this application's raters and of its applicant's RSC providers that did
    not arrive (failed or bounced): the checklist shows them first, as the thing to fix.
    Each: who, the reason in words, where to fix it."""
    from django.urls import reverse

    from reflective_supervision.selectors import undelivered_requests_for_user

    problems = []
    references = references_with_delivery(reference_list_for_application(application=application))
    for reference in references:
        if (
            reference.completed_at is None
            and reference.delivery
            and reference.delivery.is_undelivered
        ):
            problems.append(
                {
                    "who": reference.rater_name,
                    "address": reference.delivery.recipient,
                    "reason": reference.delivery.reason_text,
                    "fix_url": reverse("endorsements:reference_list", args=[application.pk]),
                }
            )
    for request in undelivered_requests_for_user(user=application.applicant):
        problems.append(
            {
                "who": request.provider.name,
                "address": request.delivery.recipient,
                "reason": request.delivery.reason_text,
                "fix_url": reverse("reflective_supervision:log"),
            }
        )
    return problems


def reference_get_for_user(*, user, application_pk: int, pk: int) -> ReferenceRequest:
    """One reference on one of `user`'s applications; 404 otherwise."""
    reference = (
        ReferenceRequest.objects.filter(
            pk=pk, application_id=application_pk, application__applicant=user
        )
        .select_related("application__category", "application__applicant")
        .first()
    )
    if reference is None:
        raise Http404("No such reference.")
    return reference


def rating_items_active() -> list[RatingItem]:
    return list(RatingItem.objects.filter(active=True).order_by("order", "pk"))


@dataclass(frozen=True)
class ReferenceRequirements:
    """How many references the category asks for today (from the requirement set)."""

    required: int
    endorsed_required: int
    threshold: int  # this many "not enough information" answers and a rating does not count


def reference_requirements(*, application: Application) -> ReferenceRequirements:
    requirement_set = requirement_set_in_effect(
        category=application.category, on=timezone.localdate()
    )
    if requirement_set is None:
        return ReferenceRequirements(required=3, endorsed_required=1, threshold=6)
    return ReferenceRequirements(
        required=requirement_set.references_required,
        endorsed_required=requirement_set.references_endorsed_required,
        threshold=requirement_set.reference_not_enough_info_threshold,
    )


def reference_counts(reference: ReferenceRequest, *, threshold: int) -> bool:
    """Whether a completed rating counts (fewer than `threshold` "not enough information")."""
    return reference.is_completed and reference.not_enough_info_count < threshold


def reference_facts(
    application: Application, *, references: list[ReferenceRequest] | None = None
) -> tuple[rules.Reference, ...]:
    """The application's references as engine facts (one query unless `references` given)."""
    if references is None:
        references = reference_list_for_application(application=application)
    return tuple(
        rules.Reference(
            id=r.pk,
            rater_name=r.rater_name,
            relationship=r.relationship,
            # A claim counts only once verified against this registry (or vetted).
            rater_endorsed=r.endorsement_verified,
            rater_vetted=r.vetted,
            completed=r.is_completed,
            not_enough_info_count=r.not_enough_info_count,
        )
        for r in references
    )


def rater_relationships_needed(*, application: Application) -> list[str]:
    """What the category's requirements in effect today ask of the raters, as the labels of
    the relationships (e.g. "The current or most recent supervisor"). One query."""
    requirement_set = (
        RequirementSet.objects.in_effect(timezone.localdate())
        .filter(category_id=application.category_id)
        .only("reference_relationships")
        .order_by("-effective_from")
        .first()
    )
    if requirement_set is None:
        return []
    labels = dict(RaterRelationshipChoice.choices)
    return [str(labels[r]) for r in requirement_set.reference_relationships if r in labels]


# --- Attestation --------------------------------------------------------------------------------


def ethics_attestation_current(*, application: Application) -> EthicsAttestation | None:
    """The applicant's signature of the current version of the Code, for this application."""
    return (
        EthicsAttestation.objects.filter(
            application=application,
            user_id=application.applicant_id,
            version=ethics_document_version(),
        )
        .order_by("-attested_at")
        .first()
    )


# --- The live checklist -------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """Everything the application page shows about the requirements on one date."""

    on: date
    requirement_set: RequirementSet | None
    spec: rules.RequirementSpec | None
    facts: rules.PortfolioFacts
    checklist: rules.Checklist
    rsc: rules.RSCBreakdown | None
    references: list[ReferenceRequest]
    attestation: EthicsAttestation | None

    @property
    def complete(self) -> bool:
        return self.spec is not None and self.checklist.complete


def application_evaluation(*, application: Application, on: date | None = None) -> Evaluation:
    """Evaluate the application live: the person's evidence today against the requirement set
    in effect, with this application's references and signature."""
    on = on or timezone.localdate()
    requirement_set = requirement_set_in_effect(category=application.category, on=on)
    references = reference_list_for_application(application=application)
    attestation = ethics_attestation_current(application=application)
    facts = portfolio_facts(
        user=application.applicant,
        on=on,
        references=reference_facts(application, references=references),
        ethics_signed=attestation is not None,
        fees=fee_facts(application=application),
    )
    if requirement_set is None:
        return Evaluation(on, None, None, facts, rules.Checklist(items=()), None, references, None)
    edition = edition_in_effect(on=on)
    spec = requirement_set.to_spec(domains=domains_for_edition(edition=edition) if edition else [])
    checklist = rules.evaluate_application(facts, spec, on=on)
    breakdown = rules.rsc_breakdown(facts.rsc_sessions, spec, on)
    return Evaluation(
        on, requirement_set, spec, facts, checklist, breakdown, references, attestation
    )


def application_fees_item(*, application: Application) -> rules.ChecklistItem | None:
    """The "fees paid or waived" item as it stands now, for the decision (fees owed before it
    are invoiced on submission and later, so the submitted snapshot cannot know them). Reads
    the application's own requirement set; None when it names no fee for this stage."""
    requirement_set = application.requirement_set
    if requirement_set is None:
        return None
    return rules.fees_item(
        fee_facts(application=application),
        before_submission=frozenset(requirement_set.fees_before_submission or ()),
        before_decision=frozenset(requirement_set.fees_before_decision or ()),
    )


def applications_for_dashboard(*, user) -> list[Application]:
    """The dashboard hook: every application with its category, each with `.next_step`."""
    applications = list(application_list_for_user(user=user))
    for application in applications:
        application.next_step = next_step(application)
    return applications
