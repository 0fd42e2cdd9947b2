"""Reads of the fee schedule, invoices and payments (access checks are selectors too)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404

from accounts.models import Role
from competencies import rules

from .models import Allocation, Fee, FeeKind, Invoice, InvoiceLine


def fee_in_effect(*, kind: str, category=None, on: date) -> Fee | None:
    """The schedule's row for `kind` on `on` (both ends of a row's range inclusive): the
    category's own row if it has one, else the row for every category; None when the schedule
    charges nothing for it that day. One query."""
    category_id = getattr(category, "pk", category)
    rows = Fee.objects.in_effect(on).filter(kind=kind)
    if category_id is None:
        return rows.filter(category__isnull=True).first()
    return (
        rows.filter(Q(category_id=category_id) | Q(category__isnull=True))
        .annotate(
            general=Case(
                When(category__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("general", "-effective_from")
        .first()
    )


def fee_cents_in_effect(*, kind: str, category=None, on: date) -> int | None:
    """What the schedule charges for `kind` on `on`, in cents, or None (one query): the
    source the renewal and reinstatement pages state fees from (`FeesConfig.ready`)."""
    fee = fee_in_effect(kind=kind, category=category, on=on)
    return fee.amount_cents if fee is not None and fee.amount_cents else None


# --- Invoices ---------------------------------------------------------------------------------


def is_fees_staff(user) -> bool:
    """Coordinators and registry admins keep the books (record payments, waivers, refunds)."""
    return bool(
        user.is_authenticated
        and (user.has_role(Role.COORDINATOR) or user.has_role(Role.REGISTRY_ADMIN))
    )


def invoices_for_person(*, user) -> QuerySet[Invoice]:
    """A person's own invoices, newest first, with their lines and category (two queries)."""
    return (
        Invoice.objects.filter(person=user)
        .select_related("category")
        .prefetch_related("lines")
        .order_by("-issued_on", "-pk")
    )


def paying_organisation_for(user):
    """The organisation whose paid invoices `user` may read: they are on its staff, it is
    approved, and they passed the second factor (as for every organisation page); else None
    (one query)."""
    from organisations.selectors import membership_for

    if not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return None
    membership = membership_for(user=user)
    if membership is None or not membership.organisation.is_approved:
        return None
    return membership.organisation


def may_read_invoice(user, invoice: Invoice) -> bool:
    """Its person, fees staff, or the staff of the organisation that pays it."""
    if invoice.person_id == user.pk or is_fees_staff(user):
        return True
    if invoice.payer_organisation_id is None:
        return False
    organisation = paying_organisation_for(user)
    return organisation is not None and organisation.pk == invoice.payer_organisation_id


def invoice_get_for_user(*, user, pk: int) -> Invoice:
    """The invoice if `user` may see it (`may_read_invoice`); 404 otherwise, so that another
    person's invoice is never known to exist. Two queries (the invoice, its lines), and one
    more for a reader from the paying organisation."""
    invoice = (
        Invoice.objects.select_related("person", "category", "application", "payer_organisation")
        .prefetch_related("lines")
        .filter(pk=pk)
        .first()
    )
    if invoice is None or not may_read_invoice(user, invoice):
        raise Http404
    return invoice


def invoices_for_organisation(*, organisation) -> QuerySet[Invoice]:
    """The invoices `organisation` pays, newest first, with person, category and lines (two
    queries)."""
    return (
        Invoice.objects.filter(payer_organisation=organisation)
        .select_related("person", "category")
        .prefetch_related("lines")
        .order_by("-issued_on", "-pk")
    )


def organisation_outstanding(*, organisation) -> dict:
    """What `organisation` still owes on the invoices it pays: invoices and cents (one
    query)."""
    row = (
        Invoice.objects.filter(payer_organisation=organisation)
        .exclude(SETTLED)
        .aggregate(
            invoices=Count("pk"),
            cents=Sum(F("total_cents") - F("paid_cents") - F("waived_cents")),
        )
    )
    return {"invoices": row["invoices"] or 0, "cents": row["cents"] or 0}


def invoices_outstanding_for_organisation(*, organisation) -> list[Invoice]:
    """The invoices `organisation` pays with something left to pay, oldest first (one
    query): what a group payment from it settles."""
    return list(
        Invoice.objects.filter(payer_organisation=organisation)
        .exclude(SETTLED)
        .select_related("person", "category")
        .order_by("issued_on", "pk")
    )


def line_outstanding(invoice: Invoice) -> list[tuple[InvoiceLine, int]]:
    """Each line with what is left to pay on it: what was settled (paid or waived) pays the
    lines in order."""
    settled = invoice.paid_cents + invoice.waived_cents
    rows = []
    for line in invoice.lines.all():
        if invoice.cancelled:
            rows.append((line, 0))
            continue
        covered = min(settled, line.amount_cents)
        settled -= covered
        rows.append((line, line.amount_cents - covered))
    return rows


