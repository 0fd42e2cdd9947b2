from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "endorsements.credentials"
    label = "credentials"
