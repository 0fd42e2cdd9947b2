"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import EVERYONE, Link
from organisations.models import OrganisationKind
from organisations.selectors import organisation_kind_of

A, C = Role.APPLICANT, Role.COORDINATOR

# The menu's audience of a training provider's staff (an organisation of that kind).
TRAINING_PROVIDER_STAFF = "training-provider-staff"


def menu_audiences(user) -> frozenset[str]:
    if organisation_kind_of(user) == OrganisationKind.TRAINING_PROVIDER:
        return frozenset({TRAINING_PROVIDER_STAFF})
    return frozenset()


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
    Link(
        _("Your trainings"),
        "trainings:provider_home",
        frozenset({TRAINING_PROVIDER_STAFF}),
        _("Your trainings: submit trainings for the catalog and upload attendance rosters"),
        order=240,
    ),
)
