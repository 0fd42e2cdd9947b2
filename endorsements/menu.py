"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

A = Role.APPLICANT

LINKS = (
    Link(
        _("My applications"),
        "endorsements:application_list",
        frozenset({A}),
        _("My applications: apply for a category, invite raters and submit"),
        order=80,
    ),
)
