from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "endorsements.credentials"
    label = "credentials"

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)

        from core.transitions import follow

        from .followers import FOLLOWED

        for label, callback in FOLLOWED.items():
            follow(label, callback)
