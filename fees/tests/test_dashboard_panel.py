"""The reports dashboard's "Fees outstanding" panel, registered by the fees app: amounts by fee,
overdue and not yet due, with links to the fees pages; who sees it; its queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from conftest import otp_verify_session
from endorsements.reports.panels import dashboard_panels
from fees.models import Invoice
from fees.selectors import outstanding_by_kind
from fees.services import Share, invoice_cancel, payment_record
from fees.tests.factories import schedule
from fees.tests.test_pages import invoice_for

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")


@pytest.fixture(autouse=True)
def fees():
    return schedule()


def staff(client, user=None):
    user = user or coordinator()
    client.force_login(user)
    otp_verify_session(client, user)
    return user


def overdue(invoice):
    Invoice.objects.filter(pk=invoice.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    invoice.refresh_from_db()
    return invoice


def test_outstanding_by_kind_splits_overdue_from_not_yet_due():
    today = timezone.localdate()
    late, on_time, part_paid, cancelled = (
        overdue(invoice_for()),
        invoice_for(),
        invoice_for(),
        invoice_for(),
    )
    recorder = coordinator()
    payment_record(
        shares=[Share(part_paid.pk, 500, part_paid.outstanding_cents)],
        method="cheque",
        received_on=today,
        actor=recorder,
    )
    invoice_cancel(invoice=cancelled, actor=recorder, note="Raised twice")
    # Due today is not overdue yet.
    Invoice.objects.filter(pk=on_time.pk).update(due_on=today)

    data = outstanding_by_kind(today=today)

    [row] = data["rows"]
    assert row.kind == "registration"
    assert (row.overdue, row.not_due) == (2000, 2000 + 1500)
    assert (data["overdue"], data["not_due"], data["total"], data["invoices"]) == (
        2000,
        3500,
        5500,
        3,
    )
    assert late.pk  # used


def test_the_fees_panel_is_registered_without_the_workflow_importing_fees():
    import re
    from pathlib import Path

    import endorsements

    keys = [panel.key for panel in dashboard_panels(today=timezone.localdate())]

    assert keys == ["fees-outstanding"]
    importing = re.compile(r"^\s*(from fees[ .]|import fees\b)", re.MULTILINE)
    root = Path(endorsements.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and importing.search(path.read_text())
    ]
    assert offenders == []


def test_the_dashboard_shows_what_is_outstanding_with_links_to_the_fees_pages(client):
    overdue(invoice_for())
    invoice_for()
    staff(client)

    body = client.get(URL).content.decode()

    assert "Fees outstanding" in body
    assert "$40.00 is owed on 2 invoices, $20.00 of it overdue." in body
    assert reverse("fees:report") in body
    assert reverse("fees:staff_invoices") + "?state=outstanding" in body


def test_the_dashboard_panel_in_spanish(client):
    invoice_for()
    staff(client)

    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Cuotas pendientes" in body and "20,00" in body


def test_the_dashboard_says_when_nothing_is_owed(client):
    staff(client, registry_admin())

    body = client.get(URL).content.decode()

    assert "Nothing is owed" in body


def test_only_coordinators_and_registry_admins_see_the_dashboard(client):
    invoice_for()
    for visitor in (applicant(), reviewer()):
        client.force_login(visitor)
        response = client.get(URL)
        assert response.status_code == 403
        assert "Fees outstanding" not in response.content.decode()
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [1, 6])
def test_the_panel_reads_in_one_query_whatever_the_invoices(django_assert_num_queries, count):
    for _ in range(count):
        invoice_for()

    with django_assert_num_queries(1):
        data = outstanding_by_kind(today=timezone.localdate())

    assert data["invoices"] == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_dashboard_costs_the_same_whatever_the_invoices(
    client, django_assert_num_queries, count
):
    for _ in range(count):
        invoice_for()
    staff(client)

    # as endorsements/reports/tests/test_dashboard.py counts them (13), plus the fees panel
    with django_assert_num_queries(14):
        response = client.get(URL)

    assert f"on {count} invoice" in response.content.decode()
