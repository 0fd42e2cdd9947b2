"""Who may open every fees URL (issue 19's permission walk): a person sees only their own
invoices; an organisation's staff only the invoices their organisation pays; coordinators
and registry admins everything; reviewers nothing of anyone's; anonymous visitors sign in."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator, registry_admin, reviewer
from conftest import otp_verify_session
from core.tests.test_site_permissions import url_patterns
from fees.models import Allocation
from fees.services import Share, invoice_payer_set, payment_record
from fees.tests.factories import schedule
from fees.tests.test_pages import invoice_for
from organisations.tests.factories import organisation, staff_member

pytestmark = pytest.mark.django_db

# Each fees URL by who may open it. "object" pages are about one person's invoice (or its
# receipt): its person, the staff of the organisation paying it and fees staff; everyone else
# gets 404, so that the invoice is not known to exist.
OBJECT = {"fees:invoice_detail", "fees:invoice_pdf", "fees:receipt_pdf"}
STAFF_ONLY = {
    "fees:staff_invoices",
    "fees:payment_new",
    "fees:waiver_new",
    "fees:invoice_cancel",
    "fees:invoice_payer",
    "fees:refund_new",
    "fees:group_payment",
    "fees:report",
    "fees:report_csv",
    "fees:report_xlsx",
}
SIGNED_IN = {"fees:my_invoices"}  # anyone signed in: their own invoices
ORGANISATION = {"fees:organisation_invoices"}  # an approved organisation's staff
WEBHOOK = {"fees:card_webhook"}  # server to server (core/tests/test_site_permissions.py)
FEES_URLS = {name for name, _route, _conv in url_patterns() if name.startswith("fees:")}


def test_every_fees_url_is_in_the_walk():
    assert FEES_URLS == OBJECT | STAFF_ONLY | SIGNED_IN | ORGANISATION | WEBHOOK


@pytest.fixture
def world():
    schedule()
    org_a, org_b = organisation(name="Harbor Early Childhood"), organisation(name="Bay Clinic")
    a_staff, b_staff = staff_member(org=org_a), staff_member(org=org_b)
    recorder = registry_admin()
    invoices = {"alice": invoice_for(), "bob": invoice_for(), "carol": invoice_for()}
    invoice_payer_set(invoice=invoices["alice"], organisation=org_a, actor=recorder)
    invoice_payer_set(invoice=invoices["bob"], organisation=org_b, actor=recorder)
    for invoice in invoices.values():
        payment_record(
            shares=[Share(invoice.pk, 500, invoice.outstanding_cents)],
            method="cheque",
            received_on=date(2026, 12, 1),
            actor=recorder,
        )
    receipts = {k: Allocation.objects.get(invoice=v) for k, v in invoices.items()}
    return {
        "invoices": invoices,
        "receipts": receipts,
        "a_staff": a_staff,
        "b_staff": b_staff,
        "org_a": org_a,
    }


def object_url(name, world, whose):
    if name == "fees:receipt_pdf":
        return reverse(name, args=[world["receipts"][whose].pk])
    return reverse(name, args=[world["invoices"][whose].pk])


def staff_url(name, world):
    invoice = world["invoices"]["carol"]
    if name == "fees:refund_new":
        return reverse(name, args=[world["receipts"]["carol"].pk])
    if name in {"fees:payment_new", "fees:waiver_new", "fees:invoice_cancel", "fees:invoice_payer"}:
        return reverse(name, args=[invoice.pk])
    return reverse(name)


def sign_in(client, user, *, second_factor=True):
    client.force_login(user)
    if second_factor:
        otp_verify_session(client, user)


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, world):
    urls = [object_url(n, world, "alice") for n in OBJECT]
    urls += [staff_url(n, world) for n in STAFF_ONLY | SIGNED_IN | ORGANISATION]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_person_opens_only_their_own_invoices_and_receipts(client, world):
    alice = world["invoices"]["alice"].person
    sign_in(client, alice, second_factor=False)

    for name in OBJECT:
        assert client.get(object_url(name, world, "alice")).status_code in (200, 202), name
        for other in ("bob", "carol"):
            assert client.get(object_url(name, world, other)).status_code == 404, name
    for name in STAFF_ONLY:
        assert client.get(staff_url(name, world)).status_code == 403, name
    assert client.get(reverse("fees:organisation_invoices")).status_code == 403
    mine = client.get(reverse("fees:my_invoices")).content.decode()
    assert world["invoices"]["alice"].number in mine
    assert world["invoices"]["bob"].number not in mine


def test_organisation_staff_see_only_what_their_organisation_pays(client, world):
    numbers = {k: v.number for k, v in world["invoices"].items()}
    sign_in(client, world["a_staff"])

    page = client.get(reverse("fees:organisation_invoices")).content.decode()
    assert numbers["alice"] in page
    assert numbers["bob"] not in page and numbers["carol"] not in page
    for name in OBJECT:
        assert client.get(object_url(name, world, "alice")).status_code in (200, 202), name
        for other in ("bob", "carol"):
            assert client.get(object_url(name, world, other)).status_code == 404, name
    for name in STAFF_ONLY:
        assert client.get(staff_url(name, world)).status_code == 403, name

    sign_in(client, world["b_staff"])
    page = client.get(reverse("fees:organisation_invoices")).content.decode()
    assert numbers["bob"] in page and numbers["alice"] not in page
    assert client.get(object_url("fees:invoice_detail", world, "alice")).status_code == 404


def test_organisation_staff_without_the_second_factor_see_no_invoice_of_theirs(client, world):
    sign_in(client, world["a_staff"], second_factor=False)

    response = client.get(reverse("fees:organisation_invoices"))
    assert response.status_code == 302 and reverse("accounts:two_factor") in response["Location"]
    assert client.get(object_url("fees:invoice_detail", world, "alice")).status_code == 404


def test_staff_of_an_organisation_no_longer_approved_see_nothing(client, world):
    world["org_a"].status = "suspended"
    world["org_a"].save()
    sign_in(client, world["a_staff"])

    assert client.get(reverse("fees:organisation_invoices")).status_code == 403
    assert client.get(object_url("fees:invoice_detail", world, "alice")).status_code == 404


@pytest.mark.parametrize("make", [coordinator, registry_admin])
def test_coordinators_and_registry_admins_open_everything(client, world, make):
    sign_in(client, make())

    for name in OBJECT:
        for whose in ("alice", "bob", "carol"):
            assert client.get(object_url(name, world, whose)).status_code in (200, 202), name
    for name in STAFF_ONLY | SIGNED_IN:
        assert client.get(staff_url(name, world)).status_code == 200, name
    # Not on an organisation's staff: that page is not theirs.
    assert client.get(reverse("fees:organisation_invoices")).status_code == 403


def test_reviewers_open_nobodys_invoice(client, world):
    sign_in(client, reviewer())

    for name in OBJECT:
        for whose in ("alice", "bob", "carol"):
            assert client.get(object_url(name, world, whose)).status_code == 404, name
    for name in STAFF_ONLY:
        assert client.get(staff_url(name, world)).status_code == 403, name
    assert client.get(reverse("fees:organisation_invoices")).status_code == 403


@pytest.mark.parametrize("count", [1, 5])
def test_the_organisation_page_queries(client, django_assert_num_queries, count):
    schedule()
    org = organisation()
    member = staff_member(org=org)
    recorder = registry_admin()
    for _ in range(count):
        invoice_payer_set(invoice=invoice_for(), organisation=org, actor=recorder)
    invoice_for()  # someone else's: not listed
    sign_in(client, member)

    # session, user with roles, OTP device, the membership with its organisation, the
    # invoices (person, category), their lines, the outstanding totals
    with django_assert_num_queries(7):
        response = client.get(reverse("fees:organisation_invoices"))
    assert response.content.decode().count("Not paid yet") == count
