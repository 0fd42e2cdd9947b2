"""Payments, refunds and waivers, recorded by coordinators and registry admins.

An invoice is never paid twice: every service locks the invoices it touches (in id order, so
two recorders never deadlock), compares what is left to pay with what the recorder saw on the
page, and refuses when it changed meanwhile (the second of two people recording the same cheque
is told who recorded it and when); the database refuses any total settled beyond an invoice's
total (`fees_invoice_not_overpaid`) as the last guard. Each allocation gets the person's receipt:
its email is queued in the outbox in the same transaction, its PDF rendered by the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import formatting
from core.audit import audit_record
from core.broker import enqueue
from core.mail import send_templated_email
from core.models import AuditAction

from ..cards import looks_like_card_number
from ..models import Allocation, Invoice, Payment, PaymentKind
from ..selectors import is_fees_staff


class PaymentRefused(Exception):
    """The payment cannot be recorded as asked; the message says why, for the recorder."""


class PaymentConflict(PaymentRefused):
    """Someone else settled part of the invoice since the recorder loaded the page."""


@dataclass(frozen=True)
class Share:
    """The part of a payment for one invoice, with what the recorder saw left to pay on it."""

    invoice_id: int
    cents: int
    seen_outstanding: int


def _refuse_unless_staff(actor) -> None:
    if actor is None or not is_fees_staff(actor):
        raise PaymentRefused(_("Only coordinators and registry admins record payments."))


def _locked(ids) -> dict[int, Invoice]:
    rows = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {invoice.pk: invoice for invoice in rows}


def _conflict(invoice: Invoice) -> PaymentConflict:
    last = (
        Allocation.objects.filter(invoice=invoice)
        .select_related("payment__recorded_by")
        .order_by("-pk")
        .first()
    )
    if last is None:
        return PaymentConflict(
            _(
                "Invoice %(number)s changed while you were typing. Nothing was recorded: "
                "check it and try again."
            )
            % {"number": invoice.number}
        )
    return PaymentConflict(
        _(
            "While you were typing, %(name)s recorded %(kind)s of %(amount)s on invoice "
            "%(number)s at %(when)s. It now has %(left)s left to pay. Nothing was recorded: "
            "check that this is not the same payment, then try again."
        )
        % {
            "name": last.payment.recorded_by.full_name,
            "kind": last.payment.get_kind_display().lower(),
            "amount": formatting.money(last.amount_cents),
            "number": invoice.number,
            "when": formatting.moment(last.payment.created_at),
            "left": formatting.money(invoice.outstanding_cents),
        }
    )


def _check_shares(shares: list[Share], invoices: dict[int, Invoice], actor) -> None:
    if not shares:
        raise PaymentRefused(_("Choose at least one invoice."))
    for share in shares:
        invoice = invoices.get(share.invoice_id)
        if invoice is None:
            raise PaymentRefused(_("One of the invoices no longer exists."))
        if invoice.cancelled:
            raise PaymentRefused(
                _("Invoice %(number)s is cancelled: nothing is owed on it.")
                % {"number": invoice.number}
            )
        if invoice.person_id == actor.pk:
            # Nobody settles their own case: another coordinator records it.
            raise PaymentRefused(
                _("Invoice %(number)s is your own: ask another coordinator to record it.")
                % {"number": invoice.number}
            )
        if invoice.outstanding_cents != share.seen_outstanding:
            raise _conflict(invoice)
        if share.cents <= 0:
            raise PaymentRefused(_("Enter an amount for each invoice, more than zero."))
        if share.cents > invoice.outstanding_cents:
            raise PaymentRefused(
                _("%(amount)s is more than the %(left)s left to pay on invoice %(number)s.")
                % {
                    "amount": formatting.money(share.cents),
                    "left": formatting.money(invoice.outstanding_cents),
                    "number": invoice.number,
                }
            )


def _receipts(payment: Payment, allocations: list[Allocation]) -> None:
    """Each person's receipt: the email in the outbox now, the PDF on the worker after commit."""
    from ..tasks import receipt_pdf_render

    for allocation in allocations:
        invoice = allocation.invoice
        send_templated_email(
            "fees_receipt",
            to=invoice.person.email,
            context={
                "person": invoice.person,
                "invoice": invoice,
                "payment": payment,
                "allocation": allocation,
                "left_cents": invoice.outstanding_cents,
                "link": settings.SITE_URL + reverse("fees:invoice_detail", args=[invoice.pk]),
            },
            idempotency_key=f"receipt:{allocation.pk}",
            kind=f"fees_receipt_{payment.kind}",
            about=invoice,
        )
        transaction.on_commit(
            lambda pk=allocation.pk: enqueue(receipt_pdf_render, allocation_id=pk), robust=True
        )


