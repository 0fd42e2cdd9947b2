"""Whole-site permission walk: every URL pattern, with each kind of visitor.

- A page reachable without logging in must be on PUBLIC; everything else sends an anonymous
  visitor to log in (or refuses the method).
- Someone else's object answers 404 (never 200, never a redirect that acts on it). Staff-only
  pages may answer 403 instead, but then exactly as they do for an object that does not exist,
  so the answer never tells whether the object exists.

Another person's objects are made by `seed_demo` after every table's id sequence is moved to
OBJECT_ID, so the first row of every table the demo world creates has that id: one number then
names another person's object in every URL, whatever the model behind it.
"""

import re

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory

OBJECT_ID = 777_777
MISSING_ID = 999_999_991

# Pages anyone may see without logging in (names as in reverse()).
PUBLIC = {
    "core:home",
    "core:language",  # the header's language chooser: anyone may choose
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accounts:signup",
    "accounts:signup_done",
    "accounts:verify_email",
    "accounts:resend_verification",
    "competencies:list",
    "competencies:detail",
    "reflective_supervision:attest",  # an RSC provider's signed link
    "endorsements:reference_rate",  # a reference rater's signed link
    "credentials:verify",
    "credentials:verify_json",
    "organisations:lookup",  # by number and last name: rate-limited, noindex
    # Portable credentials: machine-readable, for any verifier (issue 17).
    "portable:credential",
    "portable:status_list",
    "portable:jwks",
    "portable:key",
    "portable:issuer",
    "reports:registry",
    "reports:rsc_providers",
    "api:openapi-json",  # the verification API's schema and docs: no data in them
    "api:docs",
    "api:api-root",  # sends people to the docs
    "trainings:catalog",  # the training catalog and an approved training's page
    "trainings:detail",
    # Where an online card provider's webhook would post: 404 until one is configured.
    "fees:card_webhook",
}
# Public objects, not anyone's: an approved catalog training (any signed-in person may add it
# to their own log). The 404 walk below does not count reaching them as a leak.
PUBLIC_OBJECTS = {"trainings:detail", "trainings:attended"}
# Server-to-server endpoints: no login, but a shared secret or an API key (anonymous callers
# get 401).
SHARED_SECRET = {"messaging:postmark_webhook", "api:credential", "api:verifications"}


def url_patterns():
    """(name, route, converter names) for every named pattern except the Django admin."""

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                # The Django admin, and django-rosetta's translation screens (registry admins
                # only: core/tests/test_translations.py), are third-party pages with their own
                # URL shapes and access rules.
                if p.app_name == "admin" or str(p.pattern) == "translations/":
                    continue
                ns = p.namespace
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(p.url_patterns, prefix + str(p.pattern), full_ns)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                yield name, prefix + str(p.pattern), p.pattern.converters

    return list(walk(get_resolver().url_patterns, "", None))


def url_for(name, route, converters, *, int_value):
    kwargs = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
        converter = type(converters.get(param)).__name__ if param in converters else "str"
        if converter == "IntConverter":
            kwargs[param] = 0 if param == "index" else int_value
        else:
            kwargs[param] = "not-a-real-token"
    return reverse(name, kwargs=kwargs)


ALL = url_patterns()


def test_every_pattern_is_walked():
    names = {name for name, _, _ in ALL}
    assert len(ALL) > 80
    assert names >= PUBLIC, PUBLIC - names  # the allowlist names real pages
    assert names >= SHARED_SECRET, SHARED_SECRET - names
    # The pages this sprint added are walked too (and are not public).
    assert {"accounts:name", "core:audit_log", "core:audit_log_csv"} <= names - PUBLIC
    assert {"organisations:api_keys", "organisations:api_key_revoke"} <= names - PUBLIC


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "converters"), ALL, ids=[n for n, _, _ in ALL])
def test_anonymous_visitors_see_only_public_pages(client, name, route, converters):
    url = url_for(name, route, converters, int_value=MISSING_ID)

    response = client.get(url)

    if name in PUBLIC:
        assert response.status_code < 500
        return
    if name in SHARED_SECRET:
        if response.status_code != 405:  # answers GET: it must ask for the secret
            assert response.status_code == 401, f"{url} answered {response.status_code}"
            assert not response.cookies
            return
        response = client.post(url, "{}", content_type="application/json")
        assert response.status_code == 401
        assert not response.cookies
        return
    if response.status_code == 405:  # an action: posting must ask for a login too
        response = client.post(url)
    assert response.status_code == 302, f"{url} answered {response.status_code} to anonymous"
    assert response["Location"].startswith(reverse("login")), response["Location"]


