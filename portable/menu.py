"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

C = Role.COORDINATOR

LINKS = (
    Link(
        _("Other associations"),
        "portable:reciprocal_list",
        frozenset({C}),
        _("Endorsements from other associations: record them with evidence or a signed credential"),
        order=190,
    ),
)
