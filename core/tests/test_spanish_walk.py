"""The whole site in Spanish (issue 16): every page every demo person can reach, rendered in
English and in Spanish, must be wholly Spanish in Spanish, say so in `<html lang>`, and cost
the same number of queries in both languages.

How: the demo world (`seed_demo` plus the objects the permission walk adds) is built once for
the module; each demo person, and an anonymous visitor with the signed links people receive,
walks the site breadth-first from their home page, following every same-site link. Each page
is rendered twice per language (the first warms the caches, the second is counted and
compared). A segment of text the Spanish page shows exactly as the English one does, and that
is neither data nor a cognate, is English left behind (see core/tests/spanish.py).

`SPANISH_WALK_REPORT=/tmp/untranslated.txt` writes the full list, one `URL (person): 'text'`
a line, grouped by page, for whoever fixes them; `SPANISH_WALK_DUMP=/tmp/walk-pages` writes both
renders of every page with a finding.
"""

import os
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from conftest import otp_verify_session
from core.tests import spanish
from core.tests.test_site_permissions import PUBLIC, _extra_objects, url_patterns

# The walk itself runs in a module fixture; the mark makes pytest-django create the database.
pytestmark = pytest.mark.django_db

PEOPLE = [
    None,  # an anonymous visitor
    "applicant@example.org",  # a draft application, a portfolio, RSC sessions
    "applicant2@example.org",  # a submitted application
    "applicant3@example.org",  # an overdue review
    "emerging@example.org",  # a holder
    "lapsed@example.org",  # a lapsed holder who may reinstate
    "reviewer@example.org",
    "reviewer2@example.org",
    "coordinator@example.org",
    "admin@example.org",
    "org-staff@example.org",  # an approved employer's staff: rosters, watches, API keys
    "provider@example.org",  # the demo training provider's staff: trainings and rosters
]
# Never followed: leaving, the Django admin and the translators' tool (their own languages),
# development pages and static files.
SKIP_PREFIXES = ("/admin/", "/translations/", "/dev/", "/static/", "/media/", "/accounts/logout/")
PER_NAME = 3  # pages of one URL pattern per person: the fourth detail page teaches nothing new
PER_PERSON = 150

# URL patterns that never answer GET with a page, so the walk cannot and need not render them.
NOT_PAGES = {
    # Actions: POST only (@require_POST).
    "core:language",
    "logout",
    "applicants:education_delete",
    "applicants:work_delete",
    "applicants:training_delete",
    "applicants:leadership_delete",
    "applicants:documents_delete",
    "reflective_supervision:delete",
    "reflective_supervision:import_save",
    "reflective_supervision:import_discard",
    "reflective_supervision:import_row_remove",
    "reflective_supervision:ask",
    "reflective_supervision:request_resend",
    "endorsements:submit",
    "endorsements:withdraw",
    "endorsements:reference_resend",
    "endorsements:reference_waiver",
    "review:resubmission_return",
    "endorsements:reference_remove",
    "review:inbox_assign",
    "review:assignment_remove",
    "review:held_decision_cancel",
    "review:conflict_delete",
    "credentials:archive",
    "credentials:unarchive",
    "credentials:request_approve",
    "credentials:request_decline",
    "credentials:credential_lift",
    "credentials:renewal_approve",
    "credentials:renewal_decline",
    "applicants:training_verified",
    "organisations:organisation_approve",
    "organisations:organisation_decline",
    "organisations:organisation_suspend",
    "organisations:watch_add",
    "organisations:watch_stop",
    "trainings:attended",
    "trainings:roster_confirm",
    "trainings:decline",
    # Files, not pages: checked as files (the certificate in test_spanish_pdf) or data formats.
    "applicants:file_download",
    "review:file",
    "review:exam_answers",
    "credentials:certificate_download",
    "credentials:renewal_evidence_file",
    "credentials:verify_json",
    "core:audit_log_csv",
    "reports:endorsed_csv",
    "reports:endorsed_xlsx",
    "reports:renewals_due_csv",
    "reports:lapses_csv",
    "reports:export_download",
    "organisations:roster_template",  # CSV
    "organisations:roster_download",  # CSV
    "trainings:roster_template",  # CSV
    "portable:reciprocal_evidence",  # the evidence file
    # Machine formats: Open Badges credentials (JSON), keys (JWKS), status lists (JWT) and the
    # verification API (JSON, its OpenAPI schema, and its root, which redirects to the docs).
    "portable:credential",
    "portable:jwks",
    "portable:key",
    "portable:issuer",
    "portable:status_list",
    "api:api-root",
    "api:credential",
    "api:verifications",
    "api:openapi-json",
    "fees:report_csv",  # CSV
    "fees:report_xlsx",  # a spreadsheet
    # Server to server.
    "messaging:postmark_webhook",
    "fees:card_webhook",  # an online card provider's webhook: 404 while none is configured
    "memberships:claim_reject",
    "memberships:import_confirm",
    "memberships:import_discard",
}


# Pages the walk does not reach yet, each for a reason to remove when the world grows.
NOT_WALKED_YET = {
    # Staff are signed in with the second factor passed; the set-up page then sends them on.
    "accounts:two_factor",
    # A real token verifies the address and redirects; a bad one redirects to a message.
    "accounts:verify_email",
    # The demo world has no renewal picked for audit, no exam-pending application and no
    # Part 2 paper to score.
    "credentials:renewal_evidence",
    "review:exam_record",
    "review:exam_score",
}


