"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

R, C = Role.REVIEWER, Role.COORDINATOR

LINKS = (
    Link(
        _("Review inbox"),
        "review:inbox",
        frozenset({C}),
        _("Review inbox: assign reviewers, reconcile reviews and decide"),
        order=110,
    ),
    Link(
        _("My reviews"),
        "review:queue",
        frozenset({R}),
        _(
            "My reviews: applications and exam papers assigned to you, "
            "and your conflicts of interest"
        ),
        order=140,
    ),
)
