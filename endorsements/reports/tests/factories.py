"""Builders for report fixtures: people with a profile in a county, and credential histories.

Credentials go through the real services (endorsement_issue, endorsement_transition), so the
history rows are exactly what production writes. Each builder also returns plain facts
(`Held` periods) that the tests count with plain Python, a different code path from the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from accounts.models import Role
from accounts.tests.factories import UserFactory
from applicants.models import Agency, County, Language
from applicants.tests.factories import AgencyFactory, ProfileFactory
from endorsements.models import ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.services.credentials import endorsement_issue
from endorsements.services.transitions import endorsement_transition
from endorsements.tests.factories import ApplicationFactory, category


def agency(*, county: str = "Hartford", program_type: str = "home_visiting", name=None) -> Agency:
    kwargs = {"county": County.objects.get(name=county), "program_type": program_type}
    if name:
        kwargs["name"] = name
    return AgencyFactory(**kwargs)


def person(
    *,
    county: str | None = "Hartford",
    program_type: str = "home_visiting",
    at: Agency | None = None,
    languages=("English",),
    given: str | None = None,
    family: str | None = None,
    **profile,
):
    """A user with a profile working in `county` at an agency of `program_type`."""
    user_kwargs = {"roles": [Role.APPLICANT]}
    if given:
        user_kwargs["given_name"] = given
    if family:
        user_kwargs["family_name"] = family
    user = UserFactory(**user_kwargs)
    if at is None and county is not None:
        at = agency(county=county, program_type=program_type)
    ProfileFactory(
        user=user,
        work_county=at.county if at else None,
        agency=at,
        languages=list(languages),
        **profile,
    )
    return user


@dataclass
class Held:
    """Plain facts: `code` held from `start` until the day before `end` (None: still held)."""

    user_id: int
    region: str | None
    program_type: str | None
    code: str
    periods: list[list] = field(default_factory=list)

    def on(self, day: date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.periods)


def endorse(user, code: str, *, on: date, emerging: bool = False) -> tuple[Endorsement, Held]:
    application = ApplicationFactory(
        applicant=user, category=category(code), status=ApplicationStatus.ENDORSED
    )
    endorsement = endorsement_issue(application=application, issued_on=on, emerging=emerging)
    profile = user.applicant_profile
    held = Held(
        user_id=user.pk,
        region=profile.work_county.region.name if profile.work_county else None,
        program_type=profile.agency.program_type if profile.agency else None,
        code=code,
        periods=[[on, None]],
    )
    return endorsement, held


def lapse(endorsement: Endorsement, held: Held, *, on: date, to=EndorsementStatus.LAPSED):
    endorsement_transition(endorsement=endorsement, to=to, effective_on=on)
    held.periods[-1][1] = on


def renew(endorsement: Endorsement, held: Held, *, on: date, valid_through: date | None = None):
    """Active -> active (renewal), emerging -> active, or lapsed -> active (reinstatement)."""
    was_held = held.periods[-1][1] is None
    endorsement_transition(
        endorsement=endorsement,
        to=EndorsementStatus.ACTIVE,
        effective_on=on,
        valid_through=valid_through or date(on.year + 1, 12, 31),
    )
    if not was_held:
        held.periods.append([on, None])


def languages(*names: str) -> list[Language]:
    return list(Language.objects.filter(name__in=names))