def _html(response) -> bool:
    # 202: a document still being made (an invoice's or receipt's PDF) answers with a page
    # that says so; the walk's world never commits, so its PDFs are never made.
    html = response.get("Content-Type", "").startswith("text/html")
    return response.status_code in (200, 202) and html


def _local(url: str, base: str) -> str | None:
    """The path (with query) of a same-site link, or None."""
    if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, url))
    if parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return path


class Links(spanish.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def _name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _get(client, url, language):
    # As a reader who chose the language in the header (the cookie), with a browser that
    # asks for it too: pages that follow the language of an invitation (a rater's, a
    # provider's) give way to the reader's own choice.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _counted(client, url, language):
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, url, language)
    return response, len(queries.captured_queries)


def signed_links() -> list[str]:
    """The pages people reach from an email, with real tokens made the way the app makes them."""
    from accounts.models import User
    from accounts.services import email_verification_token
    from endorsements.models import Endorsement, ReferenceRequest
    from endorsements.services.references import reference_token
    from reflective_supervision.models import AttestationRequest
    from reflective_supervision.services.attestation import attestation_token

    found = []
    for request in AttestationRequest.objects.order_by("pk")[:2]:
        found.append(
            reverse("reflective_supervision:attest", args=[attestation_token(request=request)])
        )
    for reference in ReferenceRequest.objects.order_by("pk")[:3]:
        found.append(
            reverse("endorsements:reference_rate", args=[reference_token(reference=reference)])
        )
    for endorsement in Endorsement.objects.exclude(verification_code="").order_by("pk")[:3]:
        found.append(reverse("credentials:verify", args=[endorsement.verification_code]))
    unverified = User.objects.filter(email_verified_at__isnull=True).first()
    if unverified is None:
        unverified = User.objects.create_user(
            email="nueva@example.org", password="x-Unused-2026", given_name="Nueva", family_name="P"
        )
    found.append(reverse("accounts:verify_email", args=[email_verification_token(user=unverified)]))
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    holder = User.objects.get(email="emerging@example.org")
    found.append(
        reverse(
            "password_reset_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(holder.pk)),
                default_token_generator.make_token(holder),
            ],
        )
    )
    return found


def _try(name, *args):
    return [reverse(name, args=args)]


def extra_starts(email) -> list[str]:
    """Pages no link leads to (reached from an email, a redirect after a form, a button that
    opens a form): each person starts there too."""
    from accounts.models import User
    from endorsements.credentials.models import RenewalSubmission
    from endorsements.models import Application, Endorsement
    from endorsements.reports.models import ReportExport
    from endorsements.review.models import Part2Score
    from reflective_supervision.models import AttestationRequest, StagedImport

    user = User.objects.get(email=email)
    starts = ["/", reverse("password_change_done")]
    if user.is_staff_member:
        starts += [reverse("accounts:two_factor"), reverse("accounts:recovery_codes")]
    for staged in StagedImport.objects.filter(supervisee=user):
        starts += _try("reflective_supervision:import_preview", staged.pk)
        if staged.rows:
            starts += _try("reflective_supervision:import_row", staged.pk, 0)
    for asked in AttestationRequest.objects.filter(supervisee=user):
        starts += _try("reflective_supervision:request_email", asked.pk)
    for endorsement in Endorsement.objects.filter(holder=user):
        starts += _try("credentials:reinstate", endorsement.pk)
    for renewal in RenewalSubmission.objects.filter(endorsement__holder=user):
        starts += _try("credentials:renewal_evidence", renewal.pk)
    for export in ReportExport.objects.filter(owner=user):
        starts += _try("reports:export", export.pk)
    for score in Part2Score.objects.filter(scorer=user):
        starts += _try("review:exam_score", score.pk)
    from organisations.models import Membership

    if Membership.objects.filter(user=user).exists():  # no menu links to it yet: a bookmark
        starts += _try("organisations:home")
    from trainings.models import AttendanceRoster

    # A roster still being checked, whose training may be past the three the walk opens.
    for roster in AttendanceRoster.objects.filter(
        state="preview", training__provider__memberships__user=user
    ).order_by("pk")[:1]:
        starts += _try("trainings:roster_detail", roster.pk)
    if email == "applicant2@example.org":  # works for no organisation: may register one
        starts += _try("organisations:register")
    if email == "emerging@example.org":  # an attendee invited by a roster, signed in
        from trainings.models import Invitation
        from trainings.services.attendance import invitation_token

        for invitation in Invitation.objects.filter(claimed_by__isnull=True).order_by("pk")[:1]:
            starts += _try("trainings:claim", invitation_token(invitation))
        starts += _try("trainings:claim", "not-a-real-token")
    from fees.models import Allocation

    # A receipt's PDF, linked only once it is made: its "being prepared" page.
    for allocation in Allocation.objects.filter(invoice__person=user).order_by("pk")[:1]:
        starts += _try("fees:receipt_pdf", allocation.pk)
    if email == "coordinator@example.org":
        from memberships.models import MemberListImport

        # The staged member list (its preview is reached from the upload's redirect).
        for staged in MemberListImport.objects.filter(state="preview").order_by("pk")[:1]:
            starts += _try("memberships:import_preview", staged.pk)
        # An invoice with a payment on it (its refund link), past the three the walk opens.
        for allocation in Allocation.objects.filter(payment__kind="payment").order_by("pk")[:1]:
            starts += _try("fees:invoice_detail", allocation.invoice_id)
        for application in Application.objects.order_by("pk")[:PER_NAME]:
            starts += _try("review:return", application.pk)
        for application in Application.objects.filter(status="exam_pending")[:1]:
            starts += _try("review:exam_record", application.pk)
    return starts


