from django.urls import path

from .views import lookup

app_name = "organisations"

urlpatterns = [
    path("verify/lookup/", lookup.lookup, name="lookup"),
]
