"""A Spanish reader's journey in Chromium (issue 16, acceptance): she chooses Español in the
header, signs up, confirms her address from the Spanish email, fills her profile and
portfolio (education, work, training), logs an RSC session, applies for IFA, asks three
references choosing Spanish for each rater, and each rater answers in Spanish from the
emailed link; she signs the Code of Ethics and submits. Two reviewers reading in English
review it, a coordinator reading in English endorses it, and the holder downloads her
certificate in Spanish (checked with pypdf).

Every person acts through the real pages. The applicant, the raters and the holder read in
Spanish; the reviewers and the coordinator log in through the real log-in page with their
second-factor code (conftest.browser_log_in) and read in English.

Each Spanish page: `<html lang="es">`, axe-clean (no serious or critical violation), and no
English left, judged as the Spanish walk judges it (core/tests/spanish.py): the same page is
fetched in English for the same person, and a piece of prose shown identically in both is
untranslated unless it is data. Screenshots go to /work/briefs/shots/ (SPANISH_SHOTS
overrides).

Controls are found by stable attributes (href, name=, value): the Spanish wording is the
translators' and may change.
"""

import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import coordinator
from applicants.tests.factories import pdf_bytes
from conftest import browser_log_in
from core.tests import spanish
from endorsements.models import Application, ApplicationStatus, Endorsement
from endorsements.review.models import Assignment
from endorsements.review.tests.factories import qualified_reviewer
from endorsements.review.tests.test_browser import decide_in_browser, review_in_browser
from endorsements.tests.factories import rater_endorsement
from messaging.models import Message

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(os.environ.get("SPANISH_SHOTS", "/work/briefs/shots"))
EMAIL = "lucia.hernandez@example.org"
PASSWORD = "una-frase-larga-y-rara"
# (name, email, relationship, holds an endorsement of this registry)
RATERS = [
    ("María López", "maria.lopez@example.org", "current_supervisor", True),
    ("Daniel Ortiz", "daniel.ortiz@example.org", "colleague", False),
    ("Graciela Ruiz", "graciela.ruiz@example.org", "other", False),
]
REFERENCE_LINK = re.compile(r"https?://\S+/reference/\S+/")


def _english_of(url: str, user=None) -> str:
    """The same page for the same person in English: the account's language (which wins over
    the browser's) set to English for the one request, and the language cookie too."""
    from accounts.models import User

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    chosen = ""
    if user is not None:
        client.force_login(user)
        chosen = User.objects.get(pk=user.pk).preferred_language
        User.objects.filter(pk=user.pk).update(preferred_language="en")
    try:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    finally:
        if user is not None:
            User.objects.filter(pk=user.pk).update(preferred_language=chosen)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert spanish.html_lang(html) == "en", url
    return html


