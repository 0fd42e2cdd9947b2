"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import EVERYONE, Link

A, C = Role.APPLICANT, Role.COORDINATOR

LINKS = (
    Link(_("Training catalog"), "trainings:catalog", EVERYONE, order=50),
    Link(
        _("My catalog trainings"),
        "trainings:mine",
        frozenset({A}),
        _("My catalog trainings: verified attendance and certificates of attendance"),
        order=200,
    ),
    Link(
        _("Catalog trainings"),
        "trainings:queue",
        frozenset({C}),
        _("Catalog trainings: approve trainings that providers submit for the catalog"),
        order=210,
    ),
)
