from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "applicants"

    def ready(self):
        from applicants import caching

        caching.connect()
