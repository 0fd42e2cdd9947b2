"""Roster runs: store the lines, match them to credentials (here or on the worker), record
who was checked."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.broker import enqueue
from core.models import AuditAction
from endorsements.credentials import selectors as credential_selectors
from endorsements.models import Endorsement

from ..models import (
    Organisation,
    RosterLine,
    RosterOutcome,
    RosterRun,
    RosterStatus,
    VerificationChannel,
    VerificationRecord,
)
from ..names import last_name_matches, name_key

logger = logging.getLogger(__name__)
CHUNK = 500


@transaction.atomic
def roster_run_create(
    *, organisation: Organisation, user: User, filename: str, lines: list[dict]
) -> RosterRun:
    """Keep the roster's lines and check them: here when there are at most
    ROSTER_WORKER_ROWS, else on the worker (queued after commit).

    Side effects, in order: the run and its lines; an audit row; the matching (small
    rosters) or a task queued on commit (large ones).
    """
    run = RosterRun.objects.create(
        organisation=organisation, uploaded_by=user, filename=filename[:200], total=len(lines)
    )
    RosterLine.objects.bulk_create(
        [
            RosterLine(
                run=run,
                line=item["line"],
                name=item["name"],
                email=item["email"],
                number=item["number"],
            )
            for item in lines
        ],
        batch_size=1000,
    )
    audit_record(
        action=AuditAction.ROSTER_CHECKED,
        actor=user,
        target=run,
        details={"organisation": organisation.pk, "lines": len(lines)},
    )
    if len(lines) <= settings.ROSTER_WORKER_ROWS:
        while roster_run_step(run_id=run.pk):
            pass
        run.refresh_from_db()
    else:
        from ..tasks import roster_run_process

        transaction.on_commit(lambda: enqueue(roster_run_process, run_id=run.pk))
    return run


@transaction.atomic
def roster_run_step(*, run_id: int) -> bool:
    """Check the next CHUNK of lines not yet checked; False when none were left.

    Safe to run twice or in two workers at once: lines are claimed with SKIP LOCKED and only
    those still unchecked; `done` is recounted, never added to. Side effects: the lines'
    outcomes, a VerificationRecord per credential matched, the run's progress.
    """
    run = RosterRun.objects.select_related("organisation").filter(pk=run_id).first()
    if run is None:
        return False
    lines = list(
        RosterLine.objects.select_for_update(skip_locked=True)
        .filter(run=run, outcome="")
        .order_by("line")[:CHUNK]
    )
    if lines:
        records = roster_lines_match(lines)
        RosterLine.objects.bulk_update(lines, ["outcome", "holder", "results"])
        VerificationRecord.objects.bulk_create(
            [
                VerificationRecord(
                    organisation=run.organisation,
                    endorsement_id=pk,
                    channel=VerificationChannel.ROSTER,
                )
                for pk in records
            ]
        )
    done = RosterLine.objects.filter(run=run).exclude(outcome="").count()
    left = done < run.total
    RosterRun.objects.filter(pk=run.pk).update(
        done=done,
        status=RosterStatus.RUNNING if left else RosterStatus.DONE,
        finished_at=None if left else timezone.now(),
    )
    return bool(lines) and left


def _result(endorsement: Endorsement) -> dict:
    facts = credential_selectors.verification_facts(endorsement)
    return {
        "number": facts["number"],
        "category": facts["category"],
        "category_code": facts["category_code"],
        "status": facts["status"],
        "current": facts["current"],
        "valid_through": facts["valid_through"],
    }


def roster_lines_match(lines: list[RosterLine]) -> list[int]:
    """Set each line's outcome, holder and results, in three queries whatever their number
    (credentials by number, by email, by last name). Returns the ids of the credentials
    matched, one per line and credential."""
    numbers = {line.number.upper() for line in lines if line.number}
    emails = {line.email.lower() for line in lines if line.email}
    surnames = {
        name_key(line.name).split(" ")[-1]
        for line in lines
        if line.name and not line.number and not line.email
    }
    base = Endorsement.objects.select_related("category", "holder")
    by_number = {e.number.upper(): e for e in base.filter(number__in=numbers)} if numbers else {}
    by_holder: dict[int, list[Endorsement]] = {}
    by_email: dict[str, int] = {}
    if emails:
        for e in base.annotate(holder_email=Lower("holder__email")).filter(holder_email__in=emails):
            by_holder.setdefault(e.holder_id, []).append(e)
            by_email[e.holder.email.lower()] = e.holder_id
    by_surname: dict[str, list[Endorsement]] = {}
    if surnames:
        candidates = base.annotate(last=Lower("holder__family_name")).filter(
            last__in={s for s in surnames if s}
        )
        for e in candidates:
            by_holder.setdefault(e.holder_id, [])
            if e not in by_holder[e.holder_id]:
                by_holder[e.holder_id].append(e)
            by_surname.setdefault(name_key(e.holder.family_name).split(" ")[-1], []).append(e)
    matched: list[int] = []
    for line in lines:
        holder_id = None
        if not (line.name or line.email or line.number):
            line.outcome = RosterOutcome.EMPTY
        elif line.number:
            e = by_number.get(line.number.upper())
            email_holder = by_email.get(line.email.lower()) if line.email else None
            if e is None:
                line.outcome = RosterOutcome.NO_MATCH
            elif line.email and email_holder is not None and email_holder != e.holder_id:
                line.outcome = RosterOutcome.CONFLICT
            elif line.name and not last_name_matches(
                typed=name_key(line.name).split(" ")[-1],
                family_name=e.holder.family_name,
                printed_name=e.printed_name,
            ):
                line.outcome = RosterOutcome.NAME_DIFFERS
            else:
                holder_id = e.holder_id
                line.outcome = RosterOutcome.MATCHED
        elif line.email:
            holder_id = by_email.get(line.email.lower())
            line.outcome = RosterOutcome.MATCHED if holder_id else RosterOutcome.NO_MATCH
        else:
            key = name_key(line.name)
            people = {
                e.holder_id
                for e in by_surname.get(key.split(" ")[-1], [])
                if key in (name_key(e.holder.full_name), name_key(e.printed_name))
            }
            if len(people) == 1:
                holder_id = people.pop()
                line.outcome = RosterOutcome.MATCHED
            else:
                line.outcome = RosterOutcome.SEVERAL if people else RosterOutcome.NO_MATCH
        line.holder_id = holder_id
        if holder_id is None:
            line.results = []
            continue
        if line.number:
            credentials = [by_number[line.number.upper()]]
        else:
            credentials = sorted(by_holder.get(holder_id, []), key=lambda e: e.number)
        line.results = [_result(e) for e in credentials]
        matched.extend(e.pk for e in credentials)
    return matched