def _spanish_page(page, assert_accessible, shot: str, *, person=None, compare=True):
    """A Spanish page: lang="es", axe-clean, a screenshot, and (unless `compare` is False, for
    a page that cannot be fetched twice) no prose shown as on the same page in English."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es", page.url
    heading = page.locator("h1").first.inner_text()
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    if compare:
        path = re.sub(r"^https?://[^/]+", "", page.url)
        english = _english_of(path, person)
        left = spanish.untranslated(english, page.content(), spanish.database_data())
        assert not left, f"English left on {path} ({shot}):\n" + "\n".join(left)
        assert heading not in spanish.page_segments(english)[1] or not spanish.prose_words(
            heading, spanish.database_data()
        ), f"the heading of {path} is the English one: {heading!r}"
    return heading


def _form_submit(page):
    """The main form's own submit button (not the header's language or log-out buttons)."""
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()


def _staff_browser(browser, live_server, user):
    """A separate browser for a staff member, logged in through the real pages (password,
    then the authenticator's code), reading in English."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    browser_log_in(page, user.email)
    return page


def _english_page(page, assert_accessible):
    assert page.locator("html").get_attribute("lang") == "en", page.url
    assert_accessible(page)


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_spanish_reader_applies_and_downloads_a_spanish_certificate(
    page, browser, live_server, assert_accessible, tmp_path
):
    from accounts.models import User
    from applicants.models import Education, Training, WorkExperience
    from reflective_supervision.models import SupervisionSession

    today = timezone.localdate()
    # María is endorsed in this registry: her name and number make her claim count at once.
    maria = rater_endorsement(given_name="María", family_name="López")
    ruth = qualified_reviewer(given_name="Ruth", family_name="Reviewer")
    ralph = qualified_reviewer(given_name="Ralph", family_name="Second")
    cora = coordinator(given_name="Cora", family_name="Coordinator")

    # --- Sign up in Spanish ------------------------------------------------------------------
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    _spanish_page(page, assert_accessible, "01-inicio")

    page.locator(f"a[href='{reverse('accounts:signup')}']").first.click()
    _spanish_page(page, assert_accessible, "02-crear-cuenta")
    page.locator("[name=given_name]").fill("Lucía")
    page.locator("[name=family_name]").fill("Hernández")
    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    _form_submit(page)
    assert page.url.endswith(reverse("accounts:signup_done")), page.url
    _spanish_page(page, assert_accessible, "03-revise-su-correo")
    lucia = User.objects.get(email=EMAIL)
    assert lucia.preferred_language == "es"

    email = Message.objects.get(recipient=EMAIL, template="verify_email")
    assert email.language == "es"
    link = re.search(r"(http://\S+/accounts/verify/\S+/)", email.body_text).group(1)
    page.goto(link)
    # The confirmation link works once: the page it leads to is not fetched again.
    _spanish_page(page, assert_accessible, "04-iniciar-sesion", compare=False)
    page.locator("[name=username]").fill(EMAIL)
    page.locator("[name=password]").fill(PASSWORD)
    _form_submit(page)
    page.get_by_text("Lucía").first.wait_for()
    _spanish_page(page, assert_accessible, "05-panel", person=lucia)

    # --- Profile and portfolio ---------------------------------------------------------------
    page.goto(reverse("applicants:profile"))
    _spanish_page(page, assert_accessible, "06-perfil", person=lucia)
    page.locator("[name=phone]").fill("860-555-0123")
    page.locator("[name=work_county]").select_option(label="Hartford")
    page.locator("[name=new_agency_name]").fill("Centro Familiar de Hartford")
    page.locator("[name=new_agency_program_type]").select_option("home_visiting")
    page.locator("[name=job_title]").fill("Visitadora domiciliaria")
    page.locator("input[name=languages]").first.check()
    page.locator("[name=membership_number]").fill("CT-4242")
    page.locator("[name=membership_expires_on]").fill((today + timedelta(days=300)).isoformat())
    _form_submit(page)
    _spanish_page(page, assert_accessible, "07-perfil-guardado", person=lucia)

    transcript = tmp_path / "Certificado de estudios.pdf"
    transcript.write_bytes(pdf_bytes())
    page.goto(reverse("applicants:education_add"))
    _spanish_page(page, assert_accessible, "08-estudios", person=lucia)
    page.locator("[name=degree_level]").select_option("associate")
    page.locator("[name=institution]").fill("Universidad de Puerto Rico")
    page.locator("[name=completed_on]").fill(date(today.year - 6, 5, 20).isoformat())
    page.locator("[name=transcript_upload]").set_input_files(str(transcript))
    _form_submit(page)
    _spanish_page(page, assert_accessible, "09-estudios-guardados", person=lucia)

    page.goto(reverse("applicants:work_add"))
    _spanish_page(page, assert_accessible, "10-trabajo", person=lucia)
    page.locator("[name=employer]").fill("Centro Familiar de Hartford")
    page.locator("[name=role]").fill("Visitadora domiciliaria")
    page.locator("[name=kind]").select_option("direct")
    page.locator("[name=start_date]").fill((today - timedelta(days=3 * 365)).isoformat())
    page.locator("[name=hours_per_week]").fill("37.5")
    page.locator("[name=families_served]").fill("30")
    page.locator("[name=age_band]").select_option("infant")
    _form_submit(page)
    _spanish_page(page, assert_accessible, "11-trabajo-guardado", person=lucia)

    # Two trainings that together make 30 hours across every domain.
    for n, (title, hours) in enumerate(
        (("Fundamentos de salud mental infantil", "18"), ("Trabajar con las familias", "12"))
    ):
        page.goto(reverse("applicants:training_add"))
        if n == 0:
            _spanish_page(page, assert_accessible, "12-formacion", person=lucia)
        page.locator("[name=title]").fill(title)
        page.locator("[name=provider]").fill("CT-AIMH")
        page.locator("[name=date]").fill((today - timedelta(days=40)).isoformat())
        page.locator("[name=hours]").fill(hours)
        page.locator("[name=format]").select_option("in_person")
        for box in page.locator("input[name=competencies]").all():
            box.check()
        _form_submit(page)
    _spanish_page(page, assert_accessible, "13-formacion-guardada", person=lucia)
    assert Education.objects.filter(user=lucia).exists()
    assert WorkExperience.objects.filter(user=lucia).exists()
    assert Training.objects.filter(user=lucia).count() == 2

    # --- RSC: one session logged by hand, with a new provider ----------------------------------
    page.goto(reverse("reflective_supervision:log"))
    _spanish_page(page, assert_accessible, "14-rsc-vacio", person=lucia)
    page.goto(reverse("reflective_supervision:add"))
    _spanish_page(page, assert_accessible, "15-rsc-sesion", person=lucia)
    page.locator("[name=date]").fill((today - timedelta(days=20)).isoformat())
    page.locator("[name=hours]").fill("1")
    page.locator("[name=minutes]").fill("30")
    page.locator("input[name=format][value=individual]").check()
    page.locator("input[name=modality][value=virtual]").check()
    page.locator("input[name=age_band][value=infant]").check()
    page.locator("[name=provider]").select_option("new")
    page.locator("[name=provider_name]").fill("Mina Patel")
    page.locator("[name=provider_email]").fill("mina@example.org")
    _form_submit(page)
    _spanish_page(page, assert_accessible, "16-rsc-registro", person=lucia)
    assert SupervisionSession.objects.filter(supervisee=lucia, duration_minutes=90).exists()

    # --- Apply for IFA ------------------------------------------------------------------------
    page.goto(reverse("endorsements:application_start"))
    _spanish_page(page, assert_accessible, "17-nueva-solicitud", person=lucia)
    page.locator("button[name=category][value=IFA]").click()
    page.wait_for_load_state()
    application = Application.objects.get(applicant=lucia)
    assert page.url.endswith(reverse("endorsements:application_detail", args=[application.pk]))
    _spanish_page(page, assert_accessible, "18-solicitud", person=lucia)

    # --- References: each rater reads in Spanish -----------------------------------------------
    for name, address, relationship, endorsed in RATERS:
        page.goto(reverse("endorsements:reference_add", args=[application.pk]))
        if endorsed:
            _spanish_page(page, assert_accessible, "19-invitar-evaluador", person=lucia)
        page.locator("[name=rater_name]").fill(name)
        page.locator("[name=rater_email]").fill(address)
        page.locator("input[name=language][value=es]").check()
        page.locator(f"input[name=relationship][value={relationship}]").check()
        if endorsed:
            page.locator("[name=rater_endorsed]").check()
            page.locator("[name=rater_endorsement_number]").fill(maria.number)
        _form_submit(page)
    assert page.url.endswith(reverse("endorsements:reference_list", args=[application.pk]))
    _spanish_page(page, assert_accessible, "20-evaluadores", person=lucia)
    assert application.references.filter(language="es").count() == 3

    # Each rater (no account, a browser asking for English) answers from the emailed link.
    for n, (name, address, _relationship, _endorsed) in enumerate(RATERS):
        invitation = Message.objects.get(recipient=address, template="reference_request")
        assert invitation.language == "es"
        link = REFERENCE_LINK.search(invitation.body_text).group(0)
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        rater = context.new_page()
        rater.goto(link)
        if n == 0:
            _spanish_page(rater, assert_accessible, "21-evaluacion")
        else:
            assert rater.locator("html").get_attribute("lang") == "es"
        questions = rater.locator("input[type=radio][name^=item_][value='4']")
        assert questions.count() >= 5
        for i in range(questions.count()):
            questions.nth(i).check()
        rater.locator("[name=comments]").fill(f"{name}: trabaja con mucho cuidado.")
        _form_submit(rater)
        if n == 0:
            # The thank-you page answers the POST: it is not fetched again.
            _spanish_page(rater, assert_accessible, "22-evaluacion-enviada", compare=False)
        context.close()
    assert application.references.filter(completed_at__isnull=False).count() == 3

    # The membership she typed is a claim until a coordinator checks it against the
    # association's list (memberships/tests/test_browser.py walks that page): Cora confirms it.
    from memberships.models import Membership
    from memberships.services import membership_claim_confirm

    membership_claim_confirm(
        claim=Membership.objects.get(person=lucia, status="claimed"),
        actor=cora,
        starts_on=today - timedelta(days=65),
        ends_on=today + timedelta(days=300),
        membership_type="individual",
    )

    # --- Code of Ethics, then submit ------------------------------------------------------------
    page.goto(reverse("endorsements:attestation", args=[application.pk]))
    _spanish_page(page, assert_accessible, "23-codigo-de-etica", person=lucia)
    page.locator("[name=agree]").check()
    page.locator("[name=typed_name]").fill("lucía hernández")
    _form_submit(page)
    _spanish_page(page, assert_accessible, "24-listo-para-enviar", person=lucia)
    # Every checklist item says, in Spanish, how it stands (a sentence that fails to render in
    # Spanish is left out silently, which the comparison with English cannot see).
    rows = page.locator("section[aria-labelledby=checklist-heading] li")
    assert rows.count() == 8
    for i in range(rows.count()):
        assert rows.nth(i).locator("p").first.inner_text().strip(), rows.nth(i).inner_text()

    submit_form = page.locator(
        f"form[action='{reverse('endorsements:submit', args=[application.pk])}']"
    )
    confirm = submit_form.first.get_attribute("data-confirm")
    page.once("dialog", lambda dialog: dialog.accept())
    submit_form.first.locator("[type=submit]").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED, application.status
    assert application.snapshot["checklist"]["complete"] is True
    _spanish_page(page, assert_accessible, "25-enviada", person=lucia)
    assert confirm and "Submit" not in confirm, confirm  # the confirmation is asked in Spanish
    submitted = Message.objects.get(recipient=EMAIL, template="application_submitted")
    assert submitted.language == "es"

    # --- Reviewers and coordinator in English ---------------------------------------------------
    boss = _staff_browser(browser, live_server, cora)
    boss.goto("/review/inbox/")
    boss.get_by_role("heading", name="Review inbox").wait_for()
    _english_page(boss, assert_accessible)
    boss.get_by_role("link", name="Assign reviewers for Lucía Hernández").click()
    boss.get_by_role("heading", name="Assign reviewers").wait_for()
    _english_page(boss, assert_accessible)
    boss.get_by_label("Ruth Reviewer (0 open)").check()
    boss.get_by_label("Ralph Second (0 open)").check()
    boss.get_by_role("button", name="Assign reviewers").click()
    boss.get_by_text("Reviewers assigned.").wait_for()
    assert Assignment.objects.filter(application=application).count() == 2

    for reviewer in (ruth, ralph):
        reviewer_page = _staff_browser(browser, live_server, reviewer)
        if reviewer is ruth:
            # The portfolio Lucía entered in Spanish reads in English for the reviewer: the
            # snapshot keeps codes, and each page writes them in its reader's language.
            reviewer_page.goto("/review/queue/")
            reviewer_page.get_by_role("link", name=re.compile("^Open review")).first.click()
            reviewer_page.get_by_role("heading", name=re.compile("^Review of")).wait_for()
            _english_page(reviewer_page, assert_accessible)
            SHOTS.mkdir(parents=True, exist_ok=True)
            reviewer_page.screenshot(path=str(SHOTS / "26-revision-en.png"), full_page=True)
            shown = reviewer_page.locator("main").inner_text()
            assert "Associate degree" in shown and "Título de asociado" not in shown
            assert "Direct work with infants, young children and families" in shown
            assert "Universidad de Puerto Rico" in shown  # her own words stay as she wrote
        review_in_browser(reviewer_page, "Endorse", assert_accessible)
        assert reviewer_page.locator("html").get_attribute("lang") == "en"
        reviewer_page.context.close()

    decide_in_browser(boss, application, "Endorse", assert_accessible)
    assert boss.locator("html").get_attribute("lang") == "en"
    boss.context.close()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDORSED
    credential = Endorsement.objects.get(application=application)
    endorsed = Message.objects.get(recipient=EMAIL, template="review_endorsed")
    assert endorsed.language == "es"

    # --- The holder downloads her certificate in Spanish ---------------------------------------
    page.goto(reverse("credentials:my_endorsements"))
    _spanish_page(page, assert_accessible, "27-mis-avales", person=lucia)
    certificate_url = reverse("credentials:certificate_download", args=[credential.pk])
    page.locator(f"a[href='{certificate_url}?language=es']").click()
    # Never made in Spanish yet: the worker makes it now, and the page says to reload.
    page.wait_for_load_state()
    _spanish_page(page, assert_accessible, "28-certificado-en-preparacion", compare=False)
    with page.expect_download() as info:
        page.evaluate("() => location.reload()")
    download = info.value
    pdf = Path(download.path()).read_bytes()
    text = _pdf_text(pdf)

    assert "Lucía Hernández" in text and credential.number in text
    from endorsements.credentials.services import certificates

    english = _pdf_text(certificates.certificate_pdf_bytes(credential, language="en"))
    assert text != english
    left = spanish.untranslated_text(english, text, spanish.database_data())
    assert not left, "English on the downloaded Spanish certificate:\n" + "\n".join(left)
    from django.utils import translation
    from django.utils.translation import gettext

    for words in ("certifies that", "is endorsed as", "Valid through"):
        with translation.override("es"):
            assert gettext(words) in text, (words, text)
        assert words not in text, (words, text)
    with translation.override("es"):
        assert certificates.date_text(credential.valid_through) in text, text
        assert credential.category.name in text, text  # the category's Spanish name
    with translation.override("en"):
        assert certificates.date_text(credential.valid_through) not in text, text
    # The file is named in Spanish too.
    assert download.suggested_filename.endswith(".pdf") and credential.number in (
        download.suggested_filename
    )
    assert "certificate" not in download.suggested_filename, download.suggested_filename