def public_starts() -> list[str]:
    starts = []
    for name, route, _ in url_patterns():
        if name in PUBLIC and "<" not in route and name not in NOT_PAGES:
            starts.append(reverse(name))
    # A link that does not work (expired, mistyped) has its own page.
    starts.append(reverse("accounts:verify_email", args=["not-a-real-token"]))
    starts.append(reverse("reflective_supervision:attest", args=["not-a-real-token"]))
    return starts + signed_links()


class Page:
    __slots__ = ("url", "person", "name", "lang", "english", "spanish", "queries")

    def __init__(self, url, person, name, lang, english, spanish, queries):
        self.url, self.person, self.name, self.lang = url, person, name, lang
        self.english, self.spanish, self.queries = english, spanish, queries

    @property
    def where(self) -> str:
        return f"{self.url} ({self.person or 'anonymous'})"


def crawl(client, person, starts, data) -> list[Page]:
    queue = deque(starts)
    seen: set[str] = set(starts)
    per_name: dict[str, int] = {}
    pages: list[Page] = []
    while queue and len(pages) < PER_PERSON:
        url = queue.popleft()
        name = _name(url)
        if name is None or name in NOT_PAGES:
            continue
        if per_name.get(name, 0) >= PER_NAME:
            continue
        # Warm both languages first (first-hit caches, lazy sessions), then count and compare.
        warm = _get(client, url, "en")
        if warm.status_code in (301, 302, 303):
            target = _local(warm["Location"], url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if not _html(warm):
            continue
        _get(client, url, "es")
        english, english_queries = _counted(client, url, "en")
        spanish_response, spanish_queries = _counted(client, url, "es")
        if not (_html(english) and _html(spanish_response)):
            continue
        english_html = english.content.decode()
        spanish_html = spanish_response.content.decode()
        per_name[name] = per_name.get(name, 0) + 1
        pages.append(
            Page(
                url,
                person,
                name,
                spanish.html_lang(spanish_html),
                english_html,
                spanish_html,
                (english_queries, spanish_queries),
            )
        )
        for href in links(english_html):
            target = _local(href, url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


def _client_for(email):
    from accounts.models import User
    from organisations.models import Membership

    client = Client()
    if email is not None:
        user = User.objects.get(email=email)
        client.force_login(user)
        # Staff, and an organisation's staff, pass the second factor.
        if user.is_staff_member or Membership.objects.filter(user=user).exists():
            otp_verify_session(client, user)
    return client


class Walk:
    def __init__(self):
        self.pages: list[Page] = []
        self.untranslated: dict[str, list[str]] = {}
        self.emails: list[Email] = []
        self.data = spanish.Data()
        self.email_untranslated: dict[str, list[str]] = {}
        self.flow_errors: dict[str, str] = {}
        self.seconds = 0.0


class Email:
    """One email the portal wrote, rendered again in each language with its caller's context."""

    __slots__ = ("template", "english", "spanish")

    def __init__(self, template, english, spanish):
        self.template, self.english, self.spanish = template, english, spanish


class EmailSpy:
    """Every `render_email` call (the one way the portal writes an email: queued now or
    rendered on the worker) is let through untouched and also rendered in English and
    Spanish with the same context, so each email is checked with what its real caller
    passes. Not a mock: the real function runs and its answer is returned as it is."""

    def __init__(self):
        self.emails: list[Email] = []
        self._patches = []

    def __enter__(self):
        from messaging.services import delivery, queue

        original = queue.render_email

        def spy(template, context, *, language):
            self.emails.append(
                Email(
                    template,
                    original(template, context, language="en"),
                    original(template, context, language="es"),
                )
            )
            return original(template, context, language=language)

        for module in (queue, delivery):
            self._patches.append((module, module.render_email))
            module.render_email = spy
        return self

    def __exit__(self, *exc):
        for module, original in self._patches:
            module.render_email = original


def email_failures(emails, data) -> dict[str, list[str]]:
    """{"email <template>": untranslated segments of its subject, text and HTML parts}."""
    failures: dict[str, list[str]] = {}
    for email in emails:
        (en_subject, en_text, en_html), (es_subject, es_text, es_html) = (
            email.english,
            email.spanish,
        )
        found = spanish.untranslated_text(en_subject, es_subject, data)
        found += spanish.untranslated_text(en_text, es_text, data)
        found += spanish.untranslated(en_html, es_html, data)
        if found:
            seen = failures.setdefault(f"email {email.template}", [])
            seen += [segment for segment in dict.fromkeys(found) if segment not in seen]
    return failures


def world_extras():
    """What the demo world lacks for a page to show: a staged import with a row to fix and
    an RSC provider asked to confirm sessions (the email, the link, the 'wrong address' page)."""
    from accounts.models import User
    from reflective_supervision.models import Provider, StagedImport, SupervisionSession
    from reflective_supervision.services import attestation

    applicant = User.objects.get(email="applicant@example.org")
    StagedImport.objects.create(
        supervisee=applicant,
        filename="sesiones.csv",
        rows=[{"line": 2, "values": {"date": "2026-13-01", "minutes": "sixty", "provider": ""}}],
    )
    unconfirmed = SupervisionSession.objects.filter(
        supervisee=applicant, status="unconfirmed", provider__isnull=False
    ).values_list("provider", flat=True)
    for provider in Provider.objects.filter(pk__in=unconfirmed).exclude(email="")[:1]:
        attestation.attestation_request_send(supervisee=applicant, provider=provider)
    # Issue 17: the employer of the permission walk (_extra_objects) watches a demo holder's
    # credential (its watches page lists it).
    from endorsements.models import Endorsement
    from organisations.models import Membership
    from organisations.services.watches import watch_start

    staff = Membership.objects.select_related("organisation", "user").get(
        user__email="org-staff@example.org"
    )
    watch_start(
        organisation=staff.organisation,
        user=staff.user,
        endorsements=list(Endorsement.objects.filter(status="active").order_by("pk")[:2]),
    )
    # Issue 18: the provider's roster of a past training, still being checked, with lines to
    # fix (an unreadable number of hours, a line with neither email nor name).
    from trainings.models import CatalogTraining
    from trainings.services.attendance import roster_upload

    provider = User.objects.get(email="provider@example.org")
    past = CatalogTraining.objects.get(title="Observation and Screening in Home Visiting")
    roster_upload(
        training=past,
        user=provider,
        filename="observation-attendance.csv",
        lines=[
            {"line": 2, "name": "", "email": "emerging@example.org", "hours": "4,5"},
            {"line": 3, "name": "Luis Ortega", "email": "", "hours": "many"},
            {"line": 4, "name": "", "email": "", "hours": ""},
        ],
    )

    # Issue 19: the coordinator's member list, staged for its preview (one row to add, one
    # with no account here, one that cannot be read).
    from memberships.imports import read_member_list
    from memberships.member_list import member_list_stage

    member_list_stage(
        actor=User.objects.get(email="coordinator@example.org"),
        filename="miembros.csv",
        date_order="dmy",
        rows=read_member_list(
            b"Email,Number,Type,Start,End\n"
            b"applicant@example.org,CT-000142,individual,01/01/2026,31/12/2026\n"
            b"nadie@example.org,CT-9,student,2026-01-01,2026-12-31\n"
            b"applicant3@example.org,CT-8,,2026-01-01,31-31-2026\n"
        ),
    )


def email_flows():
    """Real flows that send the emails browsing does not: signing up (new and existing
    address) and asking for a new password, through the real pages."""
    client = Client()
    for email in ("nuevo@example.org", "applicant@example.org"):
        client.post(
            reverse("accounts:signup"),
            {
                "email": email,
                "given_name": "Nuevo",
                "family_name": "Solicitante",
                "password1": "una-Clave-larga-2026",
                "password2": "una-Clave-larga-2026",
            },
            HTTP_ACCEPT_LANGUAGE="es",
        )
    client.post(
        reverse("password_reset"), {"email": "emerging@example.org"}, HTTP_ACCEPT_LANGUAGE="es"
    )


class _RolledBack(Exception):
    """Raised at the end of each story flow so its changes go and the next starts afresh."""


def _person(email):
    from accounts.models import User

    return User.objects.get(email=email)


def _app(email, status):
    from endorsements.models import Application

    return Application.objects.select_related("category", "applicant").get(
        applicant__email=email, status=status
    )


def flow_references():
    """The applicant asks a rater (reference_request); the rater answers (reference_completed)."""
    from endorsements import selectors
    from endorsements.models import ReferenceRelationship
    from endorsements.services import references

    asked = references.reference_invite(
        application=_app("applicant@example.org", "draft"),
        rater_name="Marta Ruiz",
        rater_email="marta.ruiz@example.org",
        relationship=ReferenceRelationship.COLLEAGUE,
    )
    items = list(selectors.rating_items_active())
    references.reference_complete(
        reference=asked, ratings={item.pk: "4" for item in items}, items=items, comments="Sí."
    )


def flow_application_submitted():
    """The confirmation the applicant gets when submitting (the demo's submitted one)."""
    from endorsements.services.applications import application_submitted_email_send

    application_submitted_email_send(application_id=_app("applicant2@example.org", "submitted").pk)


def flow_review_starts():
    """The coordinator assigns reviewers: review_started (applicant), review_assigned (each)."""
    from endorsements.review.services import assignment

    application = _app("applicant2@example.org", "submitted")
    from accounts.models import User
    from endorsements.review.models import ReviewerConflict

    # The demo's reviewers who declared no conflict with this applicant.
    conflicted = ReviewerConflict.objects.filter(person=application.applicant).values("reviewer")
    reviewers = list(
        User.objects.filter(email__startswith="reviewer")
        .exclude(pk__in=conflicted)
        .order_by("email")
    )
    assignment.assignment_create(
        application=application,
        reviewers=reviewers[: assignment.reviewers_required(application)],
        actor=_person("coordinator@example.org"),
    )


def flow_review_returned():
    from endorsements.review.services import assignment

    assignment.application_return_incomplete(
        application=_app("applicant2@example.org", "submitted"),
        actor=_person("coordinator@example.org"),
        message="Falta el certificado de la formación.",
    )


def _open_assignment():
    from endorsements.review.models import Assignment

    return (
        Assignment.objects.filter(completed_at__isnull=True, application__status="in_review")
        .order_by("pk")
        .first()
    )


def flow_review_reminder():
    """The daily job reminds a reviewer three days before the due date."""
    from datetime import timedelta

    from django.conf import settings

    from endorsements.review.services.reminders import review_reminders_send

    due_on = _open_assignment().due_on
    before = getattr(settings, "REVIEW_REMINDER_DAYS_BEFORE", 3)
    review_reminders_send(today=due_on - timedelta(days=before))


def flow_review_due_extended():
    from datetime import timedelta

    from django.utils import timezone

    from endorsements.review.services.reassignment import assignment_extend

    assignment_extend(
        assignment=_open_assignment(),
        due_on=timezone.localdate() + timedelta(days=14),
        actor=_person("coordinator@example.org"),
        reason="Vacaciones.",
    )


def _reviewed(recommendation):
    """The overdue demo application with every review of its round in."""
    from endorsements.review.models import Assignment
    from endorsements.review.services import decisions
    from endorsements.review.tests.factories import review_submitted

    application = _app("applicant3@example.org", "in_review")
    held = decisions.held_decision(application)
    if held is not None:  # the demo holds one: withdrawn, to decide again
        decisions.decision_hold_cancel(decision=held, actor=held.decided_by)
    for open_one in Assignment.objects.filter(application=application, completed_at__isnull=True):
        review_submitted(open_one, recommendation=recommendation)
    return application


def _decide(application, outcome, **extra):
    from endorsements.review.services import decisions

    arguments = {
        "application": application,
        "outcome": outcome,
        "actor": _person("coordinator@example.org"),
        "feedback": "Añada más horas de formación.",
        "tie_break_reason": "Decisión de la coordinación.",
        **extra,
    }
    try:
        return decisions.application_decide(**arguments)
    except decisions.UnmetItemsNeedReason:
        return decisions.application_decide(**arguments, unmet_reason="Se cumple en la práctica.")


def flow_review_endorsed():
    """Endorsed: review_endorsed, then the certificate's own email once it is made."""
    from endorsements.credentials.services.certificates import certificate_ready_queue
    from endorsements.models import Endorsement
    from endorsements.review.models import Outcome, Recommendation

    application = _reviewed(Recommendation.ENDORSE)
    _decide(application, Outcome.ENDORSE)
    certificate_ready_queue(endorsement=Endorsement.objects.get(application=application))


def flow_review_deferred():
    from endorsements.review.models import Outcome, Recommendation
    from endorsements.review.snapshot import SECTION_TITLES

    application = _reviewed(Recommendation.DEFER)
    _decide(application, Outcome.DEFER, reopened_sections=list(SECTION_TITLES)[:2])


def flow_review_denied():
    from endorsements.review.models import Outcome, Recommendation

    _decide(_reviewed(Recommendation.DEFER), Outcome.DENY)


def flow_review_exam():
    """A category whose rules ask for the exam: approved to sit it (review_exam_approved), the
    sitting recorded (review_exam_scoring to each scorer), both scorers fail part 2
    (review_exam_failed). The demo's categories ask for no exam, so this flow's rules do."""
    from decimal import Decimal

    from django.utils import timezone

    from endorsements.review.models import Outcome, Part2Score, Recommendation
    from endorsements.review.services import exams

    application = _reviewed(Recommendation.EXAM)
    type(application.requirement_set).objects.filter(pk=application.requirement_set_id).update(
        exam_required=True
    )
    application.refresh_from_db()
    _decide(application, Outcome.EXAM)
    application.refresh_from_db()
    coordinator = _person("coordinator@example.org")
    scorers = [_person("reviewer2@example.org"), _person("admin@example.org")]
    sitting = exams.exam_sitting_record(
        application=application,
        sat_on=timezone.localdate(),
        part1_score=Decimal("85"),
        scorers=scorers,
        actor=coordinator,
        part2_answers="Respuestas.",
    )
    for score in Part2Score.objects.filter(sitting=sitting).select_related("scorer"):
        exams.part2_score_record(score=score, passed=False, comment="No.", actor=score.scorer)


def _active_endorsement(email="reviewer2@example.org"):
    from endorsements.models import Endorsement

    return Endorsement.objects.filter(holder__email=email, status="active").order_by("pk").first()


def flow_credential_suspended_lifted_revoked():
    from endorsements.credentials.services import lifecycle

    coordinator = _person("coordinator@example.org")
    endorsement = lifecycle.endorsement_suspend(
        endorsement=_active_endorsement(), actor=coordinator, reason="Queja en estudio."
    )
    endorsement = lifecycle.endorsement_suspension_lift(
        endorsement=endorsement, actor=coordinator, reason="Queja resuelta."
    )
    lifecycle.endorsement_revoke(
        endorsement=endorsement, actor=coordinator, reason="Falta grave confirmada."
    )


def _renewal():
    from endorsements.credentials.models import RenewalSubmission

    return RenewalSubmission.objects.filter(status="submitted").order_by("pk").first()


def flow_renewal_approved():
    from endorsements.credentials.services.renewals import renewal_approve

    renewal_approve(submission=_renewal(), actor=_person("coordinator@example.org"))


def flow_renewal_declined():
    from endorsements.credentials.services.renewals import renewal_decline

    renewal_decline(
        submission=_renewal(), actor=_person("coordinator@example.org"), note="Faltan horas."
    )


def flow_renewal_audit():
    """A holder renews by attestation and is drawn for the audit: the policy here allows
    attestation and samples everyone (the demo's samples at random)."""
    from datetime import timedelta

    from endorsements.credentials.services import cycles, renewals

    endorsement = _active_endorsement()
    today = endorsement.valid_through - timedelta(days=10)
    cycle = cycles.renewal_cycle_for(endorsement=endorsement, today=today)
    # A current membership (the one item an attestation cannot stand for): the record.
    from memberships.models import Membership

    Membership.objects.create(
        person=endorsement.holder,
        number="CT-2041",
        starts_on=endorsement.valid_through - timedelta(days=30),
        ends_on=endorsement.valid_through + timedelta(days=365),
        source="staff",
    )
    type(cycle.policy).objects.filter(pk=cycle.policy.pk).update(
        audit_sample_percent=100, renew_by_attestation=True
    )
    renewals.renewal_submit(
        endorsement=endorsement,
        ethics=True,
        no_sanctions=True,
        hours_attested=True,
        today=today,
    )


def flow_renewal_reminder():
    """The daily job claims the reminder; the outbox renders it when it sends (deferred)."""
    from datetime import timedelta

    from endorsements.credentials.services.reminders import reminders_claim
    from messaging.models import Message
    from messaging.services.delivery import messages_send

    endorsement = _active_endorsement()
    reminders_claim(today=endorsement.valid_through - timedelta(days=1))
    ids = list(
        Message.objects.filter(
            kind="credentials_renewal_reminder", recipient=endorsement.holder.email
        ).values_list("pk", flat=True)
    )
    messages_send(message_ids=ids)


def flow_membership_dues_reminder():
    """A member's membership ends in 60 days: the daily job's dues reminder (and invoice)."""
    from datetime import timedelta

    from django.utils import timezone

    from memberships.models import Membership
    from memberships.reminders import membership_reminders_claim
    from messaging.models import Message
    from messaging.services.delivery import messages_send

    record = Membership.objects.filter(
        person__email="applicant2@example.org", status="recorded"
    ).first()
    today = timezone.localdate()
    record.ends_on = today + timedelta(days=60)
    record.save(update_fields=["ends_on"])
    membership_reminders_claim(today=today)
    ids = Message.objects.filter(kind="memberships_dues_reminder").values_list("pk", flat=True)
    messages_send(message_ids=list(ids))


def flow_lapsed():
    from datetime import timedelta

    from endorsements.credentials.services.reminders import endorsements_lapse, lapse_candidates

    endorsement = _active_endorsement()
    today = endorsement.valid_through + timedelta(days=400)
    within = [endorsement.pk]
    endorsements_lapse(endorsement_ids=lapse_candidates(today=today, within=within), today=today)


def _credential_request():
    from endorsements.credentials.models import CredentialRequest

    return CredentialRequest.objects.filter(status="requested").order_by("pk").first()


def flow_request_approved():
    from endorsements.credentials.services.requests import credential_request_approve

    credential_request_approve(
        request=_credential_request(),
        actor=_person("coordinator@example.org"),
        reason="Requisitos cumplidos.",
        references_checked=True,
    )


def flow_request_declined():
    from endorsements.credentials.services.requests import credential_request_decline

    credential_request_decline(
        request=_credential_request(),
        actor=_person("coordinator@example.org"),
        reason="Faltan horas.",
    )


def flow_coordinator_digest():
    from endorsements.reports.digest import coordinator_digests_send

    coordinator_digests_send()


def flow_report_export():
    from django.utils import timezone

    from endorsements.reports import services

    export = services.report_export_request(
        owner=_person("coordinator@example.org"),
        params={"as_of": timezone.localdate().isoformat()},
    )
    services.report_export_build(export_id=export.pk)


def flow_rsc_answered():
    """The provider confirms the sessions on the link (rsc_attestation_answered)."""
    from reflective_supervision.models import AttestationRequest
    from reflective_supervision.services import attestation

    asked = AttestationRequest.objects.order_by("pk").first()
    sessions = attestation.attestation_request_sessions(request=asked)
    attestation.attestation_request_complete(
        request=asked, answers={session.pk: ("confirmed", "") for session in sessions}
    )


def _employer():
    from organisations.models import Membership

    return Membership.objects.select_related("organisation", "user").get(
        user__email="org-staff@example.org"
    )


def flow_organisations_decided():
    """Two organisations register; a coordinator approves one and declines the other, with a
    note (organisations_decided, both ways)."""
    from organisations.services.organisations import organisation_register, organisation_transition

    coordinator = _person("coordinator@example.org")
    for email, to in (
        ("applicant2@example.org", "approved"),
        ("applicant3@example.org", "declined"),
    ):
        organisation = organisation_register(
            user=_person(email), name=f"Centro {to}", kind="employer", purpose="Contratamos."
        )
        organisation_transition(
            organisation=organisation, to=to, actor=coordinator, note="Revisado por teléfono."
        )


def flow_organisations_digest():
    """The daily digest of the employer's watched credentials, one change of each kind: one
    came back, one was renewed, one lapsed (organisations_digest)."""
    from datetime import timedelta

    from django.utils import timezone

    from endorsements.models import Endorsement
    from organisations.models import Watch
    from organisations.services.watches import organisation_digest_send, watch_start

    staff = _employer()
    lapsed = Endorsement.objects.filter(status="lapsed").order_by("pk")[:1]
    watch_start(organisation=staff.organisation, user=staff.user, endorsements=list(lapsed))
    watches = list(Watch.objects.filter(organisation=staff.organisation).order_by("pk"))
    for watch, (status, earlier) in zip(
        watches, [("suspended", 0), ("active", 365), ("active", 0)], strict=False
    ):
        Watch.objects.filter(pk=watch.pk).update(
            seen_status=status,
            seen_valid_through=watch.seen_valid_through - timedelta(days=earlier),
        )
    organisation_digest_send(organisation=staff.organisation, day=timezone.localdate())


def flow_trainings_decided():
    """A coordinator declines the provider's training waiting in the queue, with a note, and
    approves a newly submitted one with a change (trainings_decided, each way)."""
    from trainings.models import CatalogTraining, TrainingStatus
    from trainings.services import catalog

    coordinator = _person("coordinator@example.org")
    waiting = CatalogTraining.objects.filter(status=TrainingStatus.PENDING).order_by("pk").first()
    catalog.catalog_training_transition(
        training=waiting, to=TrainingStatus.DECLINED, actor=coordinator, note="Falta el temario."
    )
    from applicants.models import Region
    from demo import trainings as demo_trainings

    spec = {**demo_trainings.SEED_TRAINING, "title": "Otra formación", "sessions": ""}
    again = catalog.catalog_training_submit(
        organisation=waiting.provider,
        user=_person("provider@example.org"),
        data=demo_trainings._data(spec, Region.objects.order_by("pk").first()),
    )
    catalog.catalog_training_transition(
        training=again, to=TrainingStatus.APPROVED, actor=coordinator, changes={"minutes": 600}
    )


def flow_trainings_invitation():
    """The provider confirms a roster listing someone with no account: the invitation."""
    from trainings.models import AttendanceRoster
    from trainings.services import attendance

    roster = AttendanceRoster.objects.filter(state="preview").order_by("pk").first()
    for line in roster.lines.all():
        attendance.roster_line_fix(
            line=line,
            name="Ana Nueva",
            email=f"ana.nueva{line.line}@example.net",
            hours="",
            skip=False,
        )
    attendance.roster_confirm(roster=roster, user=_person("provider@example.org"))


def _registration_owed(email="applicant@example.org"):
    from fees.models import Invoice

    return (
        Invoice.objects.filter(
            person__email=email, reason="application_started", paid_cents=0, waived_cents=0
        )
        .order_by("pk")
        .first()
    )


def flow_fees_invoice_issued():
    """The processing fee falls due on the draft application (as submitting it would raise)."""
    from fees.models import FeeKind, InvoiceReason
    from fees.services.invoices import invoice_raise

    application = _app("applicant@example.org", "draft")
    invoice_raise(
        person=application.applicant,
        reason=InvoiceReason.APPLICATION_SUBMITTED,
        event_key=f"application:{application.pk}:walk-submitted",
        kinds=[FeeKind.PROCESSING],
        category=application.category,
        application=application,
    )


def flow_fees_receipts():
    """The coordinator takes part of applicant@'s registration by cheque, waives the rest, then
    refunds part of the cheque: the three receipts (payment, waiver, refund)."""
    from django.utils import timezone

    from fees.services.payments import Share, payment_record, refund_record, waiver_record

    coordinator = _person("coordinator@example.org")
    today = timezone.localdate()
    invoice = _registration_owed()
    left = invoice.outstanding_cents
    payment = payment_record(
        shares=[Share(invoice.pk, left // 2, left)],
        method="cheque",
        received_on=today,
        actor=coordinator,
        reference="Cheque 2207",
    )
    invoice.refresh_from_db()
    waiver_record(
        invoice=invoice,
        cents=invoice.outstanding_cents,
        seen_outstanding=invoice.outstanding_cents,
        reason="hardship",
        actor=coordinator,
        note="Hardship granted by the board",
        on=today,
    )
    refund_record(
        allocation=payment.allocations.get(),
        cents=500,
        method="cheque",
        actor=coordinator,
        on=today,
        note="Paid twice by mistake",
    )


STORY_FLOWS = [
    flow_references,
    flow_application_submitted,
    flow_review_starts,
    flow_review_returned,
    flow_review_reminder,
    flow_review_due_extended,
    flow_review_endorsed,
    flow_review_deferred,
    flow_review_denied,
    flow_review_exam,
    flow_credential_suspended_lifted_revoked,
    flow_renewal_approved,
    flow_renewal_declined,
    flow_renewal_audit,
    flow_renewal_reminder,
    flow_lapsed,
    flow_request_approved,
    flow_request_declined,
    flow_coordinator_digest,
    flow_report_export,
    flow_rsc_answered,
    flow_organisations_decided,
    flow_organisations_digest,
    flow_trainings_decided,
    flow_trainings_invitation,
    flow_fees_invoice_issued,
    flow_fees_receipts,
    flow_membership_dues_reminder,
]


def story_flows(data) -> dict[str, str]:
    """Run each story flow in its own savepoint, rolled back after it (every flow starts from
    the demo world); the stored strings it made are data for its emails. Returns
    {flow: error} for the flows that broke (their emails may be missing)."""
    errors = {}
    for flow in STORY_FLOWS:
        try:
            with transaction.atomic():
                flow()
                made = spanish.database_data()
                for value in made.exact:
                    data.add(value)
                raise _RolledBack
        except _RolledBack:
            pass
        except Exception as exc:  # reported by test_every_email_is_written_by_the_walk
            errors[flow.__name__] = f"{type(exc).__name__}: {exc}"
    return errors


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the demo world once, walk it as everyone, roll it all back."""
    root = tmp_path_factory.mktemp("walk")
    settings = {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "spanish-walk",
            }
        },
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "MEDIA_ROOT": str(root / "media"),
        "PRIVATE_FILES_ROOT": str(root / "private"),
        "SITE_URL": "http://testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    from django.conf import settings as live

    settings["STORAGES"] = {
        **live.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private"), "base_url": None},
        },
    }
    result = Walk()
    started = time.monotonic()
    with django_db_blocker.unblock(), override_settings(**settings), transaction.atomic():
        from django.core.cache import cache
        from django.core.management import call_command

        from accounts.models import User

        cache.clear()
        spy = EmailSpy().__enter__()
        try:
            call_command("seed_demo", "--quiet")
            _extra_objects()
            world_extras()
            email_flows()
        finally:
            spy.__exit__()
        result.emails = spy.emails
        # The page's language comes from the request here, not from an account's choice.
        User.objects.update(preferred_language="")
        data = result.data = spanish.database_data()
        for person in PEOPLE:
            starts = public_starts() if person is None else extra_starts(person)
            result.pages += crawl(_client_for(person), person, starts, data)
        dump = os.environ.get("SPANISH_WALK_DUMP")  # a folder: both renders of each finding
        for number, page in enumerate(result.pages):
            found = spanish.untranslated(page.english, page.spanish, data)
            if found:
                result.untranslated[page.where] = found
                if dump:
                    Path(dump).mkdir(parents=True, exist_ok=True)
                    for language, html in (("en", page.english), ("es", page.spanish)):
                        Path(dump, f"{number:03d}-{language}.html").write_text(
                            f"<!-- {page.where} -->\n{html}"
                        )
        # The story flows change the world, so they run after the walk, each rolled back.
        spy = EmailSpy().__enter__()
        try:
            result.flow_errors = story_flows(data)
        finally:
            spy.__exit__()
        result.emails += spy.emails
        result.email_untranslated = email_failures(result.emails, data)
        transaction.set_rollback(True)
        cache.clear()
    result.seconds = time.monotonic() - started
    target = os.environ.get("SPANISH_WALK_REPORT")
    if target:
        everything = {**result.untranslated, **result.email_untranslated}
        Path(target).write_text(spanish.report(everything) + "\n", encoding="utf-8")
    return result


def test_the_walk_reaches_every_page(walk):
    names = {name for name, _, _ in url_patterns()}
    pages = names - NOT_PAGES - NOT_WALKED_YET - {n for n in names if n.startswith("rosetta")}
    visited = {page.name for page in walk.pages}

    assert names >= NOT_PAGES, NOT_PAGES - names  # the allowlist names real patterns
    assert not pages - visited, "pages no demo person reached:\n" + "\n".join(
        sorted(pages - visited)
    )


def test_every_page_says_it_is_spanish(walk):
    wrong = [f"{p.where}: lang={p.lang!r}" for p in walk.pages if p.lang != "es"]

    assert not wrong, "\n".join(wrong)


def test_no_english_is_left_on_any_spanish_page(walk):
    count = sum(len(v) for v in walk.untranslated.values())

    assert not walk.untranslated, (
        f"{count} untranslated segments on {len(walk.untranslated)} of {len(walk.pages)} "
        "pages (SPANISH_WALK_REPORT=/tmp/untranslated.txt writes them all):\n"
        + spanish.report(walk.untranslated)
    )


def test_query_counts_do_not_change_with_the_language(walk):
    different = [
        f"{p.where}: {p.queries[0]} queries in English, {p.queries[1]} in Spanish"
        for p in walk.pages
        if p.queries[0] != p.queries[1]
    ]

    assert not different, "\n".join(different)


def email_templates() -> set[str]:
    """Every email the portal can write: each `emails/<name>_subject.txt` in any template
    directory (the project's and each app's)."""
    from django.apps import apps
    from django.conf import settings

    found = set()
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    for root in roots:
        for path in (root / "emails").glob("*_subject.txt"):
            found.add(path.name.removesuffix("_subject.txt"))
    return found


def test_every_email_is_written_by_the_walk(walk):
    written = {email.template for email in walk.emails}
    missing = email_templates() - written

    broken = "".join(f"\n  {flow}: {error}" for flow, error in walk.flow_errors.items())

    assert not missing and not walk.flow_errors, (
        f"{len(missing)} emails no flow of the walk writes (add the flow to STORY_FLOWS):\n"
        + "\n".join(sorted(missing))
        + (f"\nflows that broke:{broken}" if broken else "")
    )


def test_no_english_is_left_in_any_spanish_email(walk):
    count = sum(len(v) for v in walk.email_untranslated.values())

    assert not walk.email_untranslated, (
        f"{count} untranslated segments in {len(walk.email_untranslated)} emails:\n"
        + spanish.report(walk.email_untranslated)
    )
