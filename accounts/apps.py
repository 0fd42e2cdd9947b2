from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from core.access import hand_in
        from core.navigation import menu_register

        from . import audit, core_hooks, throttle  # noqa: F401  (audit, throttle: receivers)
        from .menu import LINKS

        menu_register(*LINKS)
        # Core imports no app: the role checks and the account it needs are handed in.
        hand_in(
            audit_reach=core_hooks.audit_reach,
            role_label=core_hooks.role_label,
            language_keep=core_hooks.language_keep,
        )
