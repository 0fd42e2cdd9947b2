"""Pages of the fees app. Thin: parse, authorise (selectors), call one service, respond."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from applicants.uploads import download_name
from core.audit import audit_record
from core.models import AuditAction
from core.spreadsheets import row_safe
from organisations.access import organisation_staff_required

from . import forms, reports, selectors
from .providers import card_provider
from .services import (
    PaymentRefused,
    Share,
    documents,
    invoice_cancel,
    invoice_payer_set,
    payment_record,
    refund_record,
    refundable_cents,
    waiver_record,
)

STAFF = (Role.COORDINATOR, Role.REGISTRY_ADMIN)


@require_GET
@login_required
def my_invoices(request):
    invoices = list(selectors.invoices_for_person(user=request.user))
    return render(request, "fees/my_invoices.html", {"invoices": invoices})


@require_GET
@login_required
def invoice_detail(request, pk: int):
    invoice = selectors.invoice_get_for_user(user=request.user, pk=pk)
    allocations = selectors.allocations_for_invoice(invoice=invoice)
    staff = selectors.is_fees_staff(request.user)
    return render(
        request,
        "fees/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": selectors.line_outstanding(invoice),
            "own": invoice.person_id == request.user.pk,
            "staff": staff and invoice.person_id != request.user.pk,
            # A reader from the organisation that pays it (see selectors.may_read_invoice).
            "payer": not staff and invoice.person_id != request.user.pk,
            "allocations": allocations,
        },
    )


def _pdf_response(request, *, name: str, filename: str, about):
    try:
        handle = documents.private_storage().open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing.")) from exc
    if about.person_id != request.user.pk:
        audit_record(action=AuditAction.FILE_DOWNLOADED, request=request, target=about)
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(filename), content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def invoice_pdf(request, pk: int):
    invoice = selectors.invoice_get_for_user(user=request.user, pk=pk)
    if not invoice.pdf_file:
        return render(request, "fees/document_pending.html", {"invoice": invoice}, status=202)
    return _pdf_response(
        request, name=invoice.pdf_file, filename=f"invoice-{invoice.number}.pdf", about=invoice
    )


@require_GET
@login_required
def receipt_pdf(request, pk: int):
    allocation = selectors.allocation_get_for_user(user=request.user, pk=pk)
    if not allocation.receipt_file:
        return render(
            request, "fees/document_pending.html", {"invoice": allocation.invoice}, status=202
        )
    return _pdf_response(
        request,
        name=allocation.receipt_file,
        filename=f"receipt-{allocation.invoice.number}-{allocation.pk}.pdf",
        about=allocation,
    )


def _staff_invoice(request, pk: int):
    invoice = selectors.invoice_get_for_user(user=request.user, pk=pk)
    if not selectors.is_fees_staff(request.user):
        raise Http404
    return invoice


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def payment_new(request, pk: int):
    invoice = _staff_invoice(request, pk)
    form = forms.PaymentForm(
        request.POST or None,
        initial={"seen_outstanding": invoice.outstanding_cents, "amount": ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment_record(
                shares=[Share(invoice.pk, data["amount"], data["seen_outstanding"])],
                method=data["method"],
                received_on=data["received_on"],
                reference=data["reference"],
                payer_name=data["payer_name"],
                note=data["note"],
                actor=request.user,
            )
        except PaymentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The payment is recorded and the receipt is on its way."))
            return redirect("fees:invoice_detail", pk=invoice.pk)
    return render(
        request, "fees/payment_form.html", {"invoice": invoice, "form": form, "what": "payment"}
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def waiver_new(request, pk: int):
    invoice = _staff_invoice(request, pk)
    form = forms.WaiverForm(
        request.POST or None, initial={"seen_outstanding": invoice.outstanding_cents}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            waiver_record(
                invoice=invoice,
                cents=data["amount"],
                seen_outstanding=data["seen_outstanding"],
                reason=data["reason"],
                note=data["note"],
                actor=request.user,
                on=timezone.localdate(),
            )
        except PaymentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The waiver is recorded and the person is told."))
            return redirect("fees:invoice_detail", pk=invoice.pk)
    return render(
        request, "fees/payment_form.html", {"invoice": invoice, "form": form, "what": "waiver"}
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def refund_new(request, pk: int):
    allocation = selectors.allocation_get_for_user(user=request.user, pk=pk)
    invoice = allocation.invoice
    form = forms.RefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refund_record(
                allocation=allocation,
                cents=data["amount"],
                method=data["method"],
                reference=data["reference"],
                note=data["note"],
                actor=request.user,
                on=timezone.localdate(),
            )
        except PaymentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The refund is recorded and the person is told."))
            return redirect("fees:invoice_detail", pk=invoice.pk)
    return render(
        request,
        "fees/payment_form.html",
        {
            "invoice": invoice,
            "form": form,
            "what": "refund",
            "allocation": allocation,
            "refundable": refundable_cents(allocation),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def invoice_cancel_view(request, pk: int):
    invoice = _staff_invoice(request, pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice_cancel(invoice=invoice, actor=request.user, note=form.cleaned_data["note"])
        except PaymentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The invoice is cancelled: nothing is owed on it."))
            return redirect("fees:invoice_detail", pk=invoice.pk)
    return render(request, "fees/invoice_cancel.html", {"invoice": invoice, "form": form})


def _group_initial(request) -> dict:
    """The organisation chosen on its invoices' page ("record its payment")."""
    raw = request.GET.get("organisation", "")
    return {"payer_organisation": int(raw)} if raw.isdigit() else {}


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def invoice_payer(request, pk: int):
    """Name (or clear) the organisation that pays an invoice."""
    invoice = _staff_invoice(request, pk)
    form = forms.InvoicePayerForm(
        request.POST or None, initial={"payer_organisation": invoice.payer_organisation_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invoice_payer_set(
                invoice=invoice,
                organisation=form.cleaned_data["payer_organisation"],
                actor=request.user,
            )
        except PaymentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Who pays the invoice is saved."))
            return redirect("fees:invoice_detail", pk=invoice.pk)
    return render(request, "fees/invoice_payer.html", {"invoice": invoice, "form": form})


@require_GET
@organisation_staff_required
def organisation_invoices(request):
    """The invoices the signed-in person's organisation pays for its staff, and only those."""
    organisation = request.membership.organisation
    invoices = list(selectors.invoices_for_organisation(organisation=organisation))
    return render(
        request,
        "fees/organisation_invoices.html",
        {
            "organisation": organisation,
            "invoices": invoices,
            "totals": selectors.organisation_outstanding(organisation=organisation),
        },
    )


def _seen(text: str) -> dict[int, int]:
    seen = {}
    for part in (text or "").split(","):
        pk, _sep, cents = part.partition(":")
        if pk.isdigit() and cents.isdigit():
            seen[int(pk)] = int(cents)
    return seen


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def group_payment(request):
    """An agency's payment for several people: the form, a preview naming each invoice and
    person with what is left on it, then the payment (one row, one allocation per invoice)."""
    form = forms.GroupPaymentForm(request.POST or None, initial=_group_initial(request))
    rows = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["payer_organisation"]
        if organisation and not data["lines"]:
            # Every invoice the organisation still owes, each paid in full.
            found = {
                i.number: i
                for i in selectors.invoices_outstanding_for_organisation(organisation=organisation)
            }
            lines = [(number, None) for number in found]
            if not lines:
                form.add_error(
                    "lines",
                    _("%(organisation)s owes nothing: no invoice it pays is left to pay.")
                    % {"organisation": organisation.name},
                )
        else:
            lines = data["lines"]
            found = selectors.invoices_by_number([number for number, _cents in lines])
        missing = [n for n, _c in lines if n.upper() not in found]
        if missing:
            form.add_error(
                "lines",
                _("No invoice has the number %(numbers)s.") % {"numbers": ", ".join(missing)},
            )
        elif lines:
            for number, cents in lines:
                invoice = found[number.upper()]
                rows.append((invoice, cents if cents is not None else invoice.outstanding_cents))
            seen = _seen(request.POST.get("seen", ""))
            if "confirm" in request.POST and seen:
                try:
                    payment_record(
                        shares=[Share(i.pk, cents, seen.get(i.pk, -1)) for i, cents in rows],
                        method=data["method"],
                        received_on=data["received_on"],
                        reference=data["reference"],
                        payer_agency=data["payer_agency"],
                        payer_organisation=organisation,
                        payer_name=data["payer_name"],
                        note=data["note"],
                        actor=request.user,
                        group=True,
                    )
                except PaymentRefused as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(
                        request,
                        _("The group payment is recorded; each person gets their receipt."),
                    )
                    return redirect("fees:staff_invoices")
    return render(
        request,
        "fees/group_payment.html",
        {
            "form": form,
            "rows": rows,
            "total": sum(cents for _i, cents in rows),
            "seen": ",".join(f"{i.pk}:{i.outstanding_cents}" for i, _c in rows),
            "preview": bool(rows) and not form.non_field_errors(),
        },
    )


@csrf_exempt
@require_POST
def card_webhook(request):
    """Where an online card provider's webhook posts (see fees.providers). Answers 404 while no
    provider is configured, and 501 while the configured provider does not handle webhooks."""
    provider = card_provider()
    if provider is None:
        raise Http404
    try:
        return provider.handle_webhook(request)
    except NotImplementedError:
        return HttpResponse(status=501)


def _report_year(request) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year


@require_GET
@role_required(*STAFF)
def fee_report(request):
    year = _report_year(request)
    return render(
        request,
        "fees/report.html",
        {
            "report": reports.fee_report(year=year),
            "year": year,
            "years": list(range(timezone.localdate().year, 2019, -1)),
            "outstanding": selectors.outstanding_totals(),
        },
    )


REPORT_HEADER = [
    gettext_lazy("Month"),
    gettext_lazy("Fee"),
    gettext_lazy("Category"),
    gettext_lazy("Invoiced"),
    gettext_lazy("Paid"),
    gettext_lazy("Waived"),
    gettext_lazy("Outstanding"),
]


def _report_rows(report, *, as_money):
    for row in report.rows:
        yield [
            row.month.strftime("%Y-%m"),  # a machine-readable month for spreadsheets
            str(row.kind_label),
            row.category,
            *(as_money(v) for v in (row.invoiced, row.paid, row.waived, row.outstanding)),
        ]


@require_GET
@role_required(*STAFF)
def fee_report_csv(request):
    import csv

    year = _report_year(request)
    report = reports.fee_report(year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fees-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(h) for h in REPORT_HEADER])
    for row in _report_rows(report, as_money=lambda cents: f"{cents / 100:.2f}"):
        writer.writerow(row_safe(row))
    return response


@require_GET
@role_required(*STAFF)
def fee_report_xlsx(request):
    from io import BytesIO

    from openpyxl import Workbook

    year = _report_year(request)
    report = reports.fee_report(year=year)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(year))
    sheet.append([str(h) for h in REPORT_HEADER])
    for row in _report_rows(report, as_money=lambda cents: cents / 100):
        sheet.append(row_safe(row))
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="fees-{year}.xlsx"'
    return response


@require_GET
@role_required(*STAFF)
def staff_invoices(request):
    form = forms.InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.invoices_for_staff(**filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "fees/staff_invoices.html",
        {"form": form, "page": page, "totals": selectors.outstanding_totals()},
    )
