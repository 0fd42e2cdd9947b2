"""Fees as records: the schedule (data with effective dates), invoices and payments.

Amounts are integer cents of one currency, the association's (`settings.FEES_CURRENCY`):
one deployment serves one association, so a currency column per amount (django-money) would
carry the same value on every row, while integer cents sum exactly in SQL for the reports and
compare exactly in constraints. `core.formatting.money` writes them for people.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competencies.models import FeeKindChoice
from core import formatting
from core.models import TimestampedModel

# One list of kinds, the engine's: requirement sets name them too.
FeeKind = FeeKindChoice


class FeeQuerySet(models.QuerySet):
    def in_effect(self, on):
        return self.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )


class Fee(TimestampedModel):
    """One line of the fee schedule: what `kind` costs from `effective_from` to `effective_to`
    (inclusive), for one category or (no category) for every category without its own row."""

    kind = models.CharField(_("fee"), max_length=32, choices=FeeKind.choices)
    category = models.ForeignKey(
        "competencies.EndorsementCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("Empty: every category that has no row of its own for this fee."),
    )
    amount_cents = models.PositiveIntegerField(
        _("amount in cents"), help_text=_("In cents of the association's currency: 2500 is 25.00.")
    )
    effective_from = models.DateField(_("first day in effect"))
    effective_to = models.DateField(
        _("last day in effect"),
        null=True,
        blank=True,
        help_text=_("Last day in effect (inclusive). Empty: open-ended."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=30,
        help_text=_("An invoice for this fee is due this many days after it is issued."),
    )

    objects = FeeQuerySet.as_manager()

    class Meta:
        ordering = ("kind", "category__code", "-effective_from")
        verbose_name = _("fee")
        verbose_name_plural = _("fee schedule")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeeKind.values), name="fees_fee_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="fees_fee_range_ordered",
            ),
        ]
        indexes = [
            # fee_in_effect(): one kind's rows around a date.
            models.Index(fields=["kind", "effective_from"], name="fees_fee_kind_from_idx"),
        ]

    def __str__(self):
        return gettext("%(kind)s %(category)s: %(amount)s from %(start)s") % {
            "kind": self.get_kind_display(),
            "category": self.category.code if self.category_id else gettext("(all categories)"),
            "amount": formatting.money(self.amount_cents),
            "start": formatting.day(self.effective_from),
        }

    def clean(self):
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": _("The last day in effect must be on or after the first day.")}
            )
        if not self.kind or not self.effective_from:
            return
        clash = Fee.objects.filter(kind=self.kind, category_id=self.category_id).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to is not None:
            clash = clash.filter(effective_from__lte=self.effective_to)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                _(
                    "Another row of the schedule charges this fee for the same category on some "
                    "of these dates. End that row the day before this one starts."
                )
            )


class InvoiceReason(models.TextChoices):
    """The event that made the fees of an invoice fall due."""

    APPLICATION_STARTED = "application_started", _("Application started")
    APPLICATION_SUBMITTED = "application_submitted", _("Application submitted")
    EXAM_APPROVED = "exam_approved", _("Approved to sit the exam")
    EXAM_RETAKE = "exam_retake", _("Exam not passed: retake")
    RENEWAL_SUBMITTED = "renewal_submitted", _("Renewal submitted")
    REINSTATEMENT_REQUESTED = "reinstatement_requested", _("Reinstatement requested")
    MEMBERSHIP_RENEWAL = "membership_renewal", _("Membership renewal")


class Invoice(TimestampedModel):
    """What one person owes for one event, with its lines. The amounts settled (paid net of
    refunds, waived) are kept on the row by the payment services, under its lock, and the
    database refuses more than the total: an invoice is never paid twice."""

    number = models.CharField(_("number"), max_length=32, unique=True, null=True, blank=True)
    person = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("person")
    )
    reason = models.CharField(_("for"), max_length=32, choices=InvoiceReason.choices)
    # Names the event ("application:12:submitted"): the same event never invoices twice.
    event_key = models.CharField(max_length=80, unique=True)
    application = models.ForeignKey(
        "endorsements.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsement = models.ForeignKey(
        "endorsements.Endorsement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.ForeignKey(
        "competencies.EndorsementCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The organisation that pays it (an employer paying for its staff), set by a coordinator:
    # its staff see the invoice, and a group payment can settle its invoices together.
    payer_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by organisation"),
    )
    issued_on = models.DateField(_("date issued"))
    due_on = models.DateField(_("due on"))
    total_cents = models.PositiveIntegerField(_("total in cents"))
    paid_cents = models.IntegerField(_("paid in cents (net of refunds)"), default=0)
    waived_cents = models.IntegerField(_("waived in cents"), default=0)
    pdf_file = models.CharField(max_length=200, blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Cancelled by a coordinator (raised in error, an application withdrawn before paying):
    # nothing is owed on it any more and it counts in no total. Only an invoice with nothing
    # paid on it (net of refunds) is cancelled: money received is refunded first.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("cancelled by"),
    )
    cancel_note = models.TextField(_("why it was cancelled"), blank=True, editable=False)

    class Meta:
        ordering = ("-issued_on", "-pk")
        verbose_name = _("invoice")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=InvoiceReason.values), name="fees_invoice_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(paid_cents__gte=0) & Q(waived_cents__gte=0),
                name="fees_invoice_settled_not_negative",
            ),
            # Never paid (or waived) beyond its total: the last guard against paying twice.
            models.CheckConstraint(
                condition=Q(total_cents__gte=models.F("paid_cents") + models.F("waived_cents")),
                name="fees_invoice_not_overpaid",
            ),
            # A cancelled invoice has nothing paid on it, and says who cancelled it.
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True)
                | (Q(paid_cents=0) & Q(cancelled_by__isnull=False)),
                name="fees_invoice_cancelled_unpaid",
            ),
        ]
        indexes = [
            # invoices_for_person(): a person's invoices, newest first.
            models.Index(fields=["person", "-issued_on"], name="fees_invoice_person_idx"),
            # fee_dues_for_application(): one application's invoices.
            models.Index(fields=["application"], name="fees_invoice_application_idx"),
            # invoices_for_organisation(): what one organisation pays, newest first.
            models.Index(
                fields=["payer_organisation", "-issued_on"], name="fees_invoice_payer_org_idx"
            ),
        ]

    def __str__(self):
        return self.number or gettext("Invoice (no number yet)")

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def outstanding_cents(self) -> int:
        if self.cancelled:
            return 0
        return self.total_cents - self.paid_cents - self.waived_cents

    @property
    def settled(self) -> bool:
        return self.outstanding_cents <= 0

    @property
    def status_code(self) -> str:
        """ "open", "part_paid", "paid", "waived" (settled with a waiver in it) or
        "cancelled"."""
        if self.cancelled:
            return "cancelled"
        if not self.settled:
            return "part_paid" if self.paid_cents or self.waived_cents else "open"
        return "waived" if self.waived_cents else "paid"


class InvoiceLine(models.Model):
    """One fee on an invoice, at the schedule's amount on the day it was invoiced."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    fee = models.ForeignKey(Fee, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=FeeKind.choices)
    amount_cents = models.PositiveIntegerField()

    class Meta:
        ordering = ("invoice", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeeKind.values), name="fees_line_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {formatting.money(self.amount_cents)}"


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")
    WAIVER = "waiver", _("Waiver")


