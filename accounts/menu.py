"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import SIGNED_IN, Link

C, RA = Role.COORDINATOR, Role.REGISTRY_ADMIN

LINKS = (
    Link(
        _("Audit log"),
        "core:audit_log",
        frozenset({C, RA}),
        _("Audit log: who did what, on the applications you handle (registry admins: everything)"),
        order=160,
    ),
    Link(
        _("Translations"),
        "rosetta-old-home-redirect",
        frozenset({RA}),
        _("Translations: correct the Spanish wording of the site"),
        order=170,
    ),
    Link(_("Account"), "password_change", SIGNED_IN, _("Change your password"), order=900),
)
