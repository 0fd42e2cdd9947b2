from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("", views.requirement_list, name="list"),
    path("<str:code>/", views.requirement_detail, name="detail"),
]
