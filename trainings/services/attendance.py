"""Attendance: a provider's roster is uploaded, matched, fixed and confirmed; confirmed lines
credit their attendees (a verified training in their portfolio) or invite them by email; an
attendee claims an invitation, or logs a catalog training they attended themselves.

Matching is by email first (the account's address, or another address the person proved by
claiming an invitation sent to it; any capitalisation), then by name. A name that two people
share is ambiguous and never guessed: the provider adds the email.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Lower
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applicants import services as applicant_services
from core import links
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from organisations.names import name_key

from ..models import (
    Attendance,
    AttendanceRoster,
    AttendanceSource,
    AttendeeAddress,
    CatalogTraining,
    Invitation,
    MatchOutcome,
    RosterLine,
    RosterState,
)
from ..rosters import parse_hours


class TrainingNotApproved(Exception):
    """A roster for a training a coordinator has not approved: refused."""


class RosterNotReady(Exception):
    """Lines still need fixing (ambiguous or unreadable), or the roster is already confirmed."""


# --- Matching ----------------------------------------------------------------------------------


def _people_by_email(emails: set[str]) -> dict[str, User]:
    """Accounts by lower-cased address: their login address or a proved other address (two
    queries)."""
    if not emails:
        return {}
    found = {
        u.email.lower(): u
        for u in User.objects.annotate(key=Lower("email")).filter(key__in=emails, is_active=True)
    }
    for address in (
        AttendeeAddress.objects.annotate(key=Lower("email"))
        .filter(key__in=emails - set(found), person__is_active=True)
        .select_related("person")
    ):
        found.setdefault(address.email.lower(), address.person)
    return found


def _people_by_name(names: set[str]) -> dict[str, list[User]]:
    """Accounts by folded full name (one query); a list, since people share names."""
    if not names:
        return {}
    lowered = {" ".join(n.lower().split()) for n in names}
    found: dict[str, list[User]] = defaultdict(list)
    for user in User.objects.annotate(
        full=Lower(Concat("given_name", Value(" "), "family_name"))
    ).filter(full__in=lowered, is_active=True):
        found[name_key(user.full_name)].append(user)
    return found


def _judge(line: dict, *, training: CatalogTraining, by_email, by_name) -> dict:
    """Outcome, person, minutes and problem code of one typed line."""
    email = (line.get("email") or "").strip()
    name = " ".join((line.get("name") or "").split())
    typed = line.get("hours")
    typed_text = "" if typed in (None, "") else str(typed).strip()
    result = {"name": name, "email": email, "hours_typed": typed_text[:30], "person": None}
    if typed_text == "":
        minutes = training.minutes  # an empty cell: the whole training
    else:
        hours = parse_hours(typed)
        minutes = None if hours is None else int((hours * 60).to_integral_value())
    result["minutes"] = minutes
    problem = ""
    if minutes is None:
        problem = "hours_unreadable"
    elif minutes == 0:
        problem = "hours_zero"
    elif minutes > training.minutes:
        problem = "hours_over"
    if email:
        try:
            validate_email(email)
        except Exception:
            problem = problem or "email_invalid"
    if problem:
        return {**result, "outcome": MatchOutcome.INVALID, "problem": problem}
    person = by_email.get(email.lower()) if email else None
    if person is not None:
        return {**result, "outcome": MatchOutcome.EMAIL, "person": person, "problem": ""}
    namesakes = by_name.get(name_key(name), []) if name else []
    if len(namesakes) == 1:
        return {**result, "outcome": MatchOutcome.NAME, "person": namesakes[0], "problem": ""}
    if len(namesakes) > 1:
        return {**result, "outcome": MatchOutcome.AMBIGUOUS, "problem": "several"}
    if email:
        return {**result, "outcome": MatchOutcome.NOBODY, "problem": ""}
    return {**result, "outcome": MatchOutcome.INVALID, "problem": "no_email"}


def match_lines(*, training: CatalogTraining, lines: list[dict]) -> list[dict]:
    """Judge every line at once (three queries whatever the number of lines)."""
    emails = {(line.get("email") or "").strip().lower() for line in lines} - {""}
    names = {" ".join((line.get("name") or "").split()) for line in lines} - {""}
    by_email = _people_by_email(emails)
    by_name = _people_by_name(names)
    return [
        {
            "line": line["line"],
            **_judge(line, training=training, by_email=by_email, by_name=by_name),
        }
        for line in lines
    ]


# --- The roster --------------------------------------------------------------------------------


@transaction.atomic
def roster_upload(
    *, training: CatalogTraining, user: User, filename: str, lines: list[dict]
) -> AttendanceRoster:
    """Keep an uploaded roster for the preview, every line matched.

    Side effects, in order: the roster (being checked); its lines. Raises TrainingNotApproved
    for a training not (yet) approved.
    """
    if not training.is_approved:
        raise TrainingNotApproved
    roster = AttendanceRoster.objects.create(
        training=training, uploaded_by=user, filename=filename[:200]
    )
    RosterLine.objects.bulk_create(
        RosterLine(roster=roster, **judged)
        for judged in match_lines(training=training, lines=lines)
    )
    return roster


def roster_line_fix(*, line: RosterLine, name: str, email: str, hours, skip: bool) -> RosterLine:
    """Correct one line of a roster still being checked and match it again.

    Side effects: the line. Raises RosterNotReady for a confirmed roster."""
    roster = line.roster
    if roster.state != RosterState.PREVIEW:
        raise RosterNotReady
    if skip:
        line.outcome, line.problem, line.person = MatchOutcome.SKIPPED, "", None
    else:
        typed = {"line": line.line, "name": name, "email": email, "hours": hours}
        if hours is None:
            typed["hours"] = ""
        judged = match_lines(training=roster.training, lines=[typed])[0]
        judged.pop("line")
        for field, value in judged.items():
            setattr(line, field, value)
    line.save()
    return line


def roster_blocking_lines(roster: AttendanceRoster) -> int:
    return roster.lines.filter(outcome__in=(MatchOutcome.INVALID, MatchOutcome.AMBIGUOUS)).count()


def _logged_data(training: CatalogTraining, minutes: int) -> dict:
    """The facts of a person's training log row for a catalog training (pre-tagged)."""
    return {
        "title": training.title[:250],
        "provider": training.provider.name[:200],
        "date": training.starts_on,
        "end_date": training.ends_on,
        "minutes": minutes,
        "format": training.format,
        # A training partly about DEI or RSC provision is tagged so when the topic is most of
        # it; the hours that count toward those parts are the catalog's, see the README.
        "dei": training.dei_minutes * 2 >= training.minutes,
        "rsc_provision": training.rsc_provision_minutes * 2 >= training.minutes,
    }


