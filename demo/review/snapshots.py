"""Portfolio snapshots for the demo workload: a few built by the real builder, then copied to
each application with its own applicant, profile and dates."""

import json
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from faker import Faker

from accounts.models import User
from applicants.models import ApplicantProfile, Training
from demo.portfolio_complete import portfolio_complete
from demo.review.plan import TEMPLATE_TRIES, WINDOW_DAYS, Plan
from endorsements.models import (
    Application,
    RatingItem,
)
from endorsements.services.snapshot import application_snapshot_build
from reflective_supervision.models import SupervisionSession


def templates_build(plans: list[Plan], *, candidates: list[int], rng) -> dict[int, list[str]]:
    """Per requirement set, the snapshot (as JSON text) of a model portfolio.

    The real builder costs about 25 ms an application, too slow for thousands, so it runs for
    the few richest portfolios (`candidates`) and every application copies the best of them
    for its requirement set (see `snapshot_for`). Each is built as if the person had three
    completed references and had signed the Code, inside a savepoint rolled back afterwards:
    only the document is kept. The generated portfolios are full for IFA and ECFA only, so the
    other categories' checklists show what those portfolios lack.
    """
    fake = Faker("en_US")
    fake.seed_instance(rng.randrange(2**32))
    items = list(RatingItem.objects.filter(active=True).order_by("order", "pk"))
    people = User.objects.in_bulk(candidates)
    sets = {p.requirement_set.pk: p for p in plans}  # one plan of each set, for its category
    templates: dict[int, list[str]] = {}
    for pk, plan in sets.items():
        best: list[dict] = []
        best_met = -1
        for person in candidates:
            snapshot = _template_build(plan, user=people[person], items=items, fake=fake, rng=rng)
            met = sum(1 for item in snapshot["checklist"]["items"] if item["met"])
            if met > best_met:
                best, best_met = [snapshot], met
            elif met == best_met:
                best.append(snapshot)
            if snapshot["checklist"]["complete"]:
                break
        templates[pk] = [json.dumps(s) for s in best]
    return templates


def richest_applicants(user_ids: list[int], *, with_profile: set[int]) -> list[int]:
    """The TEMPLATE_TRIES people with the most evidence (training hours and RSC sessions),
    those with a profile first: the likeliest to meet a category's requirements. People who
    have applied already are left out: their model application could meet their real one."""
    applied = set(
        Application.objects.filter(applicant_id__in=user_ids).values_list("applicant_id", flat=True)
    )
    amount: Counter[int] = Counter()
    trainings = (
        Training.objects.filter(user_id__in=user_ids).values("user_id").annotate(n=Sum("minutes"))
    )
    for row in trainings:
        amount[row["user_id"]] += int(row["n"]) // 60
    sessions = (
        SupervisionSession.objects.filter(supervisee_id__in=user_ids)
        .values("supervisee_id")
        .annotate(n=Count("pk"))
    )
    for row in sessions:
        amount[row["supervisee_id"]] += row["n"]
    people = [u for u in user_ids if u not in applied]
    ranked = sorted(people, key=lambda u: (u not in with_profile, -amount[u], u))
    return ranked[:TEMPLATE_TRIES]


def _template_build(plan: Plan, *, user: User, items, fake, rng) -> dict:
    """The snapshot of `user`'s portfolio topped up until it meets the plan's requirement set
    (`portfolio_complete`), built inside a savepoint rolled back afterwards: only the document
    is kept. Evaluated before the workload's first submission, so that every application that
    borrows it met the rules on the day it was submitted."""
    requirement_set = plan.requirement_set
    latest = min(timezone.localdate(), requirement_set.effective_to or date.max)
    on = max(requirement_set.effective_from, latest - timedelta(days=WINDOW_DAYS + 1))
    with transaction.atomic():
        application = Application.objects.create(applicant=user, category=plan.category)
        evaluation = portfolio_complete(application=application, on=on)
        snapshot = application_snapshot_build(application, evaluation=evaluation)
        transaction.set_rollback(True)
    return snapshot


def _profile(profile: ApplicantProfile | None) -> dict | None:
    """The snapshot's "profile" section for one person (the shape of
    `endorsements.services.snapshot`), from a profile with its joins loaded."""
    if profile is None:
        return None
    county, agency = profile.work_county, profile.agency
    expires = profile.membership_expires_on
    return {
        "legal_given_name": profile.user.given_name,
        "legal_family_name": profile.user.family_name,
        "display_name": profile.display_name,
        "preferred_name": profile.preferred_name,
        "credentials": profile.credentials,
        "phone": profile.phone,
        "job_title": profile.job_title,
        "agency": {
            "name": agency.name,
            "program_type": agency.program_type,
            "program_type_label": agency.get_program_type_display(),
        }
        if agency
        else None,
        "work_county": county.name if county else "",
        "region": county.region.name if county else "",
        "languages": [language.name for language in profile.languages.all()],
        "membership_number": profile.membership_number,
        "membership_expires_on": expires.isoformat() if expires else None,
    }


def snapshot_for(template: str, plan: Plan, *, user: User, profile, rng) -> dict:
    """A copy of a model portfolio's snapshot made out to this applicant on the day of
    submission: who they are and their profile are their own, the evidence is borrowed."""
    snapshot = json.loads(template)
    requirement_set = plan.requirement_set
    snapshot["built_at"] = plan.submitted_at.isoformat()
    snapshot["evaluated_on"] = timezone.localdate(plan.submitted_at).isoformat()
    snapshot["requirement_set"] = {"id": requirement_set.pk, "label": str(requirement_set)}
    snapshot["applicant"] = {"id": user.pk, "email": user.email, "full_name": user.full_name}
    snapshot["profile"] = _profile(profile)
    for reference in snapshot.get("references") or []:
        answered = plan.submitted_at - timedelta(days=rng.uniform(1, 40))
        reference["completed_at"] = answered.isoformat()
    if snapshot.get("attestation"):
        signed = plan.submitted_at - timedelta(minutes=rng.uniform(2, 600))
        snapshot["attestation"].update(typed_name=user.full_name, attested_at=signed.isoformat())
    return snapshot
