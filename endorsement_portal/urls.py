from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from organisations import api as organisations_api
from organisations.views.api_docs import api_docs

# `admin.site` is core.admin_site.PortalAdminSite (see core.apps.PortalAdminConfig): it accepts
# only sessions that passed the second factor and audits every change.
admin.site.site_header = f"{settings.ASSOCIATION_CODE} Endorsement Registry administration"
admin.site.site_title = "Endorsement Registry admin"

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("accounts.auth_urls")),
    path("requirements/", include("competencies.urls")),
    path("portfolio/", include("applicants.urls")),
    path("rsc/", include("reflective_supervision.urls")),
    path("", include("endorsements.urls")),
    path("review/", include("endorsements.review.urls")),
    # Before the credentials' /verify/<code>/, which would take "lookup" for a code.
    path("", include("organisations.urls")),
    # Also before /verify/<code>/ and /verify/<code>.json (issuer.json, keys, status lists).
    path("", include("portable.urls")),
    path("trainings/", include("trainings.urls")),
    path("", include("endorsements.credentials.urls")),
    path("", include("endorsements.reports.urls")),
    path("messaging/", include("messaging.urls")),
    # The verification API, its OpenAPI schema and docs page (organisations.api).
    path("api/v1/", organisations_api.urlpatterns(docs=api_docs)),
    path("fees/", include("fees.urls")),
    path("memberships/", include("memberships.urls")),
    path("admin/", admin.site.urls),
    # Registry admins correct the Spanish wording here (django-rosetta; see core.i18n).
    path("translations/", include("rosetta.urls")),
]

# The development outbox shows every email the portal sent; it never exists in production.
if settings.DEBUG:
    urlpatterns += [path("dev/", include("core.dev_urls"))]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
