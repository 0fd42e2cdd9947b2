"""My invoices, an invoice, its PDF and the coordinators' list: who sees what, and queries."""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from conftest import otp_verify_session
from endorsements.services.applications import application_open
from endorsements.tests.factories import category
from fees.models import Invoice
from fees.tests.factories import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fees():
    return schedule()


def invoice_for(person=None, code="IFA") -> Invoice:
    """A registration invoice, its PDF rendered (as the worker does after commit)."""
    from fees.services.documents import invoice_pdf_render

    person = person or applicant()
    application = application_open(applicant=person, category=category(code))
    invoice = Invoice.objects.get(application=application)
    invoice_pdf_render(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    return invoice


def staff(client, user):
    client.force_login(user)
    otp_verify_session(client, user)
    return user


def test_my_invoices_lists_only_my_own(client):
    mine = invoice_for()
    theirs = invoice_for()
    client.force_login(mine.person)

    body = client.get(reverse("fees:my_invoices")).content.decode()

    assert mine.number in body and "$20.00" in body and "Application started" in body
    assert theirs.number not in body


def test_my_invoices_explains_when_there_are_none(client):
    client.force_login(applicant())

    body = client.get(reverse("fees:my_invoices")).content.decode()

    assert "You have no invoices" in body


@pytest.mark.parametrize("count", [1, 5])
def test_my_invoices_queries(client, django_assert_num_queries, count):
    person = applicant()
    for code in ["IFA", "IFS", "IFRS", "IMHS", "ECFA"][:count]:
        invoice_for(person, code)
    client.force_login(person)

    # session, user with roles, invoices with categories, their lines
    with django_assert_num_queries(4):
        response = client.get(reverse("fees:my_invoices"))
    assert response.content.decode().count("Application started") == count


@pytest.mark.parametrize("view", ["fees:invoice_detail", "fees:invoice_pdf"])
def test_another_persons_invoice_answers_404(client, view):
    invoice = invoice_for()
    for visitor in (applicant(), reviewer()):
        client.force_login(visitor)
        assert client.get(reverse(view, args=[invoice.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    invoice = invoice_for()
    for url in (
        reverse("fees:my_invoices"),
        reverse("fees:invoice_detail", args=[invoice.pk]),
        reverse("fees:invoice_pdf", args=[invoice.pk]),
        reverse("fees:staff_invoices"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_person_sees_their_invoice_and_downloads_it(client):
    invoice = invoice_for()
    client.force_login(invoice.person)

    page = client.get(reverse("fees:invoice_detail", args=[invoice.pk])).content.decode()
    pdf = client.get(reverse("fees:invoice_pdf", args=[invoice.pk]))

    assert "Registration" in page and "How to pay" in page
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_coordinator_sees_anyones_invoice(client):
    invoice = invoice_for()
    staff(client, coordinator())

    page = client.get(reverse("fees:invoice_detail", args=[invoice.pk])).content.decode()

    assert invoice.person.email in page


def test_the_staff_list_is_for_coordinators_and_registry_admins(client):
    invoice_for()
    client.force_login(applicant())
    assert client.get(reverse("fees:staff_invoices")).status_code == 403
    client.force_login(reviewer())
    assert client.get(reverse("fees:staff_invoices")).status_code == 403
    staff(client, registry_admin())
    body = client.get(reverse("fees:staff_invoices")).content.decode()
    assert "1 invoice is not paid in full: $20.00 outstanding." in body


@pytest.mark.parametrize("count", [1, 5])
def test_the_staff_list_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        invoice_for()
    staff(client, coordinator())

    # session, user with roles, OTP device, the count, the page of invoices (with person and
    # category), the outstanding totals
    with django_assert_num_queries(6):
        response = client.get(reverse("fees:staff_invoices"), {"state": "outstanding"})
    assert response.content.decode().count("Not paid yet") == count
