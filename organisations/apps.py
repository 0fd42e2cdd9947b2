from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Verification for employers, Medicaid programs and other associations (issue 17): the
    public lookup, organisations with their staff, rosters, watches and digests, the JSON API
    and reciprocity. It sits above the workflow and reads credentials through
    `endorsements.credentials.selectors`; nothing below imports it."""

    name = "organisations"
    verbose_name = _("Organisations and verification")

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)
