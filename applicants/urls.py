from django.urls import path

from . import views

app_name = "applicants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("training/<int:pk>/verified/", views.training_verified_choose, name="training_verified"),
]

# Each evidence section gets the same four pages: <slug>_list, _add, _edit and _delete.
for slug in views.SECTIONS:
    kwargs = {"section": slug}
    urlpatterns += [
        path(f"{slug}/", views.section_list, kwargs, name=f"{slug}_list"),
        path(f"{slug}/add/", views.section_add, kwargs, name=f"{slug}_add"),
        path(f"{slug}/<int:pk>/edit/", views.section_edit, kwargs, name=f"{slug}_edit"),
        path(f"{slug}/<int:pk>/delete/", views.section_delete, kwargs, name=f"{slug}_delete"),
    ]
