from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "endorsements.reports"
    label = "reports"

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)
