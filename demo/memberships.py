"""The demo's membership records: the association's record behind each demo person's typed
membership number, so the checklist (which reads records, not typed dates) is met where the
demo says it is. Idempotent: one record per person and start date."""

from __future__ import annotations

from datetime import date, timedelta

from memberships.models import Membership


def demo_membership_record(*, user_id: int, number: str, ends_on: date) -> Membership:
    """A recorded membership of this association for one person, up to `ends_on` (a year of
    membership renewed every year since 2015, as one period)."""
    record, _created = Membership.objects.get_or_create(
        person_id=user_id,
        association=None,
        starts_on=date(2015, 1, 1),
        status="recorded",
        defaults={"number": number, "ends_on": ends_on, "source": "import"},
    )
    if record.ends_on < ends_on:
        record.ends_on = ends_on
        record.save(update_fields=["ends_on", "updated_at"])
    return record


def demo_membership_rows(rows: list[tuple[int, str, date]]) -> list[Membership]:
    """Records for generated people at once (bulk: seed_demo at scale)."""
    return Membership.objects.bulk_create(
        [
            Membership(
                person_id=user_id,
                number=number,
                starts_on=min(date(2015, 1, 1), ends_on - timedelta(days=1)),
                ends_on=ends_on,
                status="recorded",
                source="import",
            )
            for user_id, number, ends_on in rows
        ],
        ignore_conflicts=True,
    )


def demo_membership_claim(*, user_id: int, number: str, ends_on: date) -> None:
    """What applicant@ typed, waiting for the coordinator (the claims list has one)."""
    Membership.objects.get_or_create(
        person_id=user_id,
        status="claimed",
        defaults={"number": number, "ends_on": ends_on, "source": "claim"},
    )
