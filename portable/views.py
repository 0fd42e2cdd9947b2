"""Portable credentials (public, machine-readable) and reciprocity (coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from applicants.uploads import file_response
from core.audit import audit_record
from core.models import AuditAction
from core.ratelimit import hit

from . import keys, reciprocity, selectors, services
from .forms import CredentialRecordForm, EvidenceRecordForm

# Shared with the verification page's limit: a credential is as public as that page.
CREDENTIAL_LIMIT_PER_MINUTE = 60


def _machine(response, *, cache: str = "no-cache"):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Built from the live status on every request: a cache may keep it only if it asks again.
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"  # verifiers run in other sites' pages
    return response


def _not_configured():
    return _machine(
        HttpResponse(
            _("Portable credentials are not set up on this registry yet."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    )


@require_GET
def credential(request, code: str):
    """The endorsement's OpenBadgeCredential as a VC-JWT (OB 3.0 §5.3: the compact JWS as
    text/plain). `?download=1` saves it as a .jwt file (OB 3.0 §5.2)."""
    if not hit(scope="verify", request=request, limit=CREDENTIAL_LIMIT_PER_MINUTE):
        return _machine(HttpResponse(status=429, content_type="text/plain"))
    endorsement = selectors.endorsement_for_credential(code=code)
    if endorsement is None:
        return _machine(
            HttpResponse(
                _("No credential has this code."),
                status=404,
                content_type="text/plain; charset=utf-8",
            )
        )
    try:
        token = services.credential_issue(endorsement=endorsement)
    except keys.KeysNotConfigured:
        return _not_configured()
    response = HttpResponse(token, content_type=services.MEDIA_TYPE_JWT)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{endorsement.number}.jwt"'
    return _machine(response)


@require_GET
def status_list(request, purpose: str, number: int):
    """A BitstringStatusListCredential, signed, built from the statuses as they are now."""
    if purpose not in services.PURPOSES or not services.status_list_exists(list_number=number):
        raise Http404
    try:
        token = services.status_list_issue(purpose=purpose, list_number=number)
    except keys.KeysNotConfigured:
        return _not_configured()
    return _machine(HttpResponse(token, content_type="application/vc+jwt"))


@require_GET
def jwks(request):
    """The issuer's public keys, the current one and the older ones still verifying."""
    return _machine(JsonResponse(keys.keyring().public_set()), cache="public, max-age=300")


@require_GET
def key(request, thumbprint: str):
    """One public key: what a credential's `kid` dereferences to (OB 3.0 §8.2.3, §8.5)."""
    found = keys.keyring().find(thumbprint)
    if found is None:
        raise Http404
    return _machine(JsonResponse(keys.public_jwk(found)), cache="public, max-age=300")


@require_GET
def issuer(request):
    """The association's issuer Profile, which credentials name as their issuer."""
    return _machine(JsonResponse(services.issuer_profile()), cache="public, max-age=300")


# --- Reciprocity (coordinators) --------------------------------------------------------------


@role_required(Role.COORDINATOR)
@require_GET
def reciprocal_list(request):
    records = selectors.reciprocal_list()[:200]
    return render(request, "portable/reciprocal_list.html", {"records": records})


@role_required(Role.COORDINATOR)
@require_GET
def reciprocal_detail(request, pk: int):
    record = selectors.reciprocal_get(pk=pk)
    return render(request, "portable/reciprocal_detail.html", {"record": record})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def reciprocal_record_evidence(request):
    form = EvidenceRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = reciprocity.reciprocal_record_with_evidence(
            holder=data["holder"],
            issuing_association=data["issuing_association"],
            number=data["number"],
            category=data["category"],
            valid_through=data["valid_through"],
            evidence=data["evidence"],
            note=data["note"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("The endorsement from another association is recorded."))
        return redirect("portable:reciprocal_detail", pk=record.pk)
    return render(request, "portable/reciprocal_record.html", {"form": form, "kind": "evidence"})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def reciprocal_record_credential(request):
    form = CredentialRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = reciprocity.reciprocal_record_from_credential(
            holder=data["holder"],
            verified=data["credential"],
            number=data["number"],
            note=data["note"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("The credential verified and the endorsement is recorded."))
        return redirect("portable:reciprocal_detail", pk=record.pk)
    return render(request, "portable/reciprocal_record.html", {"form": form, "kind": "credential"})


@login_required
@require_GET
def reciprocal_evidence(request, pk: int):
    record = selectors.reciprocal_evidence_get(user=request.user, pk=pk)
    if record.holder_id != request.user.pk:
        audit_record(
            action=AuditAction.FILE_DOWNLOADED, request=request, target=record.evidence_file
        )
    return file_response(record.evidence_file)