def _audit(action: str, payment: Payment, invoices: list[Invoice], **details) -> None:
    """One audit row per payment, refund or waiver (codes and figures; the page names them).
    An entry about one invoice belongs to that person's case (and application, if any), so
    the coordinators handling it read it too; a group payment's names every invoice."""
    one = invoices[0] if len(invoices) == 1 else None
    audit_record(
        action=action,
        actor=payment.recorded_by,
        target=payment,
        details={
            "amount_cents": payment.amount_cents,
            "invoices": [invoice.number for invoice in invoices],
            **{key: value for key, value in details.items() if value not in ("", None)},
        },
        application_id=one.application_id if one else None,
        subject=one.person if one else None,
    )


def _apply(payment: Payment, shares: list[Share], invoices: dict[int, Invoice]) -> list[Allocation]:
    allocations = Allocation.objects.bulk_create(
        Allocation(payment=payment, invoice=invoices[s.invoice_id], amount_cents=s.cents)
        for s in shares
    )
    column = {
        PaymentKind.PAYMENT: ("paid_cents", 1),
        PaymentKind.REFUND: ("paid_cents", -1),
        PaymentKind.WAIVER: ("waived_cents", 1),
    }[payment.kind]
    for share in shares:
        name, sign = column
        Invoice.objects.filter(pk=share.invoice_id).update(**{name: F(name) + sign * share.cents})
        invoice = invoices[share.invoice_id]
        setattr(invoice, name, getattr(invoice, name) + sign * share.cents)
    _receipts(payment, allocations)
    return allocations


