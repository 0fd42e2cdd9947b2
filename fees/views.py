"""Pages of the fees app. Thin: parse, authorise (selectors), call one service, respond."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from applicants.uploads import download_name
from core.audit import audit_record
from core.models import AuditAction

from . import forms, selectors
from .services import documents


@require_GET
@login_required
def my_invoices(request):
    invoices = list(selectors.invoices_for_person(user=request.user))
    return render(request, "fees/my_invoices.html", {"invoices": invoices})


@require_GET
@login_required
def invoice_detail(request, pk: int):
    invoice = selectors.invoice_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "fees/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": selectors.line_outstanding(invoice),
            "own": invoice.person_id == request.user.pk,
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
@role_required(Role.COORDINATOR, Role.REGISTRY_ADMIN)
def staff_invoices(request):
    form = forms.InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.invoices_for_staff(**filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "fees/staff_invoices.html",
        {"form": form, "page": page, "totals": selectors.outstanding_totals()},
    )
