"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

A, C, RA = Role.APPLICANT, Role.COORDINATOR, Role.REGISTRY_ADMIN

LINKS = (
    Link(
        _("My membership"),
        "memberships:mine",
        frozenset({A}),
        _("My membership: the association's records of my membership and my claim"),
        order=132,
    ),
    Link(
        _("Memberships"),
        "memberships:claims",
        frozenset({C, RA}),
        _("Memberships: confirm members' claims and import the association's member list"),
        order=134,
    ),
)
