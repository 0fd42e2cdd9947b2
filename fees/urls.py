from django.urls import path

from . import views

app_name = "fees"

urlpatterns = [
    path("invoices/", views.my_invoices, name="my_invoices"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("receipts/<int:pk>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("staff/invoices/", views.staff_invoices, name="staff_invoices"),
    path("staff/invoices/<int:pk>/pay/", views.payment_new, name="payment_new"),
    path("staff/invoices/<int:pk>/waive/", views.waiver_new, name="waiver_new"),
    path("staff/invoices/<int:pk>/cancel/", views.invoice_cancel_view, name="invoice_cancel"),
    path("staff/invoices/<int:pk>/payer/", views.invoice_payer, name="invoice_payer"),
    path("organisation/invoices/", views.organisation_invoices, name="organisation_invoices"),
    path("staff/receipts/<int:pk>/refund/", views.refund_new, name="refund_new"),
    path("staff/group-payments/new/", views.group_payment, name="group_payment"),
    path("reports/", views.fee_report, name="report"),
    path("reports/fees.csv", views.fee_report_csv, name="report_csv"),
    path("reports/fees.xlsx", views.fee_report_xlsx, name="report_xlsx"),
    path("webhooks/card/", views.card_webhook, name="card_webhook"),
]
