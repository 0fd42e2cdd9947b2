"""Development-only pages, mounted by the root URLconf when DEBUG is on."""

from django.urls import path

from . import views

app_name = "dev"

urlpatterns = [
    path("outbox/", views.dev_outbox, name="outbox"),
    path("outbox/<str:message_id>/", views.dev_outbox_message, name="outbox_message"),
]
