"""The public catalog and a training's page; an attendee's own attendances and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applicants.uploads import download_name

from .. import forms, selectors
from ..services import attendance as attendance_services
from ..services import certificates

PER_PAGE = 25


@require_GET
def catalog(request):
    form = forms.CatalogFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = Paginator(
        selectors.catalog(filters=filters, today=timezone.localdate()), PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "trainings/catalog.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@require_GET
def training_detail(request, pk: int):
    training = selectors.catalog_training_get_public(pk=pk)
    attendance = None
    if request.user.is_authenticated:
        attendance = training.attendances.filter(person=request.user).first()
    return render(
        request,
        "trainings/training_detail.html",
        {"training": training, "attendance": attendance, "today": timezone.localdate()},
    )


@login_required
@require_POST
def training_attended(request, pk: int):
    """Add an approved catalog training to one's own log in one step (self-reported)."""
    training = selectors.catalog_training_get_public(pk=pk)
    attendance_services.attendance_self_report(training=training, user=request.user)
    messages.success(
        request,
        _(
            "The training is in your training log. It becomes verified when the provider's "
            "attendance roster lists you."
        ),
    )
    return redirect("applicants:training_list")


@login_required
@require_GET
def my_trainings(request):
    return render(
        request,
        "trainings/my_trainings.html",
        {"attendances": list(selectors.attendances_of_person(user=request.user))},
    )


@login_required
@require_GET
def certificate_download(request, pk: int):
    attendance = selectors.attendance_get_for_person(user=request.user, pk=pk)
    if not attendance.verified:
        raise Http404("No certificate for a self-reported training.")
    if not attendance.certificate_file:
        return render(request, "trainings/certificate_pending.html", {"attendance": attendance})
    try:
        handle = certificates.private_storage().open(attendance.certificate_file, "rb")
    except FileNotFoundError as exc:
        raise Http404("The certificate file is missing.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(f"{attendance.training.title[:80]} attendance.pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def claim(request, token: str):
    """An invited attendee, signed in, claims the training the provider's roster listed."""
    invitation = attendance_services.invitation_from_token(token)
    if invitation is None:
        return render(request, "trainings/claim_invalid.html", status=404)
    if request.method == "POST":
        attendance_services.invitation_claim(invitation=invitation, user=request.user)
        messages.success(request, _("The training is in your portfolio, verified."))
        return redirect("applicants:training_list")
    return render(request, "trainings/claim.html", {"invitation": invitation})
