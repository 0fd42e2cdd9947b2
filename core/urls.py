from django.urls import path

from . import i18n, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", i18n.language_choose, name="language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_csv, name="audit_log_csv"),
]
