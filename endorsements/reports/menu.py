"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import EVERYONE, Link

C, RA = Role.COORDINATOR, Role.REGISTRY_ADMIN

LINKS = (
    Link(_("Registry"), "reports:registry", EVERYONE, order=20),
    Link(_("Find an RSC provider"), "reports:rsc_providers", EVERYONE, order=40),
    Link(
        _("Reports"),
        "reports:dashboard",
        frozenset({C, RA}),
        _("Reports: endorsed staff by region, program coverage, workforce diversity"),
        order=150,
    ),
)
