"""Who may open an organisation's pages: its own staff, signed in with both factors."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from . import selectors

# The menu's audience of people on an organisation's staff (`core.navigation`): membership
# of an organisation is not a role.
ORGANISATION_STAFF = "organisation-staff"


def menu_audiences(user) -> frozenset[str]:
    """Staff of any organisation (waiting, approved or not) see their organisation's page."""
    return frozenset({ORGANISATION_STAFF}) if selectors.organisation_kind_of(user) else frozenset()


def organisation_staff_required(view):
    """Let in the staff of an approved organisation who passed the second factor.

    Anonymous visitors log in first; someone with no organisation here is offered to
    register one; staff of an organisation still waiting (or declined, suspended) see where
    it stands. Like the association's own staff, organisation staff pass a second factor:
    their pages show other people's credentials. The view gets `request.membership`.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = selectors.membership_for(user=request.user)
        if membership is None:
            return render(request, "organisations/not_a_member.html", status=403)
        if not membership.organisation.is_approved:
            return render(
                request,
                "organisations/not_approved.html",
                {"organisation": membership.organisation},
                status=403,
            )
        if not request.user.is_verified():
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapped
