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
    path("my/endorsements/<int:pk>/archive/", views.archive, name="archive"),
    path("my/endorsements/<int:pk>/unarchive/", views.unarchive, name="unarchive"),
    path("my/endorsements/<int:pk>/complete/", views.complete, name="complete"),
    path("my/endorsements/<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("renewals/", views.renewal_queue, name="renewal_queue"),
    path("renewals/overdue/", views.renewals_overdue, name="renewals_overdue"),
    path("renewals/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("renewals/requests/<int:pk>/approve/", views.request_approve, name="request_approve"),
    path("renewals/requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("credentials/", views.staff_credentials, name="staff_credentials"),
    path("credentials/<int:pk>/", views.staff_credential, name="staff_credential"),
    path("credentials/<int:pk>/suspend/", views.credential_suspend, name="credential_suspend"),
    path("credentials/<int:pk>/lift/", views.credential_lift, name="credential_lift"),
    path("credentials/<int:pk>/revoke/", views.credential_revoke, name="credential_revoke"),
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
