from django.urls import path

from .views import api_keys, coordinator, holder, lookup, members

app_name = "organisations"

urlpatterns = [
    path("verify/lookup/", lookup.lookup, name="lookup"),
    path("organisations/register/", members.register, name="register"),
    path("organisations/", members.home, name="home"),
    path("organisations/rosters/new/", members.roster_new, name="roster_new"),
    path("organisations/rosters/template.csv", members.roster_template, name="roster_template"),
    path("organisations/rosters/<int:pk>/", members.roster_detail, name="roster_detail"),
    path(
        "organisations/rosters/<int:pk>/results.csv",
        members.roster_download,
        name="roster_download",
    ),
    path("organisations/rosters/<int:pk>/watch/", members.watch_add, name="watch_add"),
    path("organisations/watches/", members.watches, name="watches"),
    path("organisations/watches/<int:pk>/stop/", members.watch_stop, name="watch_stop"),
    path("organisations/api-keys/", api_keys.api_keys, name="api_keys"),
    path("organisations/api-keys/<int:pk>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
    path("organisations/review/", coordinator.queue, name="queue"),
    path(
        "organisations/review/<int:pk>/",
        coordinator.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/review/<int:pk>/approve/",
        coordinator.organisation_approve,
        name="organisation_approve",
    ),
    path(
        "organisations/review/<int:pk>/decline/",
        coordinator.organisation_decline,
        name="organisation_decline",
    ),
    path(
        "organisations/review/<int:pk>/suspend/",
        coordinator.organisation_suspend,
        name="organisation_suspend",
    ),
    path("my/checks/", holder.my_checks, name="my_checks"),
]
