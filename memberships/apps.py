from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipsConfig(AppConfig):
    name = "memberships"
    verbose_name = _("Membership")

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)
