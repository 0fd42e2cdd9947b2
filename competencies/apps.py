from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "competencies"

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)

        # The rules engine returns codes; this module writes them in the reader's language.
        from . import checklist_text
        from .rules import types

        types.set_presenter(checklist_text)
