"""Demo credentials with a realistic history for `seed_demo --applicants N`.

Most generated people who have a profile hold one to three categories, issued over the
last twenty-four years (more of them in the middle of that span, so histories are long),
renewed on the category's renewal calendar (yearly, then onto the 3-year grid), some
lapsing at the deadline plus grace and some of those reinstated later, a few archived. The
history rows are what `endorsement_issue` and `endorsement_transition` would have written, so
the reports have real history to count. Bulk rows go in with bulk_create in batches.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from applicants.models import ApplicantProfile
from competencies import rules
from competencies.models import EndorsementCategory
from competencies.selectors import renewal_calendar_for
from endorsements.models import Endorsement, EndorsementEvent, EndorsementStatus

BATCH = 2000
ENDORSED_SHARE = 0.95
# How often each category is held (the infant track is older and larger).
CATEGORY_WEIGHTS = {
    "IFA": 24, "IFS": 30, "IFRS": 8, "IMHS": 12, "IMHM-C": 4, "IMHM-P": 2, "IMHM-R": 1,
    "ECFA": 6, "ECFS": 7, "ECFRS": 2, "ECMHS": 3, "ECMHM-C": 1, "ECMHM-P": 1, "ECMHM-R": 1,
}  # fmt: skip
RENEW_SHARE = 0.9  # of renewals due, how many are made on time
REINSTATE_SHARE = 0.35  # of lapses, how many come back later
ARCHIVE_SHARE = 0.01  # per year
GRACE_DAYS = 30
RSC_CODES = {"IFRS", "IMHS", "IMHM-C", "ECFRS", "ECMHS", "ECMHM-C"}
ACCEPTING_SHARE = 0.4

S = EndorsementStatus


def _first(calendar, day: date) -> date:
    return rules.first_deadline(endorsed_on=day, policies=calendar) or date(day.year + 1, 12, 31)


def _next(calendar, deadline: date) -> date:
    found = rules.next_deadline_after_renewal(deadline=deadline, policies=calendar)
    return found or date(deadline.year + 1, 12, 31)


def _history(
    *, issued: date, today: date, emerging: bool, rng: random.Random, calendar=()
) -> list[tuple]:
    """(from, to, effective_on, valid_through) rows for one credential, oldest first, with the
    deadlines of the category's renewal calendar (`calendar`: its policies as specs): the first
    renewal skipped where the policy says so, annual renewals moving onto the 3-year grid."""
    status = S.EMERGING if emerging else S.ACTIVE
    valid = _first(calendar, issued)
    rows = [("", status, issued, valid)]
    while valid < today:
        if rng.random() < ARCHIVE_SHARE:
            rows.append((status, S.ARCHIVED, valid, valid))
            break
        if rng.random() < RENEW_SHARE:
            renewed_on = valid - timedelta(days=rng.randint(0, 45))
            valid = _next(calendar, valid)
            rows.append((status, S.ACTIVE, renewed_on, valid))
            status = S.ACTIVE
            continue
        lapsed_on = valid + timedelta(days=GRACE_DAYS)
        if lapsed_on > today:
            break  # still in the grace period
        rows.append((status, S.LAPSED, lapsed_on, valid))
        status = S.LAPSED
        if rng.random() >= REINSTATE_SHARE:
            break
        back = lapsed_on + timedelta(days=rng.randint(90, 540))
        if back > today:
            break
        valid = _first(calendar, back)
        rows.append((S.LAPSED, S.ACTIVE, back, valid))
        status = S.ACTIVE
    return rows


def demo_endorsements(*, user_ids, rng: random.Random, progress: bool = False) -> int:
    """Credentials and their history for generated people; returns the number of events.

    Only people with a profile are endorsed (the others have not started). Numbers end in
    `-D<user id>` so they never meet the counter-issued ones, and a second run skips people who
    already hold something.
    """
    today = timezone.localdate()
    categories = {c.code: c for c in EndorsementCategory.objects.all()}
    calendars = {
        code: renewal_calendar_for(category=category) for code, category in categories.items()
    }
    codes = [c for c in CATEGORY_WEIGHTS if c in categories]
    weights = [CATEGORY_WEIGHTS[c] for c in codes]
    ids = list(user_ids)
    bar = tqdm(total=len(ids), desc="endorsements", disable=not progress, unit="person")
    events_created = 0
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset : offset + BATCH]
        taken = set(
            Endorsement.objects.filter(holder_id__in=batch).values_list("holder_id", flat=True)
        )
        people = ApplicantProfile.objects.filter(user_id__in=batch).values_list(
            "user_id", "preferred_name", "user__given_name", "user__family_name"
        )
        credentials: list[Endorsement] = []
        histories: list[list[tuple]] = []
        accepting: set[int] = set()
        for user_id, preferred, given, family in people:
            if user_id in taken or rng.random() >= ENDORSED_SHARE:
                continue
            held = set()
            for _ in range(rng.choices((1, 2, 3), weights=(45, 40, 15))[0]):
                held.add(rng.choices(codes, weights=weights)[0])
            for code in sorted(held):
                category = categories[code]
                years_ago = rng.triangular(0, 24, 16)
                issued = today - timedelta(days=int(365.25 * years_ago) + 1)
                emerging = category.allows_emerging and rng.random() < 0.3
                rows = _history(
                    issued=issued,
                    today=today,
                    emerging=emerging,
                    rng=rng,
                    calendar=calendars[code],
                )
                last = rows[-1]
                credentials.append(
                    Endorsement(
                        holder_id=user_id,
                        category=category,
                        number=f"{settings.ASSOCIATION_CODE}-{code}-{issued.year}-D{user_id}",
                        status=last[1],
                        issued_on=issued,
                        valid_through=last[3],
                        printed_name=preferred or f"{given} {family}".strip(),
                    )
                )
                histories.append(rows)
                current = last[1] in (S.ACTIVE, S.EMERGING)
                if code in RSC_CODES and current and rng.random() < ACCEPTING_SHARE:
                    accepting.add(user_id)
        with transaction.atomic():
            created = Endorsement.objects.bulk_create(credentials, batch_size=BATCH)
            events = [
                EndorsementEvent(
                    endorsement_id=e.pk,
                    from_status=from_status,
                    to_status=to_status,
                    effective_on=effective_on,
                    valid_through=valid_through,
                    note="Demo history",
                )
                for e, rows in zip(created, histories, strict=True)
                for from_status, to_status, effective_on, valid_through in rows
            ]
            EndorsementEvent.objects.bulk_create(events, batch_size=5000)
            if accepting:
                ApplicantProfile.objects.filter(user_id__in=accepting).update(
                    accepting_supervisees=True
                )
        events_created += len(events)
        bar.update(len(batch))
    bar.close()
    return events_created
