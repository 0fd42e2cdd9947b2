from django.urls import path

from .views import applications, references

app_name = "endorsements"

urlpatterns = [
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_start, name="application_start"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/rsc/", applications.application_rsc, name="application_rsc"),
    path("applications/<int:pk>/attestation/", applications.attestation, name="attestation"),
    path("applications/<int:pk>/submit/", applications.application_submit, name="submit"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/references/", references.reference_list, name="reference_list"),
    path("applications/<int:pk>/references/add/", references.reference_add, name="reference_add"),
    path(
        "applications/<int:pk>/references/<int:reference_pk>/resend/",
        references.reference_resend,
        name="reference_resend",
    ),
    path(
        "applications/<int:pk>/references/<int:reference_pk>/email/",
        references.reference_email,
        name="reference_email",
    ),
    path(
        "applications/<int:pk>/references/<int:reference_pk>/waiver/",
        references.reference_waiver,
        name="reference_waiver",
    ),
    path(
        "applications/<int:pk>/references/<int:reference_pk>/remove/",
        references.reference_remove,
        name="reference_remove",
    ),
    # The rater's page: no account, the signed token is the key.
    path("reference/<str:token>/", references.reference_rate, name="reference_rate"),
]