def _competency_ids(training: CatalogTraining) -> list[int]:
    return [c.pk for c in training.competencies.all()]


def attendance_credit(
    *, training: CatalogTraining, person: User, minutes: int, line: RosterLine | None
) -> tuple[Attendance, bool]:
    """Credit `person` with attending `training` as its provider says: one attendance and one
    verified log row per person and training, however many rosters list them. A training the
    person logged themselves from the catalog turns verified (no second row).

    Side effects, in order: the attendance (locked, made or brought up to date); the person's
    log row (through applicants' services). Returns (attendance, created)."""
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        training=training,
        person=person,
        defaults={"source": AttendanceSource.ROSTER, "minutes": minutes, "line": line},
    )
    if not created:
        attendance.source, attendance.minutes, attendance.line = (
            AttendanceSource.ROSTER,
            minutes,
            line,
        )
    logged = applicant_services.training_record_verified(
        user=person,
        training=attendance.logged,
        data=_logged_data(training, minutes),
        competency_ids=_competency_ids(training),
    )
    attendance.logged = logged
    attendance.save()
    return attendance, created


@transaction.atomic
def roster_confirm(*, roster: AttendanceRoster, user: User) -> dict:
    """Confirm a checked roster: matched people are credited, the rest invited.

    Side effects, in order: the roster locked and marked confirmed (RosterNotReady if lines
    need fixing or it was confirmed already); for each matched line an attendance and a
    verified training in the person's portfolio; for each line with an address and no
    account an invitation (once per training and address) and its email through the outbox;
    an audit row; after commit, each new or changed attendance's certificate queued.
    Returns the counts {"credited", "invited"}.
    """
    roster = (
        AttendanceRoster.objects.select_for_update().select_related("training").get(pk=roster.pk)
    )
    training = roster.training
    if roster.state != RosterState.PREVIEW or roster_blocking_lines(roster):
        raise RosterNotReady
    if not training.is_approved:
        raise TrainingNotApproved
    credited, invited, to_render = 0, 0, []
    for line in roster.lines.select_related("person").order_by("line"):
        if line.matched and line.person_id:
            attendance, _created = attendance_credit(
                training=training, person=line.person, minutes=line.minutes, line=line
            )
            to_render.append(attendance.pk)
            credited += 1
        elif line.outcome == MatchOutcome.NOBODY and line.email:
            invitation = Invitation.objects.filter(
                training=training, email__iexact=line.email
            ).first()
            if invitation is None:
                invitation = Invitation.objects.create(
                    training=training,
                    email=line.email,
                    name=line.name,
                    minutes=line.minutes,
                    line=line,
                )
            elif invitation.claimed_by_id is None:
                invitation.minutes, invitation.line = line.minutes, line
                invitation.save(update_fields=["minutes", "line", "updated_at"])
            invitation_send(invitation=invitation)
            invited += 1
    roster.state, roster.confirmed_at = RosterState.CONFIRMED, timezone.now()
    roster.save(update_fields=["state", "confirmed_at", "updated_at"])
    audit_record(
        action=AuditAction.ATTENDANCE_CONFIRMED,
        actor=user,
        target=training,
        details={"roster": roster.pk, "credited": credited, "invited": invited},
    )
    from .certificates import attendance_certificate_enqueue

    transaction.on_commit(
        lambda: [attendance_certificate_enqueue(attendance_id=pk) for pk in to_render],
        robust=True,
    )
    return {"credited": credited, "invited": invited}


