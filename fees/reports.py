"""Money reports: invoiced, paid, waived and outstanding by month, fee kind and category.

Rows are grouped by the month an invoice was issued. What was settled on an invoice (paid, net
of refunds, then waived) is spread over its lines in order, so each line's figures add up to
the invoice's. Two queries for the whole year (invoices, their lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .models import FeeKind, Invoice


@dataclass
class ReportRow:
    month: date
    kind: str
    category: str
    invoiced: int = 0
    paid: int = 0
    waived: int = 0

    @property
    def outstanding(self) -> int:
        return self.invoiced - self.paid - self.waived

    @property
    def kind_label(self) -> str:
        return FeeKind(self.kind).label


@dataclass
class Report:
    year: int
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def totals(self) -> ReportRow:
        total = ReportRow(month=date(self.year, 1, 1), kind="", category="")
        for row in self.rows:
            total.invoiced += row.invoiced
            total.paid += row.paid
            total.waived += row.waived
        return total


def fee_report(*, year: int) -> Report:
    groups: dict[tuple, ReportRow] = {}
    invoices = (
        # A cancelled invoice was never owed: it counts nowhere.
        Invoice.objects.filter(issued_on__year=year, cancelled_at__isnull=True)
        .select_related("category")
        .prefetch_related("lines")
        .order_by("issued_on", "pk")
    )
    for invoice in invoices:
        paid_left, waived_left = max(invoice.paid_cents, 0), invoice.waived_cents
        month = invoice.issued_on.replace(day=1)
        code = invoice.category.code if invoice.category_id else ""
        for line in invoice.lines.all():
            paid = min(paid_left, line.amount_cents)
            paid_left -= paid
            waived = min(waived_left, line.amount_cents - paid)
            waived_left -= waived
            row = groups.setdefault(
                (month, line.kind, code), ReportRow(month=month, kind=line.kind, category=code)
            )
            row.invoiced += line.amount_cents
            row.paid += paid
            row.waived += waived
    order = list(FeeKind.values)
    rows = sorted(groups.values(), key=lambda r: (r.month, order.index(r.kind), r.category))
    return Report(year=year, rows=rows)
