from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "endorsements.review"
    label = "review"

    def ready(self):
        from endorsements.review import caching

        caching.connect()