# --- Invitations ---------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return links.link_token(links.TRAINING_INVITATION, {"i": invitation.pk})


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None for a link that is broken or too old."""
    try:
        data = links.link_payload(links.TRAINING_INVITATION, token)
    except links.LinkError:
        return None
    return (
        Invitation.objects.select_related("training__provider")
        .filter(pk=data.get("i"), claimed_by__isnull=True)
        .first()
    )


def invitation_send(*, invitation: Invitation) -> int:
    """The invitation email (once per invitation). Side effects: one outbox row."""
    training = invitation.training
    return send_templated_email(
        "trainings_invitation",
        to=invitation.email,
        context={
            "name": invitation.name,
            "title": training.title,
            "provider": training.provider.name,
            "link": settings.SITE_URL
            + reverse("trainings:claim", kwargs={"token": invitation_token(invitation)}),
            "signup": settings.SITE_URL + reverse("accounts:signup"),
        },
        idempotency_key=f"training-invitation:{invitation.pk}",
        kind="training_invitation",
        about=training,
    )


@transaction.atomic
def invitation_claim(*, invitation: Invitation, user: User) -> Attendance:
    """The invited person, now signed in, claims the training: it is credited to them as
    verified, and the invited address becomes one of theirs for later rosters (they proved
    it by opening the link sent to it).

    Side effects, in order: the invitation locked and marked claimed (ValueError if it was
    already); the address kept (unless it is already someone's); the attendance and verified
    training; after commit, the certificate queued."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.claimed_by_id is not None:
        raise ValueError("already claimed")
    locked.claimed_by, locked.claimed_at = user, timezone.now()
    locked.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    if locked.email.lower() != user.email.lower() and not (
        AttendeeAddress.objects.filter(email__iexact=locked.email).exists()
        or User.objects.filter(email__iexact=locked.email).exists()
    ):
        AttendeeAddress.objects.create(person=user, email=locked.email)
    attendance, _created = attendance_credit(
        training=locked.training, person=user, minutes=locked.minutes, line=locked.line
    )
    from .certificates import attendance_certificate_enqueue

    transaction.on_commit(
        lambda: attendance_certificate_enqueue(attendance_id=attendance.pk), robust=True
    )
    return attendance


# --- Logged by the attendee ---------------------------------------------------------------------


@transaction.atomic
def attendance_self_report(*, training: CatalogTraining, user: User) -> Attendance:
    """An attendee adds an approved catalog training to their own log in one step: the whole
    training, self-reported, pre-tagged with its areas. A later roster turns it verified.

    Side effects, in order: the attendance (self-reported); the person's log row. Returns the
    existing attendance when there is one (nothing twice)."""
    if not training.is_approved:
        raise TrainingNotApproved
    existing = Attendance.objects.filter(training=training, person=user).first()
    if existing is not None:
        return existing
    logged = applicant_services.training_create(
        user=user,
        data=_logged_data(training, training.minutes),
        competency_ids=_competency_ids(training),
    )
    return Attendance.objects.create(
        training=training,
        person=user,
        source=AttendanceSource.SELF_REPORTED,
        minutes=training.minutes,
        logged=logged,
    )
