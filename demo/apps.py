from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only for its `seed_demo` command: no models, no signals, no URLs."""

    name = "demo"
    verbose_name = "Demo data"
