from django.urls import path

from . import views

app_name = "portable"

urlpatterns = [
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("verify/keys/<str:thumbprint>.json", views.key, name="key"),
    path("verify/issuer.json", views.issuer, name="issuer"),
    path("verify/status/<str:purpose>/<int:number>/", views.status_list, name="status_list"),
    path("verify/<str:code>/credential.json", views.credential, name="credential"),
    path("reciprocity/", views.reciprocal_list, name="reciprocal_list"),
    path("reciprocity/record/", views.reciprocal_record_evidence, name="record_evidence"),
    path(
        "reciprocity/record/credential/",
        views.reciprocal_record_credential,
        name="record_credential",
    ),
    path("reciprocity/<int:pk>/", views.reciprocal_detail, name="reciprocal_detail"),
    path("reciprocity/<int:pk>/evidence/", views.reciprocal_evidence, name="reciprocal_evidence"),
]
