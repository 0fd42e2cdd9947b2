"""Public verification of a credential: live status, nothing personal beyond the printed name."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.ratelimit import hit

from .. import selectors

VERIFY_LIMIT_PER_MINUTE = 60


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rate_limited(request):
    return not hit(scope="verify", request=request, limit=VERIFY_LIMIT_PER_MINUTE)


@require_GET
def verify(request, code: str):
    if _rate_limited(request):
        return _noindex(render(request, "credentials/verify_rate_limited.html", status=429))
    endorsement = selectors.endorsement_get_by_code(code=code)
    if endorsement is None:
        return _noindex(render(request, "credentials/verify_not_found.html", status=404))
    facts = selectors.verification_facts(endorsement)
    return _noindex(
        render(
            request,
            "credentials/verify.html",
            {"facts": facts, "valid_through": endorsement.valid_through, "code": code},
        )
    )


@require_GET
def verify_json(request, code: str):
    if _rate_limited(request):
        return _noindex(JsonResponse({"error": "rate_limited"}, status=429))
    endorsement = selectors.endorsement_get_by_code(code=code)
    if endorsement is None:
        return _noindex(JsonResponse({"error": "not_found"}, status=404))
    facts = selectors.verification_facts(endorsement)
    facts.pop("status_label")
    return _noindex(JsonResponse(facts))
