from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "endorsements.reports"
    label = "reports"
