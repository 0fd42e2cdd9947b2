from django.apps import AppConfig


class ReflectiveSupervisionConfig(AppConfig):
    name = "reflective_supervision"
