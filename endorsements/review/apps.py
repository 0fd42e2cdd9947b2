from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "endorsements.review"
    label = "review"

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)

        from core.transitions import follow
        from endorsements.history import history_param_choices_register

        from .followers import FOLLOWED
        from .models import ConflictKind, Outcome

        # `endorsements` below writes the history sentences; it reads our codes' labels here.
        history_param_choices_register(outcome=Outcome, flags=ConflictKind)
        for label, callback in FOLLOWED.items():
            follow(label, callback)
