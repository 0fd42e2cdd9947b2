from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from . import audit, throttle  # noqa: F401  (connect the audit and throttle receivers)
