"""The demo's fee schedule and invoices (called from `demo.seed.seed_demo`).

Idempotent: the schedule is created once, and each invoice names its event, so running
seed_demo again changes nothing. No emails are sent.
"""

from datetime import date

from django.db import transaction
from django.db.models import F

from accounts.models import User
from endorsements.models import Application
from fees.models import Allocation, Fee, FeeKind, Invoice, InvoiceReason, Payment
from fees.services.invoices import invoice_raise

# The published examples (see /requirements and the domain notes): registration $15-25
# [ct-aimh.org], processing $25-400 by category [ct-aimh.org, itmhca.org], renewal about $30
# and late fee about $25 [mi-aimh.org], membership about $60 a year [itmhca.org]. The figures
# between those published (exam, reinstatement, student and organisational dues, the spread
# of processing over categories) are the demo's own: an association enters its schedule.
GENERAL = {
    FeeKind.REGISTRATION: 2000,
    FeeKind.PROCESSING: 5000,
    FeeKind.EXAM: 10000,
    FeeKind.EXAM_RETAKE: 7500,
    FeeKind.RENEWAL: 3000,
    FeeKind.LATE_RENEWAL: 2500,
    FeeKind.REINSTATEMENT: 5000,
    FeeKind.MEMBERSHIP_INDIVIDUAL: 6000,
    FeeKind.MEMBERSHIP_STUDENT: 3000,
    FeeKind.MEMBERSHIP_ORGANISATIONAL: 25000,
}
PROCESSING_BY_CATEGORY = {"IFA": 2500, "ECFA": 2500, "IMHS": 20000, "ECMHS": 20000}
SINCE = date(2024, 1, 1)


def demo_fee_schedule() -> None:
    if Fee.objects.exists():
        return
    from competencies.models import EndorsementCategory

    Fee.objects.bulk_create(
        Fee(kind=kind, amount_cents=cents, effective_from=SINCE) for kind, cents in GENERAL.items()
    )
    categories = EndorsementCategory.objects.filter(code__in=PROCESSING_BY_CATEGORY)
    Fee.objects.bulk_create(
        Fee(
            kind=FeeKind.PROCESSING,
            category=c,
            amount_cents=PROCESSING_BY_CATEGORY[c.code],
            effective_from=SINCE,
        )
        for c in categories
    )


def _invoice(application: Application, reason: str, kinds: list[str], on: date):
    return invoice_raise(
        person=application.applicant,
        reason=reason,
        event_key=f"application:{application.pk}:{reason}",
        kinds=kinds,
        category=application.category,
        application=application,
        on=on,
        notify=False,
    )


def _settle(invoice: Invoice, *, recorder: User, **payment) -> None:
    """A payment (or waiver) written as if a coordinator had recorded it, without emails."""
    if invoice is None or invoice.allocations.exists():
        return
    cents = invoice.outstanding_cents
    row = Payment.objects.create(amount_cents=cents, recorded_by=recorder, **payment)
    Allocation.objects.create(payment=row, invoice=invoice, amount_cents=cents)
    column = "waived_cents" if row.kind == "waiver" else "paid_cents"
    Invoice.objects.filter(pk=invoice.pk).update(**{column: F(column) + cents})


@transaction.atomic
def demo_invoices() -> None:
    """Registration for every demo application, processing for the submitted ones; the
    waiting applicant's registration paid by their agency's cheque, the overdue one's waived
    (a scholarship). applicant@ still owes registration: the coordinator can record it."""
    demo_fee_schedule()
    emails = ["applicant@example.org", "applicant2@example.org", "applicant3@example.org"]
    applications = Application.objects.filter(applicant__email__in=emails).select_related(
        "applicant", "category"
    )
    for application in applications.order_by("pk"):
        started = application.created_at.date()
        _invoice(application, InvoiceReason.APPLICATION_STARTED, [FeeKind.REGISTRATION], started)
        if application.submitted_at:
            _invoice(
                application,
                InvoiceReason.APPLICATION_SUBMITTED,
                [FeeKind.PROCESSING],
                application.submitted_at.date(),
            )
    recorder = User.objects.filter(email="coordinator@example.org").first()
    if recorder is None:
        return
    for application in applications:
        registration = Invoice.objects.filter(
            application=application, reason=InvoiceReason.APPLICATION_STARTED
        ).first()
        if application.applicant.email == "applicant2@example.org":
            profile = getattr(application.applicant, "applicant_profile", None)
            _settle(
                registration,
                recorder=recorder,
                kind="payment",
                method="cheque",
                received_on=application.created_at.date(),
                reference="Cheque 1041",
                payer_agency=getattr(profile, "agency", None),
                payer_name="" if getattr(profile, "agency", None) else "Employer",
            )
        elif application.applicant.email == "applicant3@example.org":
            _settle(
                registration,
                recorder=recorder,
                kind="waiver",
                waiver_reason="scholarship",
                received_on=application.created_at.date(),
                note="Board scholarship",
            )
