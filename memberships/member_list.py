"""The member-list import: stage the file's rows, show what confirming would do, then do it.

Nothing is written to the records before the coordinator confirms the preview. Matching: by
email (the account's address, any case), else by the membership number of a record already
kept for this association. A row is one period of membership (person, association, start):
a period already recorded with the same dates, type and number is left alone, so importing
the same file twice changes nothing; one with other details is corrected; a new one is added
(a claim the person has waiting with the same number or end date becomes that record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models.functions import Lower

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction

from .imports import row_clean
from .models import MemberListImport, Membership, MembershipSource, MembershipStatus

NEW, UPDATE, SAME, UNMATCHED, INVALID = "new", "update", "same", "unmatched", "invalid"


class ImportNotReady(Exception):
    """The import was confirmed or discarded already."""


@dataclass
class PlannedRow:
    line: int
    values: dict
    outcome: str
    problems: list[str] = field(default_factory=list)
    person: User | None = None
    cleaned: dict = field(default_factory=dict)
    existing: Membership | None = None
    claim: Membership | None = None
    changes: list[str] = field(default_factory=list)


def member_list_stage(
    *, actor, filename: str, rows: list[dict], association=None, date_order: str = "mdy"
) -> MemberListImport:
    """Keep the file's rows for the preview. Side effects: one row; nothing else."""
    return MemberListImport.objects.create(
        uploaded_by=actor,
        filename=filename[:200],
        rows=rows,
        association=association,
        date_order=date_order,
    )


def member_list_plan(*, staged: MemberListImport) -> list[PlannedRow]:
    """What confirming would do with each row. Four queries whatever the number of rows: the
    people by email, the records by number, the people's records, their claims waiting."""
    from django.utils.translation import gettext as _

    association = staged.association
    checked = []
    for row in staged.rows:
        cleaned, problems = row_clean(row["values"], order=staged.date_order)
        checked.append((row, cleaned, problems))
    emails = {c["email"] for _r, c, p in checked if c["email"] and not p}
    numbers = {c["number"] for _r, c, p in checked if c["number"] and not p}
    by_email = {
        u.email_lower: u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    by_number: dict[str, int] = {}
    for number, person_id in Membership.objects.filter(
        status="recorded", association=association, number__in=numbers
    ).values_list("number", "person_id"):
        by_number.setdefault(number, person_id)
    number_people = {u.pk: u for u in User.objects.filter(pk__in=set(by_number.values()))}
    people = {u.pk for u in by_email.values()} | set(number_people)
    records: dict[tuple[int, date], Membership] = {}
    for record in Membership.objects.filter(
        person_id__in=people, status="recorded", association=association
    ):
        records[(record.person_id, record.starts_on)] = record
    claims = {
        c.person_id: c for c in Membership.objects.filter(person_id__in=people, status="claimed")
    }
    planned: list[PlannedRow] = []
    seen: dict[tuple[int, date], int] = {}
    for row, cleaned, problems in checked:
        item = PlannedRow(line=row["line"], values=row["values"], outcome=INVALID, cleaned=cleaned)
        planned.append(item)
        if problems:
            item.problems = problems
            continue
        person = by_email.get(cleaned["email"]) if cleaned["email"] else None
        number_owner = by_number.get(cleaned["number"]) if cleaned["number"] else None
        if person is None and number_owner is not None and not cleaned["email"]:
            person = number_people.get(number_owner)
        if person is not None and number_owner is not None and number_owner != person.pk:
            item.problems = [
                _("The number %(number)s is recorded for another member.")
                % {"number": cleaned["number"]}
            ]
            continue
        if person is None:
            item.outcome = UNMATCHED
            item.problems = [
                _("No account has the email %(email)s: invite them to sign up first.")
                % {"email": cleaned["email"]}
                if cleaned["email"]
                else _("No member has the number %(number)s: add their email.")
                % {"number": cleaned["number"]}
            ]
            continue
        key = (person.pk, cleaned["starts_on"])
        if key in seen:
            item.problems = [
                _("This member and start date are already on line %(line)s.") % {"line": seen[key]}
            ]
            continue
        seen[key] = item.line
        item.person = person
        existing = records.get(key)
        if existing is None:
            item.outcome = NEW
            claim = claims.get(person.pk)
            if claim is not None and (
                (cleaned["number"] and claim.number == cleaned["number"])
                or claim.ends_on == cleaned["ends_on"]
            ):
                item.claim = claim
            continue
        item.existing = existing
        item.changes = [
            f
            for f in ("membership_type", "number", "ends_on")
            if cleaned[f] and cleaned[f] != getattr(existing, f)
        ]
        item.outcome = UPDATE if item.changes else SAME
    return planned


def plan_counts(planned: list[PlannedRow]) -> dict[str, int]:
    counts = dict.fromkeys((NEW, UPDATE, SAME, UNMATCHED, INVALID), 0)
    for item in planned:
        counts[item.outcome] += 1
    return counts


@transaction.atomic
def member_list_confirm(*, staged: MemberListImport, actor) -> dict[str, int]:
    """Write what the preview showed. Side effects, in one transaction: the import locked (a
    second confirmation is refused); each new period added (a matching claim waiting turned
    into it), each changed one corrected; rows unmatched or invalid left out; the import
    marked confirmed with its counts; one audit row. Running it on the same file again adds
    nothing: every period is then the same."""
    staged = MemberListImport.objects.select_for_update().get(pk=staged.pk)
    if staged.state != MemberListImport.State.PREVIEW:
        raise ImportNotReady
    planned = member_list_plan(staged=staged)
    for item in planned:
        if item.person is not None and item.person.pk == actor.pk:
            # Nobody records their own membership: that row is left for a colleague.
            item.outcome = INVALID
            continue
        cleaned = item.cleaned
        if item.outcome == NEW:
            target = item.claim or Membership(person=item.person)
            target.association = staged.association
            target.membership_type = cleaned["membership_type"]
            target.number = cleaned["number"] or target.number
            target.starts_on, target.ends_on = cleaned["starts_on"], cleaned["ends_on"]
            target.status = MembershipStatus.RECORDED
            target.source = MembershipSource.IMPORT
            target.recorded_by = actor
            target.imported_from = staged
            target.save()
        elif item.outcome == UPDATE:
            record = item.existing
            for f in item.changes:
                setattr(record, f, cleaned[f])
            record.recorded_by, record.imported_from = actor, staged
            record.save()
    counts = plan_counts(planned)
    staged.state = MemberListImport.State.CONFIRMED
    staged.outcome = counts
    staged.save(update_fields=["state", "outcome", "updated_at"])
    audit_record(
        action=AuditAction.MEMBER_LIST_IMPORTED,
        actor=actor,
        target=staged,
        details={"filename": staged.filename, **counts},
    )
    return counts


def member_list_discard(*, staged: MemberListImport) -> None:
    """Leave the file out: nothing was written, the staged rows are dropped."""
    updated = MemberListImport.objects.filter(
        pk=staged.pk, state=MemberListImport.State.PREVIEW
    ).update(state=MemberListImport.State.DISCARDED, rows=[])
    if not updated:
        raise ImportNotReady
