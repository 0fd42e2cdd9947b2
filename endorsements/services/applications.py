"""The applicant's side of an application: open, sign the Code of Ethics, submit, withdraw.

Status changes go through `transitions.application_transition`, the only writer of `.status`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.services import stored_files_retain
from competencies.models import EndorsementCategory
from competencies.selectors import requirement_set_in_effect
from core.addresses import person_name_key
from core.mail import send_templated_email
from core.transitions import announce
from endorsements.models import (
    Application,
    ApplicationStatus,
    EthicsAttestation,
    ethics_document_version,
)
from endorsements.selectors import application_evaluation, category_blocked

from .snapshot import application_snapshot_build, snapshot_file_ids
from .transitions import application_transition

S = ApplicationStatus


class ApplicationNotAllowed(Exception):
    """The applicant's request cannot be done; the message says why in plain words."""


class ApplicationIncomplete(Exception):
    """Submit refused: some checklist items are not met (`missing`: the ChecklistItems)."""

    def __init__(self, missing):
        self.missing = tuple(missing)
        super().__init__(", ".join(str(item.label) for item in self.missing))


@transaction.atomic
def application_open(*, applicant, category: EndorsementCategory) -> Application:
    """Start a draft application for `category`. One live application per category.

    Side effects: one Application row (draft). Raises ApplicationNotAllowed when the category
    is inactive, has no requirements in effect, the person already has an open application,
    or their credential in the category still stands in the way (`category_blocked`: held, or
    lapsed or archived within the window to reinstate or un-archive it, or revoked).
    """
    blocked = category_blocked(user=applicant, category=category)
    if blocked is not None:
        raise ApplicationNotAllowed(blocked.message)
    if not category.active:
        raise ApplicationNotAllowed(
            _("%(code)s is not open for applications.") % {"code": category.code}
        )
    if requirement_set_in_effect(category=category, on=timezone.localdate()) is None:
        raise ApplicationNotAllowed(
            _("%(code)s has no requirements in effect today, so it cannot be applied for.")
            % {"code": category.code}
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(applicant=applicant, category=category)
    except IntegrityError as exc:
        raise ApplicationNotAllowed(
            _("You already have an application for %(code)s. Continue that one instead.")
            % {"code": category.code}
        ) from exc
    announce(application, from_status="", to_status=application.status)
    return application


@transaction.atomic
def ethics_attest(
    *, application: Application, user, typed_name: str, ip: str | None = None
) -> EthicsAttestation:
    """Record the applicant's signature of the current Code of Ethics for this application.

    The typed name must be the applicant's current legal name (their account name, whatever
    the capitals and spacing); signing the same version again keeps the first signature.
    Side effects: one EthicsAttestation row (or none if already signed). Raises
    ApplicationNotAllowed when the application cannot be changed or the name does not match.
    """
    if not application.is_editable_by_applicant:
        raise ApplicationNotAllowed(_("This application can no longer be changed."))
    legal_name = application.applicant.full_name
    if user.pk != application.applicant_id or person_name_key(typed_name) != person_name_key(
        legal_name
    ):
        raise ApplicationNotAllowed(
            _(
                "Type your legal name exactly as on your account (%(name)s). If it has "
                "changed, correct it first."
            )
            % {"name": legal_name}
        )
    attestation, _created = EthicsAttestation.objects.get_or_create(
        application=application,
        version=ethics_document_version(),
        defaults={
            "user": user,
            "typed_name": typed_name.strip(),
            "attested_at": timezone.now(),
            "ip": ip or None,
        },
    )
    return attestation


def emerging_submission_open(*, evaluation) -> bool:
    """Whether the application may be submitted under the category's emerging rules: the
    category allows it, something is unmet, and every unmet item is one the requirement set
    lists as "may still be in progress"."""
    if evaluation.requirement_set is None or evaluation.complete:
        return False
    allowed = evaluation.requirement_set.emerging_item_keys
    missing = evaluation.checklist.missing
    return bool(allowed) and bool(missing) and all(item.key in allowed for item in missing)


@transaction.atomic
def application_submit(*, application: Application, actor, emerging: bool = False) -> Application:
    """Submit the application when every checklist item is met, freezing the portfolio.

    With `emerging`, the application is submitted under the category's emerging rules: only
    the items the requirement set lists as "may still be in progress" may be unmet (for
    endorsement as emerging). The checklist is evaluated again here (never trust the page).
    Side effects, in order: the snapshot built; its files marked retained; on resubmission
    after a deferral, the old snapshot copied to `previous_snapshot`; status -> submitted
    with snapshot, requirement set and the emerging flag, and a history row (transition
    service); the confirmation email queued in the outbox; after commit, a resubmission goes
    back to its reviewers. Raises ApplicationIncomplete (with the missing items) or
    ApplicationNotAllowed.
    """
    if application.status not in (S.DRAFT, S.DEFERRED):
        raise ApplicationNotAllowed(_("This application has already been submitted."))
    evaluation = application_evaluation(application=application)
    if evaluation.spec is None:
        raise ApplicationNotAllowed(
            _("There are no requirements in effect for this category today.")
        )
    under_emerging = emerging and emerging_submission_open(evaluation=evaluation)
    if not evaluation.complete and not under_emerging:
        if emerging and evaluation.requirement_set is not None:
            allowed = evaluation.requirement_set.emerging_item_keys
            raise ApplicationIncomplete(
                [item for item in evaluation.checklist.missing if item.key not in allowed]
                or evaluation.checklist.missing
            )
        raise ApplicationIncomplete(evaluation.checklist.missing)
    snapshot = application_snapshot_build(application, evaluation=evaluation)
    stored_files_retain(ids=snapshot_file_ids(snapshot))
    fields = {
        "snapshot": snapshot,
        "requirement_set": evaluation.requirement_set,
        "emerging_requested": under_emerging,
    }
    resubmission = application.status == S.DEFERRED
    if resubmission:
        fields["previous_snapshot"] = application.snapshot
    code = "resubmitted" if resubmission else "submitted"
    submitted = application_transition(
        application=application,
        to=S.SUBMITTED,
        actor=actor,
        code="submitted_emerging" if under_emerging else code,
        fields=fields,
    )
    application_submitted_email_send(application_id=submitted.pk)
    return submitted


def application_submitted_email_send(*, application_id: int) -> int:
    """Confirm a submission to the applicant. Side effects: one outbox message (one per
    submission: the key names the submission's time)."""
    application = (
        Application.objects.select_related("applicant", "category")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return 0
    return send_templated_email(
        "application_submitted",
        to=application.applicant.email,
        context={
            "application": application,
            "applicant": application.applicant,
            "category": application.category,
            "link": settings.SITE_URL
            + reverse("endorsements:application_detail", args=[application.pk]),
        },
        idempotency_key=f"application-submitted:{application.pk}:{application.submitted_at.isoformat()}",
        kind="application_submitted",
        about=application,
    )


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str = "") -> Application:
    """Withdraw the application before a decision.

    Side effects, in order: status -> withdrawn and a history row with the reason (transition
    service). Raises ApplicationNotAllowed when it has been decided or withdrawn already.
    """
    if not application.is_open:
        raise ApplicationNotAllowed(_("This application has been decided or withdrawn already."))
    return application_transition(
        application=application,
        to=S.WITHDRAWN,
        actor=actor,
        code="withdrawn",
        note=reason.strip(),
    )
