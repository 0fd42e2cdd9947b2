"""Invoices raised when a fee falls due.

The events that make fees due are state changes the workflow announces
(`core.transitions.announce`; the followers are in `fees.followers`): the invoice is written in
the change's own transaction, so it exists exactly when the change does. Its PDF is rendered
on the worker after commit (`fees.services.documents`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.broker import enqueue
from core.mail import send_templated_email

from ..models import FeeKind, Invoice, InvoiceLine, InvoiceReason
from ..selectors import fee_in_effect

R = InvoiceReason


def invoice_number(invoice: Invoice) -> str:
    """The invoice's number: the association's code, the year issued and the row's id
    (unique, never reused; ids lost to a rolled-back transaction leave gaps)."""
    return f"{settings.ASSOCIATION_CODE}-{invoice.issued_on.year}-{invoice.pk:06d}"


def _after_commit_render(invoice: Invoice) -> None:
    from ..tasks import invoice_pdf_render

    transaction.on_commit(lambda: enqueue(invoice_pdf_render, invoice_id=invoice.pk), robust=True)


@transaction.atomic
def invoice_raise(
    *,
    person,
    reason: str,
    event_key: str,
    kinds: list[str],
    category=None,
    application=None,
    endorsement=None,
    on: date | None = None,
    notify: bool = True,
) -> Invoice | None:
    """Invoice `person` for the fees of `kinds` on `on` (default today), for one event.

    Side effects, in order: each kind looked up in the schedule (a kind it does not charge, or
    charges nothing for, makes no line; no line, no invoice: returns None); the Invoice and its
    lines (an event already invoiced, `event_key`, returns that invoice untouched); its number;
    with `notify`, the person's "invoice issued" email queued in the outbox; the PDF queued for
    the worker after commit.
    """
    on = on or timezone.localdate()
    existing = Invoice.objects.filter(event_key=event_key).first()
    if existing is not None:
        return existing
    fees = [fee_in_effect(kind=kind, category=category, on=on) for kind in kinds]
    fees = [fee for fee in fees if fee is not None and fee.amount_cents > 0]
    if not fees:
        return None
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                person=person,
                reason=reason,
                event_key=event_key,
                application=application,
                endorsement=endorsement,
                category=category,
                issued_on=on,
                due_on=on + timedelta(days=min(fee.due_days for fee in fees)),
                total_cents=sum(fee.amount_cents for fee in fees),
            )
    except IntegrityError:  # the same event, invoiced at the same moment by another caller
        return Invoice.objects.get(event_key=event_key)
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, fee=fee, kind=fee.kind, amount_cents=fee.amount_cents)
        for fee in fees
    )
    invoice.number = invoice_number(invoice)
    invoice.save(update_fields=["number", "updated_at"])
    if notify:
        _issued_email(invoice, person=person, kinds=[fee.kind for fee in fees])
    _after_commit_render(invoice)
    return invoice


def _issued_email(invoice: Invoice, *, person, kinds: list[str]) -> None:
    send_templated_email(
        "fees_invoice_issued",
        to=person.email,
        context={
            "invoice": invoice,
            "person": person,
            "kinds": kinds,
            "link": settings.SITE_URL + reverse("fees:invoice_detail", args=[invoice.pk]),
        },
        idempotency_key=f"invoice-issued:{invoice.pk}",
        kind="fees_invoice_issued",
        about=invoice,
    )


# --- What each announced change invoices ------------------------------------------------------


def application_fees(*, application, from_status: str, to_status: str) -> Invoice | None:
    """Starting an application: registration; submitting it (the first time): processing;
    approval to sit the exam: the exam fee."""
    if from_status == "" and to_status == "draft":
        reason, kinds = R.APPLICATION_STARTED, [FeeKind.REGISTRATION]
    elif to_status == "submitted" and from_status == "draft":
        reason, kinds = R.APPLICATION_SUBMITTED, [FeeKind.PROCESSING]
    elif to_status == "exam_pending":
        reason, kinds = R.EXAM_APPROVED, [FeeKind.EXAM]
    else:
        return None
    return invoice_raise(
        person=application.applicant,
        reason=reason,
        event_key=f"application:{application.pk}:{reason}",
        kinds=kinds,
        category=application.category,
        application=application,
    )


def exam_retake_fees(*, sitting, from_status: str, to_status: str) -> Invoice | None:
    """A failed sitting the applicant may retake: the exam retake fee, once per sitting.

    The rule followed (`endorsements.review.services.exams.exam_sitting_settle` and
    `EXAM_TRANSITIONS`): a sitting's outcome goes pending -> passed or pending -> failed, and
    never changes again; a failed sitting gets its retake date (a year on) and its application
    stays approved to sit the exam (`exam_pending`) until a coordinator closes it as not
    endorsed, and only an `exam_pending` application can have another sitting
    (`exam_sitting_record`). So the retake fee falls due when a sitting moves to failed while
    its application is still `exam_pending`; a sitting that passed, or an application closed
    meanwhile, owes none. The event key names the sitting: a replay invoices nothing twice.
    """
    if to_status != "failed" or from_status == "failed":
        return None
    application = sitting.application
    # Read afresh: the application's status now, not as a caller's copy cached it.
    application.refresh_from_db(fields=["status"])
    if application.status != "exam_pending":
        return None
    return invoice_raise(
        person=application.applicant,
        reason=R.EXAM_RETAKE,
        event_key=f"exam-sitting:{sitting.pk}:retake",
        kinds=[FeeKind.EXAM_RETAKE],
        category=application.category,
        application=application,
    )


def renewal_fees(*, submission, from_status: str, to_status: str) -> Invoice | None:
    """Submitting a renewal: the renewal fee, and the late fee when it comes in the grace
    period (after the deadline it is for)."""
    if from_status != "" or to_status != "submitted":
        return None
    endorsement = submission.endorsement
    submitted_on = timezone.localdate(submission.submitted_at)
    kinds = [FeeKind.RENEWAL]
    if submitted_on > submission.cycle_end:
        kinds.append(FeeKind.LATE_RENEWAL)
    return invoice_raise(
        person=endorsement.holder,
        reason=R.RENEWAL_SUBMITTED,
        event_key=f"renewal:{submission.pk}",
        kinds=kinds,
        category=endorsement.category,
        endorsement=endorsement,
        on=submitted_on,
    )


def request_fees(*, request, from_status: str, to_status: str) -> Invoice | None:
    """Asking to reinstate a lapsed endorsement: the reinstatement fee."""
    if from_status != "" or request.kind != "reinstatement":
        return None
    endorsement = request.endorsement
    return invoice_raise(
        person=endorsement.holder,
        reason=R.REINSTATEMENT_REQUESTED,
        event_key=f"reinstatement:{request.pk}",
        kinds=[FeeKind.REINSTATEMENT],
        category=endorsement.category,
        endorsement=endorsement,
    )


def membership_dues(*, membership, from_status: str, to_status: str) -> Invoice | None:
    """A membership's renewal falls due (its first dues reminder, `memberships.reminders`):
    the dues of its type (membership_individual, _student, _organisational) in effect that
    day. Once per period: the event names the record and the end date it renews."""
    if to_status != "renewal_due" or membership.association_id is not None:
        return None
    return invoice_raise(
        person=membership.person,
        reason=R.MEMBERSHIP_RENEWAL,
        event_key=f"membership-dues:{membership.pk}:{membership.ends_on.isoformat()}",
        kinds=[f"membership_{membership.membership_type}"],
    )
