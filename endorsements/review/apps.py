from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "endorsements.review"
    label = "review"
