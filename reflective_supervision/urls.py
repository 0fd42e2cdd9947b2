from django.urls import path

from . import views

app_name = "reflective_supervision"

urlpatterns = [
    path("", views.log, name="log"),
    path("add/", views.session_add, name="add"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/delete/", views.session_delete, name="delete"),
    path("quick/", views.quick_entry, name="quick"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/save/", views.import_save, name="import_save"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("import/<int:pk>/rows/<int:index>/", views.import_row_edit, name="import_row"),
    path(
        "import/<int:pk>/rows/<int:index>/remove/",
        views.import_row_remove,
        name="import_row_remove",
    ),
    path("providers/<int:provider_pk>/ask/", views.attestation_ask, name="ask"),
    path("requests/<int:pk>/resend/", views.attestation_resend, name="request_resend"),
    path("requests/<int:pk>/email/", views.attestation_email, name="request_email"),
    path("confirm/<str:token>/", views.attest, name="attest"),
]
