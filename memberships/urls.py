from django.urls import path

from . import views

app_name = "memberships"

urlpatterns = [
    path("mine/", views.my_memberships, name="mine"),
    path("people/<int:person_id>/", views.person_records, name="person"),
    path("people/<int:person_id>/add/", views.record_add, name="record_add"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("claims/", views.claims, name="claims"),
    path("claims/<int:pk>/", views.claim_decide, name="claim"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
]
