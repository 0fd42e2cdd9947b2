from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("webhooks/postmark/", views.postmark_webhook, name="postmark_webhook"),
]
