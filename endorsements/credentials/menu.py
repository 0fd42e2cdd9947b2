"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

A, R, C = Role.APPLICANT, Role.REVIEWER, Role.COORDINATOR

LINKS = (
    Link(
        _("My endorsements"),
        "credentials:my_endorsements",
        frozenset({A, R}),
        _("My endorsements: certificates, validity and renewals"),
        order=90,
    ),
    Link(
        _("Renewals"),
        "credentials:renewal_queue",
        frozenset({C}),
        _("Renewals to decide: renewals that need a coordinator, and audits"),
        order=120,
    ),
)
