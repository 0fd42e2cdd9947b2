"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

A = Role.APPLICANT

LINKS = (
    Link(
        _("RSC log"),
        "reflective_supervision:log",
        frozenset({A}),
        _("Reflective supervision log: log sessions and ask your provider to confirm them"),
        order=70,
    ),
)
