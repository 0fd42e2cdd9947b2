from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("my/endorsements/", views.my_endorsements, name="my_endorsements"),
    path(
        "my/endorsements/<int:pk>/certificate/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("renewals/", views.renewal_queue, name="renewal_queue"),
    path("renewals/endorsement/<int:pk>/", views.renew, name="renew"),
    path("renewals/<int:pk>/", views.renewal_detail, name="renewal_detail"),
    path("renewals/<int:pk>/approve/", views.renewal_approve, name="renewal_approve"),
    path("renewals/<int:pk>/decline/", views.renewal_decline, name="renewal_decline"),
    path("renewals/<int:pk>/evidence/", views.renewal_evidence, name="renewal_evidence"),
    path(
        "renewals/<int:pk>/evidence/file/",
        views.renewal_evidence_file,
        name="renewal_evidence_file",
    ),
    path("verify/<str:code>.json", views.verify_json, name="verify_json"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
