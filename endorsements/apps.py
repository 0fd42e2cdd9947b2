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

        from applicants.caching import portfolio_scope
        from core.fragments import bump_on_change

        from .models import Application

        # The applicant's dashboard lists their applications (the dashboard hook).
        bump_on_change(
            models=[Application],
            scopes=lambda application: [portfolio_scope(application.applicant_id)],
            uid="portfolio-applications",
        )