@pytest.fixture
def someone_elses_world(django_db_blocker):
    """The demo world, built with every new row's id starting at OBJECT_ID."""
    if connection.vendor != "postgresql":
        pytest.skip("moves PostgreSQL sequences")
    with connection.cursor() as cur:
        # pg_sequences lists identity columns' sequences too (information_schema does not).
        cur.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences"
        )
        for (sequence,) in cur.fetchall():
            cur.execute("SELECT setval(%s, %s, false)", [sequence, OBJECT_ID])
    from django.core.management import call_command

    call_command("seed_demo", "--quiet")
    _extra_objects()
    # The walk is only as good as the world: the first row of each of these is someone's.
    from applicants.models import Education, StoredFile, Training
    from endorsements.models import Application, Endorsement, ReferenceRequest
    from endorsements.review.models import Assignment
    from fees.models import Allocation, Invoice
    from reflective_supervision.models import SupervisionSession

    for model in (
        Invoice,
        Allocation,
        Education,
        Training,
        StoredFile,
        SupervisionSession,
        Application,
        ReferenceRequest,
        Endorsement,
        Assignment,
    ):
        assert model.objects.filter(pk=OBJECT_ID).exists(), model
    from organisations.models import ApiKey

    assert ApiKey.objects.filter(pk=OBJECT_ID).exists()
    from memberships.models import MemberListImport
    from memberships.models import Membership as MembershipRecord

    assert MemberListImport.objects.filter(pk=OBJECT_ID).exists()
    assert MembershipRecord.objects.filter(pk=OBJECT_ID).exists()


