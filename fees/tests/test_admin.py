"""The admin screens: the schedule is edited there; invoices and payments are read-only."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from fees.models import Fee, Invoice
from fees.tests.factories import schedule
from fees.tests.test_pages import invoice_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_registry_admin_adds_a_fee_and_an_overlap_is_refused_plainly(admin_client):
    url = reverse("admin:fees_fee_add")
    form = {
        "kind": "renewal",
        "amount_cents": "3000",
        "effective_from": "2026-01-01",
        "due_days": "30",
    }

    assert admin_client.post(url, form).status_code == 302
    again = admin_client.post(url, {**form, "effective_from": "2026-06-01"})

    assert "End that row the day before this one starts" in again.content.decode()
    assert Fee.objects.count() == 1
    changelist = admin_client.get(reverse("admin:fees_fee_changelist")).content.decode()
    assert "$30.00" in changelist


def test_invoices_and_payments_are_read_only_in_the_admin(admin_client):
    schedule()
    invoice = invoice_for()

    changelist = admin_client.get(reverse("admin:fees_invoice_changelist")).content.decode()
    change = admin_client.get(reverse("admin:fees_invoice_change", args=[invoice.pk]))

    assert invoice.number in changelist and "$20.00" in changelist
    assert admin_client.get(reverse("admin:fees_invoice_add")).status_code == 403
    assert admin_client.get(reverse("admin:fees_payment_add")).status_code == 403
    assert b'name="total_cents"' not in change.content  # shown, not editable
    assert Invoice.objects.get(pk=invoice.pk).total_cents == 2000
