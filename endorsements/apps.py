from django.apps import AppConfig


class EndorsementsConfig(AppConfig):
    name = "endorsements"

    def ready(self):
        from core.navigation import menu_register
        from core.parts import parts_register

        from .menu import LINKS

        menu_register(*LINKS)
        # The applicant's dashboard (applicants, below) shows the person's applications.
        parts_register("applicants.dashboard", "endorsements/_dashboard_applications.html")
