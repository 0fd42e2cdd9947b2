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
        from accounts.models import signed_in_fact_register
        from core.navigation import audiences_register, menu_register

        from .access import menu_audiences
        from .menu import LINKS
        from .selectors import organisation_kind_subquery

        menu_register(*LINKS)
        signed_in_fact_register("organisation_kind", organisation_kind_subquery)
        audiences_register(menu_audiences)