def fee_dues_for_application(*, application) -> tuple[rules.FeeDue, ...]:
    """The fee facts of one application for the rules engine: each invoiced fee with what is
    left to pay (two queries). Registered with `endorsements.facts` by `FeesConfig.ready`."""
    dues = []
    invoices = Invoice.objects.filter(application=application, cancelled_at__isnull=True)
    for invoice in invoices.prefetch_related("lines"):
        for line, outstanding in line_outstanding(invoice):
            dues.append(
                rules.FeeDue(
                    kind=line.kind,
                    invoice_number=invoice.number or "",
                    amount_cents=line.amount_cents,
                    outstanding_cents=outstanding,
                    waived=outstanding == 0 and invoice.waived_cents > 0,
                )
            )
    return tuple(dues)


# An invoice nothing more is owed on: paid or waived in full, or cancelled.
SETTLED = Q(total_cents__lte=F("paid_cents") + F("waived_cents")) | Q(cancelled_at__isnull=False)


def invoices_for_staff(*, state: str = "", q: str = "") -> QuerySet[Invoice]:
    """Every invoice for the coordinators' list, newest first, with the person and category
    (one query per page, one for the count)."""
    qs = Invoice.objects.select_related("person", "category").order_by("-issued_on", "-pk")
    settled = SETTLED
    if state == "outstanding":
        qs = qs.exclude(settled)
    elif state == "settled":
        qs = qs.filter(settled)
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(number__iexact=q)
            | Q(person__email__iexact=q)
            | Q(person__family_name__icontains=q)
            | Q(person__given_name__icontains=q)
        )
    return qs


def outstanding_totals() -> dict:
    """What is owed across every invoice not paid in full: invoices and cents (one query)."""
    row = Invoice.objects.exclude(SETTLED).aggregate(
        invoices=Count("pk"),
        cents=Sum(F("total_cents") - F("paid_cents") - F("waived_cents")),
    )
    return {"invoices": row["invoices"] or 0, "cents": row["cents"] or 0}


@dataclass
class OutstandingRow:
    kind: str
    overdue: int = 0  # cents owed on invoices past their due date
    not_due: int = 0  # cents owed on invoices not yet due

    @property
    def total(self) -> int:
        return self.overdue + self.not_due

    @property
    def kind_label(self) -> str:
        return FeeKind(self.kind).label


def outstanding_by_kind(*, today: date) -> dict:
    """What is owed today by fee kind, overdue (due before today) and not yet due: each
    invoice's settled amount (paid net of refunds, then waived) pays its lines in order, as
    on the invoice. Cancelled and settled invoices owe nothing. One query: the lines of the
    invoices still owed, with their invoice's figures. Registered as a reports dashboard
    panel by `FeesConfig.ready`."""
    lines = (
        InvoiceLine.objects.filter(invoice__in=Invoice.objects.exclude(SETTLED))
        .order_by("invoice_id", "pk")
        .values_list(
            "invoice_id",
            "kind",
            "amount_cents",
            "invoice__paid_cents",
            "invoice__waived_cents",
            "invoice__due_on",
        )
    )
    rows: dict[str, OutstandingRow] = {}
    invoices: set[int] = set()
    left_to_cover, current = 0, None
    for invoice_id, kind, amount, paid, waived, due_on in lines:
        if invoice_id != current:
            current, left_to_cover = invoice_id, max(paid, 0) + waived
            invoices.add(invoice_id)
        covered = min(left_to_cover, amount)
        left_to_cover -= covered
        owed = amount - covered
        if not owed:
            continue
        row = rows.setdefault(kind, OutstandingRow(kind=kind))
        if due_on < today:
            row.overdue += owed
        else:
            row.not_due += owed
    order = list(FeeKind.values)
    ordered = sorted(rows.values(), key=lambda r: order.index(r.kind))
    return {
        "rows": ordered,
        "overdue": sum(r.overdue for r in ordered),
        "not_due": sum(r.not_due for r in ordered),
        "total": sum(r.total for r in ordered),
        "invoices": len(invoices),
        "today": today,
    }


# --- Payments -------------------------------------------------------------------------------


def allocations_for_invoice(*, invoice: Invoice) -> list[Allocation]:
    """An invoice's payments, refunds and waivers, oldest first (one query)."""
    return list(
        Allocation.objects.filter(invoice=invoice)
        .select_related(
            "payment__recorded_by", "payment__payer_agency", "payment__payer_organisation"
        )
        .order_by("pk")
    )


def allocation_get_for_user(*, user, pk: int) -> Allocation:
    """A receipt if `user` may see its invoice (`may_read_invoice`); 404 otherwise."""
    allocation = (
        Allocation.objects.select_related("invoice__person", "payment").filter(pk=pk).first()
    )
    if allocation is None or not may_read_invoice(user, allocation.invoice):
        raise Http404
    return allocation


def invoices_by_number(numbers: list[str]) -> dict[str, Invoice]:
    """Invoices by their numbers, any capitalisation (one query)."""
    found = Invoice.objects.filter(number__in=[n.upper() for n in numbers]).select_related(
        "person", "category", "payer_organisation"
    )
    return {invoice.number: invoice for invoice in found}