class PaymentMethod(models.TextChoices):
    """How money came in (or went back). Card payments are taken by phone on the association's
    own terminal: the portal keeps no card data, only the terminal's reference."""

    CHEQUE = "cheque", _("Cheque")
    CARD_PHONE = "card_phone", _("Card, by phone")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    PURCHASE_ORDER = "purchase_order", _("Purchase order")
    ONLINE_CARD = "online_card", _("Card, online")


class WaiverReason(models.TextChoices):
    SCHOLARSHIP = "scholarship", _("Scholarship")
    HARDSHIP = "hardship", _("Financial hardship")
    VOLUNTEER = "volunteer", _("Reviewer or volunteer")
    ERROR = "error", _("Invoiced in error")
    OTHER = "other", _("Other (say why in the note)")


class Payment(TimestampedModel):
    """Money received (spread over one or several invoices: an agency paying for its staff),
    money refunded, or a fee waived. Recorded by coordinators or registry admins; a row is never
    changed afterwards (a mistake is put right with a refund)."""

    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices)
    method = models.CharField(
        _("how it was paid"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    received_on = models.DateField(_("received on"))
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_(
            "Cheque number, transfer reference, purchase order number or the card terminal's "
            "authorisation code. Never a card number."
        ),
    )
    payer_agency = models.ForeignKey(
        "applicants.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by agency"),
    )
    payer_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by organisation"),
    )
    payer_name = models.CharField(_("paid by"), max_length=200, blank=True)
    waiver_reason = models.CharField(
        _("reason for the waiver"), max_length=20, choices=WaiverReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    refund_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ("-received_on", "-pk")
        verbose_name = _("payment")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PaymentKind.values), name="fees_payment_kind_valid"
            ),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="fees_payment_positive"),
            # A waiver has a reason and no method; money has a method and no waiver reason.
            models.CheckConstraint(
                condition=(Q(kind="waiver") & ~Q(waiver_reason="") & Q(method=""))
                | (~Q(kind="waiver") & Q(waiver_reason="") & ~Q(method="")),
                name="fees_payment_waiver_or_method",
            ),
            models.CheckConstraint(
                condition=Q(kind="refund") | Q(refund_of__isnull=True),
                name="fees_payment_refund_of_refunds_only",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {formatting.money(self.amount_cents)}"


class Allocation(models.Model):
    """The part of a payment (refund, waiver) that went to one invoice, with that person's
    receipt."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount_cents = models.PositiveIntegerField()
    receipt_file = models.CharField(max_length=200, blank=True, editable=False)
    receipt_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("invoice", "pk")
        constraints = [
            models.UniqueConstraint(fields=["payment", "invoice"], name="fees_allocation_once"),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="fees_allocation_positive"
            ),
        ]
        indexes = [
            # invoice_detail(): one invoice's payments.
            models.Index(fields=["invoice"], name="fees_allocation_invoice_idx"),
        ]

    def __str__(self):
        return f"{self.payment} → {self.invoice}"

    @property
    def person_id(self):
        return self.invoice.person_id
