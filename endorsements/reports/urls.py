from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/endorsed-by-region/", views.endorsed_by_region, name="endorsed_by_region"),
    path("reports/endorsed-by-region.csv", views.endorsed_by_region_csv, name="endorsed_csv"),
    path("reports/endorsed-by-region.xlsx", views.endorsed_by_region_xlsx, name="endorsed_xlsx"),
    path("reports/exports/<int:pk>/", views.export_status, name="export"),
    path("reports/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("reports/coverage/", views.coverage, name="coverage"),
    path("reports/diversity/", views.diversity, name="diversity"),
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("reports/renewals-due/", views.renewals_due, name="renewals_due"),
    path("reports/renewals-due.csv", views.renewals_due_csv, name="renewals_due_csv"),
    path("reports/lapses/", views.lapses, name="lapses"),
    path("reports/lapses.csv", views.lapses_csv, name="lapses_csv"),
    path("registry/", views.registry, name="registry"),
    path("rsc-providers/", views.rsc_providers, name="rsc_providers"),
]
