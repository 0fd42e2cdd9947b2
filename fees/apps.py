from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Fees and payments")

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)

        # The workflow knows nothing of fees: it announces its changes and asks a registered
        # source for the fee facts its checklist reads.
        from core.transitions import follow
        from endorsements.facts import fee_dues_source_register

        from . import selectors
        from .followers import FOLLOWED

        for label, callback in FOLLOWED.items():
            follow(label, callback)
        fee_dues_source_register(selectors.fee_dues_for_application)
