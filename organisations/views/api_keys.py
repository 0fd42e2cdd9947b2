"""An organisation's API keys: made (the key shown once), listed, revoked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import forms, selectors
from ..access import organisation_staff_required
from ..services import api as api_services


@organisation_staff_required
@require_http_methods(["GET", "POST"])
def api_keys(request):
    """The keys, and a form for a new one. A new key is shown on the answer to the POST and
    nowhere else: it is not stored, so it cannot be shown again."""
    organisation = request.membership.organisation
    form = forms.ApiKeyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, whole = api_services.api_key_create(
            organisation=organisation, user=request.user, name=form.cleaned_data["name"]
        )
        response = render(
            request, "organisations/api_key_created.html", {"key": key, "whole": whole}
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "organisations/api_keys.html",
        {
            "organisation": organisation,
            "keys": list(selectors.api_keys_for(organisation=organisation)),
            "form": form,
        },
    )


@organisation_staff_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request, pk):
    """Ask first (GET), then revoke (POST)."""
    key = selectors.api_key_get_for_member(organisation=request.membership.organisation, pk=pk)
    if request.method == "POST":
        try:
            api_services.api_key_revoke(key=key, user=request.user)
        except api_services.ApiKeyError:
            messages.info(request, _("This key was already revoked."))
        else:
            messages.success(
                request,
                _("The key “%(name)s” is revoked: calls with it now fail.") % {"name": key.name},
            )
        return redirect("organisations:api_keys")
    return render(request, "organisations/api_key_revoke.html", {"key": key})