def _extra_objects():
    """Objects the demo world does not make: an assignment, an exam sitting, a staged import,
    a renewal submission (with its history), a report export, a holder's request and a held
    decision, all belonging to demo people; and what issue 15's pages show: a corrected name,
    staff-only history rows, a vetted rater and audit rows about an application."""
    from accounts.models import User
    from endorsements.credentials.models import (
        CredentialRequest,
        CredentialRequestEvent,
        RenewalEvent,
        RequestKind,
    )
    from endorsements.credentials.tests.factories import submission
    from endorsements.models import Application, Endorsement
    from endorsements.reports.models import ReportExport
    from endorsements.review.models import Decision, ExamSitting
    from endorsements.review.tests.factories import AssignmentFactory
    from reflective_supervision.models import StagedImport

    application = Application.objects.order_by("pk").first()
    reviewer = User.objects.get(email="reviewer@example.org")
    AssignmentFactory(application=application, reviewer=reviewer)
    ExamSitting.objects.create(
        application=application,
        sat_on="2026-05-01",
        part1_score=85,
        part1_pass_mark=80,
        part1_passed=True,
        part2_answers="Answers",
    )
    StagedImport.objects.create(
        supervisee=User.objects.get(email="applicant@example.org"), filename="log.csv", rows=[]
    )
    renewal = submission(endorsement=Endorsement.objects.order_by("pk").first())
    RenewalEvent.objects.create(
        renewal=renewal, to_status=renewal.status, code="renewal_submitted", note="Holder note"
    )
    ReportExport.objects.create(
        owner=User.objects.get(email="admin@example.org"), kind=ReportExport.Kind.values[0]
    )
    lapsed = Endorsement.objects.get(holder__email="lapsed@example.org")
    request = CredentialRequest.objects.create(
        endorsement=lapsed, kind=RequestKind.REINSTATEMENT, note="Back from leave"
    )
    CredentialRequestEvent.objects.create(
        request=request, to_status=request.status, code="reinstatement_requested"
    )
    overdue = Application.objects.get(applicant__email="applicant3@example.org")
    Decision.objects.create(
        application=overdue,
        round=1,
        from_status=overdue.status,
        outcome="endorse",
        consensus=False,
        tie_break_reason="Held for the committee",
        decided_by=User.objects.get(email="coordinator@example.org"),
    )
    from accounts.services import user_name_correct
    from core.audit import audit_record
    from core.models import AuditAction, HistoryAudience
    from endorsements.models import ApplicationEvent, ReferenceRequest
    from endorsements.services.references import reference_vet

    owner = User.objects.get(email="applicant@example.org")
    user_name_correct(
        user=owner, given_name=owner.given_name, family_name="Applicant-Renamed", actor=owner
    )
    ApplicationEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        note="Internal: reviewers' names",
        audience=HistoryAudience.STAFF,
    )
    RenewalEvent.objects.create(
        renewal=renewal,
        to_status=renewal.status,
        from_status=renewal.status,
        code="renewal_submitted",
        note="Internal: audit sample",
        audience=HistoryAudience.STAFF,
    )
    reference = ReferenceRequest.objects.order_by("pk").first()
    reference_vet(
        reference=reference,
        actor=User.objects.get(email="coordinator@example.org"),
        note="Checked on another association's registry",
    )
    # Issue 17: an approved organisation with its own staff member, a checked roster and a
    # verification of a demo holder's credential (the holder's transparency page shows it),
    # and an API key (its revoke page is the organisation's own).
    from organisations.models import (
        ApiKey,
        Membership,
        Organisation,
        RosterLine,
        RosterRun,
        VerificationRecord,
    )

    org = Organisation.objects.create(
        name="Harbor Early Childhood", kind="employer", status="approved", purpose="We hire"
    )
    Membership.objects.create(organisation=org, user=UserFactory(email="org-staff@example.org"))
    # Issue 19: the employer pays a demo applicant's invoice (its staff's invoices page).
    from fees.models import Invoice

    Invoice.objects.filter(
        pk=Invoice.objects.filter(person__email="applicant2@example.org").order_by("pk")[:1]
    ).update(payer_organisation=org)
    run = RosterRun.objects.create(organisation=org, filename="staff.csv", total=1, done=1)
    RosterLine.objects.create(run=run, line=2, name="Somebody Else", outcome="no_match")
    VerificationRecord.objects.create(
        organisation=org, endorsement=Endorsement.objects.order_by("pk").first(), channel="roster"
    )
    # Issue 17 (reciprocity): a demo holder's endorsement from another association, with
    # its evidence file (its id is the first of its table: OBJECT_ID).
    from applicants.models import StoredFile
    from portable.models import ReciprocalEndorsement

    holder = User.objects.get(email="applicant@example.org")
    ReciprocalEndorsement.objects.create(
        holder=holder,
        issuing_association="Michigan AIMH",
        number="MI-1",
        category="IFA",
        valid_through="2027-12-31",
        method="evidence",
        evidence_file=StoredFile.objects.filter(owner=holder).order_by("pk").first(),
    )
    ApiKey.objects.create(organisation=org, name="Payroll", prefix="0123456789ab", digest="0" * 64)
    # Issue 19: a staged member list (staff pages only) beside the demo's membership records.
    from memberships.member_list import member_list_stage

    member_list_stage(
        actor=User.objects.get(email="coordinator@example.org"), filename="members.csv", rows=[]
    )
    audit_record(
        action=AuditAction.REVIEW_SUBMITTED,
        actor=reviewer,
        application_id=application.pk,
        subject=application.applicant,
        details={"recommendation": "endorse", "round": 1},
    )


def _answer(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response.status_code


VISITORS = {
    "another applicant": [Role.APPLICANT],
    "an unassigned reviewer": [Role.REVIEWER],
}


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_someone_elses_objects_answer_404(client, someone_elses_world, visitor):
    client.force_login(UserFactory(roles=VISITORS[visitor]))
    leaks = []
    for name, route, converters in ALL:
        if not any(type(c).__name__ == "IntConverter" for c in converters.values()):
            continue
        if name in PUBLIC_OBJECTS:
            continue
        existing = _answer(client, url_for(name, route, converters, int_value=OBJECT_ID))
        missing = _answer(client, url_for(name, route, converters, int_value=MISSING_ID))
        if existing == 404:
            continue
        if existing == 403 and missing == 403:
            continue  # a staff-only page, refused alike whether the object exists or not
        leaks.append(f"{name}: {existing} (missing object: {missing})")

    assert not leaks, f"{visitor} reached someone else's objects:\n" + "\n".join(leaks)


@pytest.mark.django_db
def test_the_owner_reaches_the_same_urls(client, someone_elses_world):
    from accounts.models import User

    client.force_login(User.objects.get(email="applicant@example.org"))

    for name in ("applicants:education_edit", "endorsements:application_detail"):
        assert client.get(reverse(name, args=[OBJECT_ID])).status_code == 200, name
