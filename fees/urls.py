from django.urls import path

from . import views

app_name = "fees"

urlpatterns = [
    path("invoices/", views.my_invoices, name="my_invoices"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("staff/invoices/", views.staff_invoices, name="staff_invoices"),
]
