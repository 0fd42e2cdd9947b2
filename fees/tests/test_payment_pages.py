"""The staff pages that record payments, waivers, refunds and group payments; receipts; the
card webhook's honest answers."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, reviewer
from applicants.tests.factories import AgencyFactory
from conftest import otp_verify_session
from fees.models import Allocation, Invoice, Payment
from fees.tests.factories import schedule
from fees.tests.test_pages import invoice_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fees():
    return schedule()


def staff(client, user=None):
    user = user or coordinator()
    client.force_login(user)
    otp_verify_session(client, user)
    return user


def cheque(invoice, **extra):
    return {
        "amount": "20.00",
        "method": "cheque",
        "received_on": "2026-12-01",
        "reference": "Cheque 1041",
        "seen_outstanding": invoice.outstanding_cents,
        **extra,
    }


def test_a_coordinator_records_a_cheque_and_sees_it_on_the_invoice(
    client, django_capture_on_commit_callbacks
):
    invoice = invoice_for()
    staff(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fees:payment_new", args=[invoice.pk]), cheque(invoice))

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The payment is recorded" in page
    assert "Cheque 1041" in page and "Download the receipt" in page
    invoice.refresh_from_db()
    assert invoice.settled


def test_a_second_recording_of_the_same_cheque_is_told_plainly_and_keeps_what_was_typed(client):
    invoice = invoice_for()
    staff(client)
    form = cheque(invoice, note="Posted by the agency")
    client.post(reverse("fees:payment_new", args=[invoice.pk]), form)
    staff(client, coordinator(given_name="Second"))

    response = client.post(reverse("fees:payment_new", args=[invoice.pk]), form)

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "While you were typing" in body
    assert "Cheque 1041" in body and "Posted by the agency" in body
    assert Payment.objects.count() == 1


def test_a_typed_card_number_is_refused_next_to_the_field(client):
    invoice = invoice_for()
    staff(client)

    response = client.post(
        reverse("fees:payment_new", args=[invoice.pk]),
        cheque(invoice, method="card_phone", reference="4111111111111111"),
    )

    assert "looks like a card number" in response.content.decode()
    assert not Payment.objects.exists()


def test_an_amount_that_is_not_a_figure_says_how_to_write_it(client):
    invoice = invoice_for()
    staff(client)

    response = client.post(
        reverse("fees:payment_new", args=[invoice.pk]), cheque(invoice, amount="twenty")
    )

    assert "Enter the amount in figures, like 25.00" in response.content.decode()


def test_a_waiver_needs_a_reason_and_settles(client):
    invoice = invoice_for()
    staff(client)
    url = reverse("fees:waiver_new", args=[invoice.pk])

    missing = client.post(url, {"amount": "20", "reason": "other", "seen_outstanding": 2000})
    done = client.post(url, {"amount": "20", "reason": "scholarship", "seen_outstanding": 2000})

    assert "Say why the fee is waived" in missing.content.decode()
    assert done.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status_code == "waived"


def test_a_refund_from_the_invoice_page(client):
    invoice = invoice_for()
    staff(client)
    client.post(reverse("fees:payment_new", args=[invoice.pk]), cheque(invoice))
    allocation = Allocation.objects.get(invoice=invoice)

    response = client.post(
        reverse("fees:refund_new", args=[allocation.pk]),
        {"amount": "5.00", "method": "cheque", "note": "Overpaid"},
    )

    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.outstanding_cents == 500


def test_a_group_payment_is_previewed_then_recorded(client):
    agency = AgencyFactory(name="Hartford Early Head Start")
    invoices = [invoice_for() for _ in range(2)]
    staff(client)
    form = {
        "payer_agency": agency.pk,
        "method": "cheque",
        "received_on": "2026-12-01",
        "reference": "Cheque 9",
        "lines": f"{invoices[0].number} 20.00\n{invoices[1].number.lower()}",
    }
    url = reverse("fees:group_payment")

    preview = client.post(url, form).content.decode()
    assert "Check before recording" in preview and "This payment comes to $40.00." in preview
    assert invoices[1].person.full_name in preview
    seen = ",".join(f"{i.pk}:2000" for i in invoices)
    done = client.post(url, {**form, "seen": seen, "confirm": "1"})

    assert done.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount_cents == 4000 and payment.payer_agency == agency
    assert all(Invoice.objects.get(pk=i.pk).settled for i in invoices)


def test_a_group_payment_names_an_unknown_invoice(client):
    staff(client)

    response = client.post(
        reverse("fees:group_payment"),
        {
            "payer_name": "Parent",
            "method": "cheque",
            "received_on": "2026-12-01",
            "lines": "CT-AIMH-2026-999999",
        },
    )

    assert "No invoice has the number CT-AIMH-2026-999999" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["fees:payment_new", "fees:waiver_new", "fees:group_payment", "fees:refund_new"]
)
def test_staff_pages_refuse_applicants_and_reviewers(client, name):
    invoice = invoice_for()
    args = [] if name == "fees:group_payment" else [invoice.pk]
    for visitor in (applicant(), reviewer(), invoice.person):
        client.force_login(visitor)
        assert client.get(reverse(name, args=args)).status_code == 403


def test_the_person_downloads_their_receipt_and_nobody_else_does(
    client, django_capture_on_commit_callbacks
):
    invoice = invoice_for()
    staff(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fees:payment_new", args=[invoice.pk]), cheque(invoice))
    allocation = Allocation.objects.get(invoice=invoice)
    url = reverse("fees:receipt_pdf", args=[allocation.pk])

    client.force_login(invoice.person)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    client.force_login(applicant())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_invoice_detail_queries(client, django_assert_num_queries, count):
    invoice = invoice_for()
    user = staff(client)
    for _ in range(count):
        Payment.objects.create(
            kind="payment",
            method="cheque",
            amount_cents=1,
            received_on="2026-12-01",
            recorded_by=user,
        ).allocations.create(invoice=invoice, amount_cents=1)
    Invoice.objects.filter(pk=invoice.pk).update(paid_cents=count)

    # session, user with roles, OTP device, the invoice (person, category, application), its
    # lines, its allocations (payment, recorder, agency)
    with django_assert_num_queries(6):
        response = client.get(reverse("fees:invoice_detail", args=[invoice.pk]))
    assert response.content.decode().count("Cheque") >= count


def test_the_card_webhook_answers_404_until_a_provider_is_configured(client):
    url = reverse("fees:card_webhook")

    assert client.post(url, "{}", content_type="application/json").status_code == 404
    with override_settings(FEES_CARD_PROVIDER="fees.providers.CardProvider"):
        assert client.post(url, "{}", content_type="application/json").status_code == 501


def test_a_group_payment_from_an_organisation_pays_every_invoice_it_owes(client):
    from fees.services import invoice_payer_set
    from organisations.tests.factories import organisation

    org = organisation(name="Harbor Early Childhood")
    user = staff(client)
    ours = [invoice_for() for _ in range(2)]
    theirs = invoice_for()
    for invoice in ours:
        invoice_payer_set(invoice=invoice, organisation=org, actor=user)
    form = {
        "payer_organisation": org.pk,
        "method": "cheque",
        "received_on": "2026-12-01",
        "reference": "Cheque 77",
        "lines": "",
    }
    url = reverse("fees:group_payment")

    preview = client.post(url, form).content.decode()
    assert "This payment comes to $40.00." in preview and theirs.number not in preview
    seen = ",".join(f"{i.pk}:2000" for i in ours)
    done = client.post(url, {**form, "seen": seen, "confirm": "1"})

    assert done.status_code == 302
    payment = Payment.objects.get()
    assert payment.payer_organisation == org and payment.amount_cents == 4000
    assert all(Invoice.objects.get(pk=i.pk).settled for i in ours)
    assert not Invoice.objects.get(pk=theirs.pk).settled


def test_an_organisation_pays_only_the_invoices_it_was_named_for(client):
    from organisations.tests.factories import organisation

    org = organisation()
    staff(client)
    stranger = invoice_for()
    form = {
        "payer_organisation": org.pk,
        "method": "cheque",
        "received_on": "2026-12-01",
        "lines": stranger.number,
        "seen": f"{stranger.pk}:2000",
        "confirm": "1",
    }

    response = client.post(reverse("fees:group_payment"), form)

    assert "is not paid by Harbor Early Childhood" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_coordinator_names_the_organisation_that_pays_an_invoice(client):
    from organisations.tests.factories import organisation

    org = organisation(name="Harbor Early Childhood")
    waiting = organisation(name="Pending Org", status="pending")
    invoice = invoice_for()
    staff(client)
    url = reverse("fees:invoice_payer", args=[invoice.pk])

    page = client.get(url).content.decode()
    assert "Harbor Early Childhood" in page and "Pending Org" not in page
    response = client.post(url, {"payer_organisation": org.pk})

    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.payer_organisation == org
    detail = client.get(response["Location"]).content.decode()
    assert "Paid by organisation" in detail and "Harbor Early Childhood" in detail
    client.post(url, {"payer_organisation": waiting.pk})
    invoice.refresh_from_db()
    assert invoice.payer_organisation == org  # a pending organisation is not offered
