from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "endorsements.reports"
    label = "reports"

    def ready(self):
        from endorsements.reports import caching

        caching.connect()
