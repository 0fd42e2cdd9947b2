from django.urls import path

from .views import coordinator, provider, public

app_name = "trainings"

urlpatterns = [
    path("", public.catalog, name="catalog"),
    path("<int:pk>/", public.training_detail, name="detail"),
    path("<int:pk>/attended/", public.training_attended, name="attended"),
    path("mine/", public.my_trainings, name="mine"),
    path("attendance/<int:pk>/certificate.pdf", public.certificate_download, name="certificate"),
    path("claim/<str:token>/", public.claim, name="claim"),
    path("provider/", provider.provider_home, name="provider_home"),
    path("provider/new/", provider.training_new, name="training_new"),
    path("provider/template.csv", provider.roster_template, name="roster_template"),
    path("provider/<int:pk>/", provider.provider_training, name="provider_training"),
    path("provider/<int:pk>/roster/", provider.roster_new, name="roster_new"),
    path("provider/rosters/<int:pk>/", provider.roster_detail, name="roster_detail"),
    path(
        "provider/rosters/<int:pk>/lines/<int:line>/",
        provider.roster_line_fix,
        name="roster_line_fix",
    ),
    path("provider/rosters/<int:pk>/confirm/", provider.roster_confirm, name="roster_confirm"),
    path("review/", coordinator.queue, name="queue"),
    path("review/<int:pk>/", coordinator.review, name="review"),
    path("review/<int:pk>/decline/", coordinator.decline, name="decline"),
]
