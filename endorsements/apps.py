from django.apps import AppConfig


class EndorsementsConfig(AppConfig):
    name = "endorsements"
