from django.apps import AppConfig


class ReflectiveSupervisionConfig(AppConfig):
    name = "reflective_supervision"

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)
