from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Fees and payments")

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)

        # The workflow knows nothing of fees: it announces its changes, asks a registered
        # source for the fee facts its checklist reads and renders registered dashboard panels.
        from core.transitions import follow
        from endorsements.credentials.fees import fee_source_register
        from endorsements.facts import fee_dues_source_register
        from endorsements.reports.panels import DashboardPanel, dashboard_panel_register

        from . import selectors
        from .followers import FOLLOWED

        for label, callback in FOLLOWED.items():
            follow(label, callback)
        fee_dues_source_register(selectors.fee_dues_for_application)
        # The renewal and reinstatement pages state the schedule's amounts, not their own.
        fee_source_register(selectors.fee_cents_in_effect)
        # The coordinators' reports dashboard shows what is owed, without knowing of fees.
        dashboard_panel_register(
            DashboardPanel(
                key="fees-outstanding",
                template="fees/_dashboard_outstanding.html",
                context=selectors.outstanding_by_kind,
            )
        )
