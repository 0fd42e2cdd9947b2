"""An organisation's whole journey in Chromium: a person signs up and registers their
organisation, a coordinator approves it, the staff member sets up the second factor, uploads
a roster, downloads the result and watches a holder; the holder then lapses through the daily
job's own service, the daily digest task runs, and the outbox holds the digest for the
organisation's staff. Each page visited is checked with axe."""

import base64
import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import coordinator
from conftest import browser_log_in
from endorsements.credentials.services.reminders import lapse_candidates
from endorsements.credentials.tasks import endorsements_lapse
from endorsements.credentials.tests.factories import endorsement
from endorsements.models import Endorsement
from messaging.models import Message

from ..models import Organisation
from ..tasks import organisation_digests_send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/work/briefs/shots")
PASSPHRASE = "a-long-unusual-passphrase"


def code_from_key(key: str) -> str:
    """What an authenticator app shows for the key typed in from the setup page."""
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(secret):06d}"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"org-{name}.png"), full_page=True)


def test_an_organisation_signs_up_checks_a_roster_and_hears_of_a_lapse(
    page, browser, live_server, assert_accessible
):
    today = timezone.localdate()
    # A holder whose renewal deadline and grace period have passed without a renewal: still
    # active until the daily job next runs.
    ana = endorsement(
        given_name="Ana", family_name="Muñoz", issued_on=today - timedelta(days=2 * 365 + 60)
    )
    assert ana.status == "active" and ana.valid_through < today - timedelta(days=31)
    coordinator(email="cora@association.example.org", given_name="Cora")

    # A person signs up, confirms their address and logs in.
    page.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Hana")
    page.get_by_label("Last name").fill("Sato")
    page.get_by_label("Email address").fill("hana@harbor.example.org")
    page.get_by_label("Create a password").fill(PASSPHRASE)
    page.get_by_label("Confirm the password").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    link = re.search(r"(http://\S+/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Email address").fill("hana@harbor.example.org")
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Welcome back, Hana").wait_for()

    # They register their organisation; a mistake is explained and nothing typed is lost.
    page.goto("/organisations/")
    page.get_by_role("heading", name="You are not on an organisation's staff here").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_role("heading", name="Register your organisation").wait_for()
    assert_accessible(page)
    page.get_by_label("Why do you check endorsements?").fill("We hire home visitors.")
    page.get_by_role("button", name="Register organisation").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    shoot(page, "1-register")
    assert page.get_by_label("Why do you check endorsements?").input_value() == (
        "We hire home visitors."
    )
    page.get_by_label("Organisation name").fill("Harbor Early Childhood")
    page.get_by_label("Employer or agency").check()
    page.get_by_role("button", name="Register organisation").click()
    page.get_by_text("waiting for a coordinator to approve it").wait_for()
    assert_accessible(page)
    harbor = Organisation.objects.get(name="Harbor Early Childhood")
    assert harbor.status == "pending"

    # A coordinator, in their own browser, approves it.
    coordinator_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    coordinator_context.set_default_timeout(15_000)
    cora = coordinator_context.new_page()
    try:
        browser_log_in(cora, "cora@association.example.org")
        cora.get_by_role("link", name="Organisations", exact=True).first.click()
        cora.get_by_role("heading", name="Waiting for approval").wait_for()
        assert_accessible(cora)
        cora.get_by_role("listitem").get_by_role("link", name="Harbor Early Childhood").click()
        cora.get_by_role("heading", name="Harbor Early Childhood").wait_for()
        assert cora.get_by_text("We hire home visitors.").is_visible()
        assert cora.get_by_text("hana@harbor.example.org").is_visible()
        assert_accessible(cora)
        cora.get_by_label("Note to the organisation").fill("Welcome aboard.")
        shoot(cora, "2-approve")
        cora.get_by_role("button", name="Approve organisation").click()
        cora.get_by_text("Harbor Early Childhood is approved.").wait_for()
        assert_accessible(cora)
    finally:
        coordinator_context.close()
    approval = mail.outbox[-1]
    assert approval.to == ["hana@harbor.example.org"]
    assert "approved Harbor Early Childhood" in approval.body and "Welcome aboard." in approval.body

    # The staff member follows the email's link and sets up the second factor.
    page.goto(re.search(r"(http://\S+/organisations/)", approval.body).group(1))
    page.get_by_role("heading", name="Set up two-factor authentication").wait_for()
    assert_accessible(page)
    key = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code").fill(code_from_key(key))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.get_by_role("heading", name="Recovery codes", exact=True).wait_for()
    assert_accessible(page)
    assert TOTPDevice.objects.get(user__email="hana@harbor.example.org").confirmed
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.get_by_role("heading", name="Harbor Early Childhood").wait_for()
    assert_accessible(page)

    # They upload a roster made from their own records: Ana, and someone nobody knows.
    roster = io.StringIO()
    writer = csv.writer(roster)
    writer.writerow(["Name", "Email", "Endorsement number"])
    writer.writerow(["Ana Muñoz", "", ana.number])
    writer.writerow(["Noor Nobody", "noor@example.org", ""])
    page.get_by_role("link", name="Upload a staff roster").click()
    page.get_by_role("heading", name="Upload a staff roster").wait_for()
    assert_accessible(page)
    page.get_by_label("Roster file (CSV or Excel)").set_input_files(
        {"name": "staff.csv", "mimeType": "text/csv", "buffer": roster.getvalue().encode()}
    )
    page.get_by_role("button", name="Check roster").click()
    page.get_by_role("heading", name="Roster results").wait_for()
    page.get_by_text("2 people checked.").wait_for()
    rows = page.get_by_role("table").get_by_role("row")
    ana_row = rows.filter(has_text="Ana Muñoz")
    assert "Matched" in ana_row.inner_text() and ana.number in ana_row.inner_text()
    assert "Active, valid through" in ana_row.inner_text()
    assert "Matches nobody" in rows.filter(has_text="Noor Nobody").inner_text()
    assert_accessible(page)
    shoot(page, "3-roster")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the results (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-results.csv")
    result = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert result[0] == [
        "Line",
        "Name",
        "Email",
        "Endorsement number given",
        "Result",
        "Endorsement number",
        "Category",
        "Status",
        "Current",
        "Valid through",
        "Status code",
    ]
    assert result[1][:6] == ["2", "Ana Muñoz", "", ana.number, "Matched", ana.number]
    assert result[1][7:] == ["Active", "yes", ana.valid_through.isoformat(), "active"]
    assert result[2] == [
        "3",
        "Noor Nobody",
        "noor@example.org",
        "",
        "Matches nobody",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    assert len(result) == 3

    # They watch Ana.
    page.get_by_role("button", name="Watch row 2").click()
    page.get_by_text("You now watch 1 more endorsement.").wait_for()
    page.get_by_role("heading", name="Staff you watch").wait_for()
    assert page.get_by_role("cell", name="Ana Muñoz", exact=True).is_visible()
    assert_accessible(page)

    # Tonight: the daily job lapses Ana (her grace period is over), then the digest goes out.
    due = lapse_candidates(today=today)
    assert ana.pk in due
    assert endorsements_lapse(endorsement_ids=due, today=today.isoformat()) == len(due)
    assert Endorsement.objects.get(pk=ana.pk).status == "lapsed"
    organisation_digests_send()

    digest = Message.objects.get(kind="organisation_digest")
    assert digest.recipient == "hana@harbor.example.org"
    assert digest.subject.startswith("Harbor Early Childhood: 1 change")
    lapse_line = f"- Ana Muñoz, {ana.category.name} ({ana.number}): lapsed, not renewed."
    assert f"{lapse_line} It is not current.\n\nSomeone whose" in digest.body_text
    assert "Ana Muñoz" in digest.body_html
    organisation_digests_send()  # a second run the same day sends nothing more
    assert Message.objects.filter(kind="organisation_digest").count() == 1

    # The watch list shows it too.
    page.reload()
    lapsed_row = page.get_by_role("row").filter(has_text="Ana Muñoz")
    assert "Lapsed" in lapsed_row.inner_text()
    assert_accessible(page)
    shoot(page, "4-watches")
