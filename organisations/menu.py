"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import EVERYONE, Link

from .access import ORGANISATION_STAFF

A, C = Role.APPLICANT, Role.COORDINATOR

LINKS = (
    # Employers and programs check one person by number and last name (issue 17).
    Link(_("Check an endorsement"), "organisations:lookup", EVERYONE, order=30),
    Link(
        _("Organisations"),
        "organisations:queue",
        frozenset({C}),
        _("Organisations: approve employers and programs that check endorsements"),
        order=180,
    ),
    Link(
        _("Who checked me"),
        "organisations:my_checks",
        frozenset({A}),
        _("Who checked my endorsements: organisations that verified or watch them"),
        order=220,
    ),
    # Staff of an organisation (not a role: a membership), see `access.menu_audiences`.
    Link(
        _("My organisation"),
        "organisations:home",
        frozenset({ORGANISATION_STAFF}),
        _("My organisation: check your staff's endorsements, rosters, watches and API keys"),
        order=230,
    ),
)