@transaction.atomic
def payment_record(
    *,
    shares: list[Share],
    method: str,
    received_on: date,
    actor,
    reference: str = "",
    payer_agency=None,
    payer_name: str = "",
    note: str = "",
    group: bool = False,
    payer_organisation=None,
) -> Payment:
    """Record money received: one cheque (transfer, card by phone, purchase order) for one
    invoice, part of it, or (`group`) an agency's or organisation's payment spread over
    several people's invoices.

    Side effects, in order: the recorder must be fees staff; the invoices locked (id order);
    each share checked against what the recorder saw (PaymentConflict) and what is left
    (PaymentRefused), never the recorder's own invoice nor a cancelled one; a reference that
    looks like a card number refused; the Payment, one Allocation per invoice, each invoice's
    paid amount raised; each person's receipt email queued and its PDF queued for after
    commit; the audit row (a payment, or a group payment).
    """
    _refuse_unless_staff(actor)
    if looks_like_card_number(reference) or looks_like_card_number(note):
        raise PaymentRefused(
            _(
                "That looks like a card number. Never record card numbers: enter the "
                "terminal's authorisation code instead."
            )
        )
    invoices = _locked(s.invoice_id for s in shares)
    _check_shares(shares, invoices, actor)
    if payer_organisation is not None:
        # An organisation pays only the invoices it was named the payer of.
        for share in shares:
            invoice = invoices[share.invoice_id]
            if invoice.payer_organisation_id != payer_organisation.pk:
                raise PaymentRefused(
                    _(
                        "Invoice %(number)s is not paid by %(organisation)s: name the "
                        "organisation as its payer first, or leave it out."
                    )
                    % {"number": invoice.number, "organisation": payer_organisation.name}
                )
    payment = Payment.objects.create(
        kind=PaymentKind.PAYMENT,
        method=method,
        amount_cents=sum(s.cents for s in shares),
        received_on=received_on,
        reference=reference.strip(),
        payer_agency=payer_agency,
        payer_organisation=payer_organisation,
        payer_name=payer_name.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    _apply(payment, shares, invoices)
    _audit(
        AuditAction.GROUP_PAYMENT_RECORDED if group else AuditAction.PAYMENT_RECORDED,
        payment,
        [invoices[s.invoice_id] for s in shares],
        payment_method=method,
        payer=(payer_organisation or payer_agency).name
        if (payer_organisation or payer_agency)
        else payment.payer_name,
    )
    return payment


@transaction.atomic
def waiver_record(
    *,
    invoice: Invoice,
    cents: int,
    seen_outstanding: int,
    reason: str,
    actor,
    note: str = "",
    on: date,
) -> Payment:
    """Waive all or part of what is left on `invoice` (a scholarship, hardship), with a reason.

    Side effects as `payment_record`, the invoice's waived amount raised instead; the audit
    row names the reason."""
    _refuse_unless_staff(actor)
    if not reason:
        raise PaymentRefused(_("Choose the reason for the waiver."))
    shares = [Share(invoice.pk, cents, seen_outstanding)]
    invoices = _locked([invoice.pk])
    _check_shares(shares, invoices, actor)
    payment = Payment.objects.create(
        kind=PaymentKind.WAIVER,
        amount_cents=cents,
        received_on=on,
        waiver_reason=reason,
        note=note.strip(),
        recorded_by=actor,
    )
    _apply(payment, shares, invoices)
    _audit(AuditAction.WAIVER_RECORDED, payment, [invoices[invoice.pk]], waiver_reason=reason)
    return payment


def refundable_cents(allocation: Allocation) -> int:
    """What of a payment's allocation has not been refunded yet."""
    refunded = (
        Allocation.objects.filter(
            invoice_id=allocation.invoice_id, payment__refund_of_id=allocation.payment_id
        ).aggregate(total=Sum("amount_cents"))["total"]
        or 0
    )
    return allocation.amount_cents - refunded


@transaction.atomic
def refund_record(
    *,
    allocation: Allocation,
    cents: int,
    method: str,
    actor,
    on: date,
    reference: str = "",
    note: str = "",
) -> Payment:
    """Give back all or part of a payment's share of one invoice (paid twice by mistake, an
    application withdrawn). The invoice owes that much again.

    Side effects, in order: fees staff only; the invoice locked; refunds never exceed what was
    paid through this payment, net of earlier refunds; the refund Payment and its Allocation;
    the invoice's paid amount lowered; the person's receipt for the refund queued; the audit
    row."""
    _refuse_unless_staff(actor)
    if allocation.payment.kind != PaymentKind.PAYMENT:
        raise PaymentRefused(_("Only a payment can be refunded (a waiver is not money)."))
    if looks_like_card_number(reference) or looks_like_card_number(note):
        raise PaymentRefused(
            _(
                "That looks like a card number. Never record card numbers: enter the "
                "terminal's authorisation code instead."
            )
        )
    invoices = _locked([allocation.invoice_id])
    invoice = invoices[allocation.invoice_id]
    if invoice.person_id == actor.pk:
        raise PaymentRefused(
            _("Invoice %(number)s is your own: ask another coordinator to record it.")
            % {"number": invoice.number}
        )
    left = refundable_cents(allocation)
    if cents <= 0 or cents > left:
        raise PaymentRefused(
            _("A refund can be at most the %(left)s paid and not yet refunded.")
            % {"left": formatting.money(left)}
        )
    payment = Payment.objects.create(
        kind=PaymentKind.REFUND,
        method=method,
        amount_cents=cents,
        received_on=on,
        reference=reference.strip(),
        note=note.strip(),
        refund_of=allocation.payment,
        recorded_by=actor,
    )
    _apply(payment, [Share(invoice.pk, cents, invoice.outstanding_cents)], invoices)
    _audit(AuditAction.REFUND_RECORDED, payment, [invoice], payment_method=method)
    return payment


@transaction.atomic
def invoice_cancel(*, invoice: Invoice, actor, note: str) -> Invoice:
    """Cancel an invoice raised in error (or for an application withdrawn before paying):
    nothing is owed on it any more, and it counts in no total, report or checklist.

    Side effects, in order: fees staff only; the invoice locked; refused when it is the
    recorder's own, cancelled already, or has money paid on it (net of refunds: refund it
    first) or nothing left to pay; the reason required; the invoice marked cancelled by the
    recorder; the audit row. The person is not emailed: the invoice shows as cancelled."""
    _refuse_unless_staff(actor)
    locked = _locked([invoice.pk]).get(invoice.pk)
    if locked is None:
        raise PaymentRefused(_("One of the invoices no longer exists."))
    if locked.person_id == actor.pk:
        raise PaymentRefused(
            _("Invoice %(number)s is your own: ask another coordinator to record it.")
            % {"number": locked.number}
        )
    if locked.cancelled:
        raise PaymentRefused(
            _("Invoice %(number)s is cancelled already.") % {"number": locked.number}
        )
    if locked.paid_cents:
        raise PaymentRefused(
            _(
                "%(amount)s has been paid on invoice %(number)s: refund it first, then cancel "
                "the invoice."
            )
            % {"amount": formatting.money(locked.paid_cents), "number": locked.number}
        )
    if locked.settled:
        raise PaymentRefused(
            _("Nothing is left to pay on invoice %(number)s.") % {"number": locked.number}
        )
    note = note.strip()
    if not note:
        raise PaymentRefused(_("Say why the invoice is cancelled."))
    if looks_like_card_number(note):
        raise PaymentRefused(
            _(
                "That looks like a card number. Never record card numbers: enter the "
                "terminal's authorisation code instead."
            )
        )
    left = locked.outstanding_cents
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.cancel_note = note
    locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_note", "updated_at"])
    audit_record(
        action=AuditAction.INVOICE_CANCELLED,
        actor=actor,
        target=locked,
        details={"number": locked.number, "amount_cents": left},
        application_id=locked.application_id,
        subject=locked.person,
    )
    invoice.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def invoice_payer_set(*, invoice: Invoice, organisation, actor) -> Invoice:
    """Name the organisation that pays `invoice` (an employer paying for its staff), or
    none. Its staff then see the invoice, and a group payment from it can settle it.

    Side effects: fees staff only; the invoice locked; only an approved organisation may be
    named; the invoice saved."""
    _refuse_unless_staff(actor)
    locked = _locked([invoice.pk])[invoice.pk]
    if organisation is not None and not organisation.is_approved:
        raise PaymentRefused(_("Only an approved organisation can pay invoices."))
    locked.payer_organisation = organisation
    locked.save(update_fields=["payer_organisation", "updated_at"])
    invoice.payer_organisation = organisation
    return locked
