from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    """The training catalog (issue 18): trainings submitted by training providers (organisations
    of that kind) and approved by a coordinator, attendance rosters, attendance certificates.
    It credits attendees through `applicants.services` (a verified training row); nothing
    below imports it."""

    name = "trainings"
    verbose_name = _("Training catalog")

    def ready(self):
        from core.navigation import audiences_register, menu_register

        from .menu import LINKS, menu_audiences

        menu_register(*LINKS)
        audiences_register(menu_audiences)
