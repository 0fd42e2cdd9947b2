"""The public lookup by endorsement number and last name."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.ratelimit import hit

from .. import forms
from ..services import lookup as lookup_services


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def lookup(request):
    """Anyone may check a number with the holder's last name; GET shows the form (and answers
    a link with both filled in), POST checks."""
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = forms.LookupForm(data)
    if data is not None and not hit(
        scope="verify-lookup", request=request, limit=settings.VERIFY_LOOKUP_RATE_LIMIT
    ):
        return _noindex(render(request, "organisations/lookup_rate_limited.html", status=429))
    outcome = None
    if data is not None and form.is_valid():
        facts = lookup_services.lookup_perform(
            number=form.cleaned_data["number"], last_name=form.cleaned_data["last_name"]
        )
        outcome = {"found": facts is not None, "facts": facts}
    return _noindex(
        render(request, "organisations/lookup.html", {"form": form, "outcome": outcome})
    )
