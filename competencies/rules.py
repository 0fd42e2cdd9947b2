"""The endorsement rules engine: plain facts in, an ordered checklist out.

PURE on purpose: standard library only, no Django, no ORM, no clock. Other apps gather the facts
(`PortfolioFacts`) from their own tables, the requirement rows reach the engine as plain specs
(`RequirementSet.to_spec()`, `RenewalPolicy.to_spec()`), and the evaluation date is an argument,
so every rule can be unit-tested in microseconds and replayed for any past date.

Conventions
- Hours and years are `Decimal`, never float. Figures are shown with one decimal.
- Dates are inclusive at both ends. A work period with no end runs up to the evaluation date.
- The RSC window: a session counts when `window_start <= session.date <= on`, where
  `window_start` is `on` minus N calendar months (same day of the month, clamped to the month's
  last day). The first day of the window therefore COUNTS: evaluated on 15 Mar 2026 with a
  24-month window, a session on 15 Mar 2024 counts and one on 14 Mar 2024 does not. Sessions
  after the evaluation date never count.
- A year of work is 365 days of calendar time in qualifying periods; overlapping periods are
  merged, so two jobs held at once do not count twice. Hours per week are recorded but do not
  weight the years (the guidelines count years, not full-time equivalents).
- The exam (MHS and Mentor categories) is taken after review, so it is not a checklist item; the
  spec still carries `exam_required` and the pass mark for the workflow to use.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

ZERO = Decimal("0")
ONE_DECIMAL = Decimal("0.1")
DAYS_PER_YEAR = 365

# Lowest to highest; the same values as competencies.models.EducationLevel.
EDUCATION_ORDER = ("none", "cda", "associate", "bachelor", "master", "doctorate")
EDUCATION_LABELS = {
    "none": "no degree",
    "cda": "a CDA credential",
    "associate": "an associate degree",
    "bachelor": "a bachelor's degree",
    "master": "a master's degree",
    "doctorate": "a doctorate",
}

WORK_KINDS = (
    "direct",
    "supervised_volunteer",
    "leadership",
    "rsc_provision",
    "policy",
    "faculty_research",
)
SPECIALIZED_WORK_KINDS = frozenset({"direct", "supervised_volunteer"})
LEADERSHIP_KINDS = frozenset({"leadership", "policy", "faculty_research"})
RSC_FOCUS = ("own_work", "rsc_provided")
RSC_CONFIRMATION = ("unconfirmed", "confirmed", "disputed")

# Sections of the portfolio a checklist item sends the applicant to.
SECTIONS = ("education", "work", "training", "rsc", "references", "attestation", "membership")


# --- Facts (built by the evidence apps; the interface: keep it stable) -------------------------


@dataclass(frozen=True)
class Degree:
    level: str  # one of EDUCATION_ORDER
    field: str = ""
    year: int | None = None  # year awarded; None = not yet awarded (does not count)
    id: int | None = None


@dataclass(frozen=True)
class WorkPeriod:
    start: date
    end: date | None  # None: ongoing
    hours_per_week: Decimal = ZERO
    paid: bool = True
    families_served: int = 0
    kind: str = "direct"  # one of WORK_KINDS
    post_graduate: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Training:
    date: date
    hours: Decimal
    competency_ids: frozenset[int] = frozenset()
    dei: bool = False
    rsc_provision: bool = False
    id: int | None = None
    title: str = ""


@dataclass(frozen=True)
class RSCSession:
    date: date
    hours: Decimal
    provider_key: str = ""  # stable identity of the provider (e.g. "user:12", "email:a@b")
    provider_name: str = ""
    # Category codes the provider held on the session's date; empty: not endorsed that day.
    provider_categories_on_date: frozenset[str] = frozenset()
    provider_vetted: bool = False  # accepted by the coordinator although not endorsed
    peer: bool = False  # peer supervision without an identified provider: never counts
    focus: str = "own_work"  # one of RSC_FOCUS
    confirmed: str = "unconfirmed"  # one of RSC_CONFIRMATION
    id: int | None = None


@dataclass(frozen=True)
class Reference:
    id: int | None
    rater_name: str = ""
    rater_endorsed: bool = False
    rater_vetted: bool = False
    completed: bool = False
    not_enough_info_count: int = 0


@dataclass(frozen=True)
class Attestations:
    ethics_signed: bool = False
    membership_expires: date | None = None  # last day of current membership
    no_sanctions_attested: bool = False  # renewal: no sanctions by a licensing board


@dataclass(frozen=True)
class PortfolioFacts:
    degrees: tuple[Degree, ...] = ()
    work: tuple[WorkPeriod, ...] = ()
    trainings: tuple[Training, ...] = ()
    rsc_sessions: tuple[RSCSession, ...] = ()
    references: tuple[Reference, ...] = ()
    attestations: Attestations = field(default_factory=Attestations)


# --- Rules (plain snapshots of the database rows) ----------------------------------------------


@dataclass(frozen=True)
class RequirementSpec:
    """The initial requirements of one category. Zero (or empty) means "not required"."""

    category_code: str = ""
    min_education_level: str = "none"
    education_alternative_work_years: Decimal | None = None
    work_years: Decimal = ZERO
    work_must_be_paid: bool = True
    work_post_graduate: bool = False
    min_families_served: int = 0
    leadership_years: Decimal = ZERO
    rsc_provision_years: Decimal = ZERO
    training_hours: Decimal = ZERO
    training_dei_hours: Decimal = ZERO
    training_rsc_provision_hours: Decimal = ZERO
    training_must_cover_domains: bool = False
    required_domain_ids: frozenset[int] = frozenset()
    competency_domain: Mapping[int, int] = field(default_factory=dict)  # competency id -> domain id
    domain_names: Mapping[int, str] = field(default_factory=dict)
    rsc_hours: Decimal = ZERO
    rsc_window_months: int | None = None  # None: sessions of any date count
    rsc_focus_provided_hours: Decimal = ZERO
    rsc_provider_codes: frozenset[str] = frozenset()  # empty: any identified provider
    count_unconfirmed_rsc: bool = True
    references_required: int = 0
    references_endorsed_required: int = 0
    reference_not_enough_info_threshold: int = 6
    exam_required: bool = False
    exam_pass_mark_percent: int = 80
    membership_required: bool = False
    ethics_required: bool = False


@dataclass(frozen=True)
class RenewalSpec:
    """What one renewal cycle asks of a category's holders. Zero means "not required"."""

    category_code: str = ""
    cycle_years: int = 1
    training_hours: Decimal = ZERO
    training_dei_hours: Decimal = ZERO
    training_rsc_provision_hours: Decimal = ZERO
    rsc_hours: Decimal = ZERO
    rsc_provider_codes: frozenset[str] = frozenset()  # empty: any identified provider
    count_unconfirmed_rsc: bool = True
    first_renewal_skip: bool = False
    pro_rate: bool = False
    membership_required: bool = False
    ethics_required: bool = False
    sanctions_attestation_required: bool = False


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    met: bool
    required: Decimal | int | str | bool | None
    actual: Decimal | int | str | bool | None
    explanation: str
    contributing_ids: tuple = ()
    section: str = ""  # one of SECTIONS: where to go to fix it


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]

    @property
    def complete(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if not item.met)

    def item(self, key: str) -> ChecklistItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def sections(self) -> dict[str, tuple[ChecklistItem, ...]]:
        """Items grouped by portfolio section, in checklist order."""
        grouped: dict[str, list[ChecklistItem]] = {}
        for item in self.items:
            grouped.setdefault(item.section, []).append(item)
        return {key: tuple(value) for key, value in grouped.items()}


NOT_COUNTED_PHRASES = {
    "after_evaluation": "dated after {on}",
    "outside_window": "from before {window_start}",
    "peer": "of peer supervision without an identified provider",
    "disputed": "disputed by the provider",
    "ineligible_provider": "from an ineligible provider",
    "unconfirmed": "not yet confirmed by the provider",
}


@dataclass(frozen=True)
class SessionVerdict:
    session: RSCSession
    counted: bool
    reason_code: str  # "counted" or a key of NOT_COUNTED_PHRASES
    reason: str


@dataclass(frozen=True)
class ProviderTotal:
    provider_key: str
    provider_name: str
    counted_hours: Decimal
    not_counted_hours: Decimal
    sessions: int


@dataclass(frozen=True)
class RSCBreakdown:
    on: date
    window_start: date | None
    verdicts: tuple[SessionVerdict, ...]
    by_provider: tuple[ProviderTotal, ...]  # most counted hours first

    @property
    def counted(self) -> tuple[SessionVerdict, ...]:
        return tuple(v for v in self.verdicts if v.counted)

    @property
    def not_counted(self) -> tuple[SessionVerdict, ...]:
        return tuple(v for v in self.verdicts if not v.counted)

    @property
    def counted_hours(self) -> Decimal:
        return sum((v.session.hours for v in self.counted), ZERO)

    @property
    def not_counted_hours(self) -> Decimal:
        return sum((v.session.hours for v in self.not_counted), ZERO)

    @property
    def counted_focus_provided_hours(self) -> Decimal:
        return sum(
            (v.session.hours for v in self.counted if v.session.focus == "rsc_provided"), ZERO
        )

    def not_counted_hours_by_reason(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for verdict in self.not_counted:
            totals[verdict.reason_code] = (
                totals.get(verdict.reason_code, ZERO) + verdict.session.hours
            )
        return totals


# --- Small helpers -----------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def rsc_window_start(*, on: date, months: int | None) -> date | None:
    """First day (inclusive) of an N-month window ending on `on`; None when there is no window."""
    return None if months is None else months_before(on, months)


def cycle_bounds(*, deadline: date, cycle_years: int) -> tuple[date, date]:
    """The first and last day of the renewal cycle ending on `deadline` (both inclusive)."""
    start = months_before(deadline, 12 * cycle_years) + timedelta(days=1)
    return start, deadline


def round_up_half(hours: Decimal) -> Decimal:
    """Round up to the next half hour: 7.1 -> 7.5, 7.5 -> 7.5, 7.6 -> 8.0."""
    return ((hours * 2).to_integral_value(rounding=ROUND_CEILING) / 2).quantize(ONE_DECIMAL)


def hours_text(value: Decimal) -> str:
    """An actual figure, with one decimal: 12.5, 3.0."""
    return str(Decimal(value).quantize(ONE_DECIMAL))


def required_text(value: Decimal | int) -> str:
    """A required figure as people write it: 24, 7.5."""
    value = Decimal(value)
    return (
        str(value.to_integral_value())
        if value == value.to_integral_value()
        else str(value.normalize())
    )


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _plural(count: int | Decimal, one: str, many: str) -> str:
    return one if count == 1 else many


def _ids(things: Iterable) -> tuple:
    return tuple(thing.id for thing in things if getattr(thing, "id", None) is not None)


def _years_from_days(days: int) -> Decimal:
    return (Decimal(days) / DAYS_PER_YEAR).quantize(ONE_DECIMAL, rounding=ROUND_DOWN)


def _days_needed(years: Decimal) -> int:
    return int((years * DAYS_PER_YEAR).to_integral_value(rounding=ROUND_CEILING))


def work_days(periods: Iterable[WorkPeriod], *, on: date) -> int:
    """Calendar days covered by `periods` up to `on`, inclusive, overlaps merged."""
    spans = sorted(
        (p.start, min(p.end or on, on))
        for p in periods
        if p.start <= on and (p.end or on) >= p.start
    )
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in spans:
        if current_end is not None and start <= current_end + timedelta(days=1):
            current_end = max(current_end, end)
            continue
        if current_start is not None:
            total += (current_end - current_start).days + 1
        current_start, current_end = start, end
    if current_start is not None:
        total += (current_end - current_start).days + 1
    return total


def _sum_hours(trainings: Iterable[Training]) -> Decimal:
    return sum((t.hours for t in trainings), ZERO)


# --- RSC ---------------------------------------------------------------------------------------


def classify_rsc_sessions(
    sessions: Iterable[RSCSession],
    *,
    on: date,
    window_start: date | None,
    provider_codes: frozenset[str],
    count_unconfirmed: bool,
) -> RSCBreakdown:
    """Decide for each session whether it counts, with the first reason it does not."""
    eligible_text = ", ".join(sorted(provider_codes))
    verdicts = []
    for s in sorted(sessions, key=lambda s: (s.date, s.id or 0)):
        if s.date > on:
            code, reason = "after_evaluation", f"Dated after {day_text(on)}."
        elif window_start is not None and s.date < window_start:
            code, reason = (
                "outside_window",
                f"Before the window, which starts {day_text(window_start)}.",
            )
        elif s.peer or not s.provider_key:
            code, reason = "peer", "Peer supervision without an identified provider does not count."
        elif s.confirmed == "disputed":
            code, reason = "disputed", "The provider disputes this session."
        elif (
            provider_codes
            and not s.provider_vetted
            and not (s.provider_categories_on_date & provider_codes)
        ):
            held = ", ".join(sorted(s.provider_categories_on_date)) or "no endorsement"
            code = "ineligible_provider"
            reason = (
                f"On {day_text(s.date)} the provider held {held}; "
                f"qualifying RSC must come from {eligible_text}."
            )
        elif s.confirmed == "unconfirmed" and not count_unconfirmed:
            code, reason = "unconfirmed", "Not yet confirmed by the provider."
        else:
            code, reason = "counted", "Counts."
        verdicts.append(
            SessionVerdict(session=s, counted=code == "counted", reason_code=code, reason=reason)
        )

    totals: dict[str, list] = {}
    for v in verdicts:
        key = v.session.provider_key or ""
        entry = totals.setdefault(key, [v.session.provider_name, ZERO, ZERO, 0])
        entry[1 if v.counted else 2] += v.session.hours
        entry[3] += 1
    by_provider = tuple(
        sorted(
            (
                ProviderTotal(
                    provider_key=k,
                    provider_name=n,
                    counted_hours=c,
                    not_counted_hours=nc,
                    sessions=cnt,
                )
                for k, (n, c, nc, cnt) in totals.items()
            ),
            key=lambda p: (-p.counted_hours, p.provider_name),
        )
    )
    return RSCBreakdown(
        on=on, window_start=window_start, verdicts=tuple(verdicts), by_provider=by_provider
    )


def rsc_breakdown(sessions: Iterable[RSCSession], spec: RequirementSpec, on: date) -> RSCBreakdown:
    """Which sessions count towards an application evaluated on `on`, and why not."""
    return classify_rsc_sessions(
        sessions,
        on=on,
        window_start=rsc_window_start(on=on, months=spec.rsc_window_months),
        provider_codes=spec.rsc_provider_codes,
        count_unconfirmed=spec.count_unconfirmed_rsc,
    )


def _not_counted_text(breakdown: RSCBreakdown) -> str:
    on = day_text(breakdown.on)
    start = day_text(breakdown.window_start) if breakdown.window_start else ""
    parts = []
    for code, hours in breakdown.not_counted_hours_by_reason().items():
        if hours > 0:
            phrase = NOT_COUNTED_PHRASES[code].format(on=on, window_start=start)
            parts.append(
                f"{hours_text(hours)} {_plural(hours, 'hour', 'hours')} {phrase} do not count"
            )
    return "".join(f"; {p}" for p in parts)


def _rsc_items(
    breakdown: RSCBreakdown, *, hours: Decimal, focus_hours: Decimal, period: str
) -> list:
    items = []
    counted = breakdown.counted
    if hours > 0:
        actual = breakdown.counted_hours
        items.append(
            ChecklistItem(
                key="rsc_hours",
                label="Reflective supervision/consultation received",
                met=actual >= hours,
                required=hours,
                actual=actual,
                explanation=(
                    f"{hours_text(actual)} of {required_text(hours)} RSC hours {period}"
                    f"{_not_counted_text(breakdown)}."
                ),
                contributing_ids=_ids(v.session for v in counted),
                section="rsc",
            )
        )
    if focus_hours > 0:
        actual = breakdown.counted_focus_provided_hours
        items.append(
            ChecklistItem(
                key="rsc_focus_provided",
                label="RSC about the reflective supervision you provide",
                met=actual >= focus_hours,
                required=focus_hours,
                actual=actual,
                explanation=(
                    f"{hours_text(actual)} of {required_text(focus_hours)} counted RSC hours "
                    "are about the reflective supervision you provide."
                ),
                contributing_ids=_ids(
                    v.session for v in counted if v.session.focus == "rsc_provided"
                ),
                section="rsc",
            )
        )
    return items


# --- Application -------------------------------------------------------------------------------


def _education_items(facts: PortfolioFacts, spec: RequirementSpec, on: date) -> list:
    minimum = spec.min_education_level
    if minimum == "none" or minimum not in EDUCATION_ORDER:
        return []
    rank = EDUCATION_ORDER.index
    awarded = [
        d
        for d in facts.degrees
        if d.year is not None and d.year <= on.year and d.level in EDUCATION_ORDER
    ]
    best = max(awarded, key=lambda d: rank(d.level), default=None)
    wanted = EDUCATION_LABELS[minimum]
    if best is not None and rank(best.level) >= rank(minimum):
        return [
            ChecklistItem(
                key="education",
                label="Education",
                met=True,
                required=minimum,
                actual=best.level,
                explanation=(
                    f"You have {EDUCATION_LABELS[best.level]}; {wanted} or higher is required."
                ),
                contributing_ids=_ids([best]),
                section="education",
            )
        ]
    have = EDUCATION_LABELS[best.level] if best else "no degree recorded"
    alternative = spec.education_alternative_work_years
    if alternative:
        paid = [p for p in facts.work if p.paid]
        days = work_days(paid, on=on)
        met = days >= _days_needed(alternative)
        years = _years_from_days(days)
        return [
            ChecklistItem(
                key="education",
                label="Education (or paid work instead)",
                met=met,
                required=minimum,
                actual=best.level if best else "none",
                explanation=(
                    f"{wanted.capitalize()} or higher, or {required_text(alternative)} years "
                    f"of paid work instead, is required; you have {have} and "
                    f"{hours_text(years)} years of paid work."
                ),
                contributing_ids=_ids(paid) if met else (),
                section="education" if not met else "work",
            )
        ]
    return [
        ChecklistItem(
            key="education",
            label="Education",
            met=False,
            required=minimum,
            actual=best.level if best else "none",
            explanation=f"{wanted.capitalize()} or higher is required; you have {have}.",
            contributing_ids=(),
            section="education",
        )
    ]


def _years_item(
    *, key: str, label: str, periods: list, years: Decimal, on: date, what: str
) -> ChecklistItem:
    days = work_days(periods, on=on)
    actual = _years_from_days(days)
    return ChecklistItem(
        key=key,
        label=label,
        met=days >= _days_needed(years),
        required=years,
        actual=actual,
        explanation=f"{hours_text(actual)} of {required_text(years)} years of {what}.",
        contributing_ids=_ids(periods),
        section="work",
    )


def _work_items(facts: PortfolioFacts, spec: RequirementSpec, on: date) -> list:
    items = []
    qualifying = [
        p
        for p in facts.work
        if p.kind in SPECIALIZED_WORK_KINDS
        and p.start <= on
        and (p.paid or (not spec.work_must_be_paid and p.kind == "supervised_volunteer"))
        and (p.post_graduate or not spec.work_post_graduate)
    ]
    if spec.work_years > 0:
        what = "paid" if spec.work_must_be_paid else "paid or supervised volunteer"
        what += " post-graduate" if spec.work_post_graduate else ""
        items.append(
            _years_item(
                key="work_years",
                label="Specialized work with infants, young children and families",
                periods=qualifying,
                years=spec.work_years,
                on=on,
                what=f"{what} specialized work",
            )
        )
    if spec.min_families_served > 0:
        families = sum(p.families_served for p in qualifying)
        items.append(
            ChecklistItem(
                key="families_served",
                label="Families served",
                met=families >= spec.min_families_served,
                required=spec.min_families_served,
                actual=families,
                explanation=(
                    f"{families} of {spec.min_families_served} families served in qualifying work."
                ),
                contributing_ids=_ids(p for p in qualifying if p.families_served),
                section="work",
            )
        )
    if spec.leadership_years > 0:
        items.append(
            _years_item(
                key="leadership_years",
                label="Leadership (including policy, faculty or research)",
                periods=[p for p in facts.work if p.kind in LEADERSHIP_KINDS and p.start <= on],
                years=spec.leadership_years,
                on=on,
                what="leadership, policy, faculty or research work",
            )
        )
    if spec.rsc_provision_years > 0:
        items.append(
            _years_item(
                key="rsc_provision_years",
                label="Providing reflective supervision/consultation",
                periods=[p for p in facts.work if p.kind == "rsc_provision" and p.start <= on],
                years=spec.rsc_provision_years,
                on=on,
                what="providing reflective supervision/consultation",
            )
        )
    return items


def _training_items(
    trainings: list[Training], *, total: Decimal, dei: Decimal, rsc_provision: Decimal, period: str
) -> list:
    items = []
    figures = [
        ("training_hours", "In-service training", total, trainings, "training hours"),
        (
            "training_dei",
            "Training on diversity, equity and inclusion",
            dei,
            [t for t in trainings if t.dei],
            "training hours on diversity, equity and inclusion",
        ),
        (
            "training_rsc_provision",
            "Training on providing reflective supervision",
            rsc_provision,
            [t for t in trainings if t.rsc_provision],
            "training hours on providing reflective supervision",
        ),
    ]
    for key, label, needed, counted, what in figures:
        if needed > 0:
            actual = _sum_hours(counted)
            items.append(
                ChecklistItem(
                    key=key,
                    label=label,
                    met=actual >= needed,
                    required=needed,
                    actual=actual,
                    explanation=f"{hours_text(actual)} of {required_text(needed)} {what}{period}.",
                    contributing_ids=_ids(counted),
                    section="training",
                )
            )
    return items


def _coverage_item(trainings: list[Training], spec: RequirementSpec) -> list:
    if not spec.training_must_cover_domains or not spec.required_domain_ids:
        return []
    covered: set[int] = set()
    contributing = []
    for t in trainings:
        domains = {
            spec.competency_domain[c] for c in t.competency_ids if c in spec.competency_domain
        }
        if domains & spec.required_domain_ids:
            contributing.append(t)
        covered |= domains
    covered &= spec.required_domain_ids
    missing = sorted(
        spec.domain_names.get(d, f"domain {d}") for d in spec.required_domain_ids - covered
    )
    needed = len(spec.required_domain_ids)
    explanation = f"Your training covers {len(covered)} of {needed} competency domains"
    explanation += f"; not yet covered: {', '.join(missing)}." if missing else "."
    return [
        ChecklistItem(
            key="training_domains",
            label="Training covers the competency domains",
            met=not missing,
            required=needed,
            actual=len(covered),
            explanation=explanation,
            contributing_ids=_ids(contributing),
            section="training",
        )
    ]


def _reference_items(facts: PortfolioFacts, spec: RequirementSpec) -> list:
    items = []
    threshold = spec.reference_not_enough_info_threshold
    completed = [r for r in facts.references if r.completed]
    invalid = [r for r in completed if r.not_enough_info_count >= threshold]
    valid = [r for r in completed if r.not_enough_info_count < threshold]
    pending = len(facts.references) - len(completed)
    if spec.references_required > 0:
        needed = spec.references_required
        text = f"{len(valid)} of {needed} reference ratings count"
        if invalid:
            text += (
                f"; {len(invalid)} {_plural(len(invalid), 'rating has', 'ratings have')} "
                f"{threshold} or more 'not enough information' answers and "
                f"{_plural(len(invalid), 'does', 'do')} not count"
            )
        if pending:
            text += f"; {pending} {_plural(pending, 'is', 'are')} not yet completed"
        items.append(
            ChecklistItem(
                key="references",
                label="Reference ratings",
                met=len(valid) >= needed,
                required=needed,
                actual=len(valid),
                explanation=text + ".",
                contributing_ids=_ids(valid),
                section="references",
            )
        )
    if spec.references_endorsed_required > 0:
        needed = spec.references_endorsed_required
        endorsed = [r for r in valid if r.rater_endorsed or r.rater_vetted]
        items.append(
            ChecklistItem(
                key="references_endorsed",
                label="Reference from an endorsed rater",
                met=len(endorsed) >= needed,
                required=needed,
                actual=len(endorsed),
                explanation=(
                    f"{len(endorsed)} of {needed} counted "
                    f"{_plural(needed, 'rating', 'ratings')} from an endorsed (or vetted) rater."
                ),
                contributing_ids=_ids(endorsed),
                section="references",
            )
        )
    return items


def _attestation_items(
    attestations: Attestations, *, on: date, ethics: bool, membership: bool, sanctions: bool = False
) -> list:
    items = []
    if ethics:
        items.append(
            ChecklistItem(
                key="ethics",
                label="Code of Ethics and Endorsement Agreement",
                met=attestations.ethics_signed,
                required=True,
                actual=attestations.ethics_signed,
                explanation=(
                    "You have signed the Code of Ethics and the Endorsement Agreement."
                    if attestations.ethics_signed
                    else "Sign the Code of Ethics and the Endorsement Agreement."
                ),
                section="attestation",
            )
        )
    if sanctions:
        items.append(
            ChecklistItem(
                key="no_sanctions",
                label="No sanctions by a licensing board",
                met=attestations.no_sanctions_attested,
                required=True,
                actual=attestations.no_sanctions_attested,
                explanation=(
                    "You have attested to no sanctions by a licensing board."
                    if attestations.no_sanctions_attested
                    else "Attest that no licensing board has sanctioned you."
                ),
                section="attestation",
            )
        )
    if membership:
        expires = attestations.membership_expires
        met = expires is not None and expires >= on
        if expires is None:
            text = "No membership of the association recorded; membership is required."
        elif met:
            text = f"Membership current until {day_text(expires)}."
        else:
            text = f"Membership ended on {day_text(expires)}; renew it to continue."
        items.append(
            ChecklistItem(
                key="membership",
                label="Membership of the association",
                met=met,
                required=True,
                actual=met,
                explanation=text,
                section="membership",
            )
        )
    return items


def evaluate_application(facts: PortfolioFacts, spec: RequirementSpec, *, on: date) -> Checklist:
    """The ordered checklist of an application for one category, evaluated on `on`.

    One item per requirement the spec makes (a zero figure makes no item), in portfolio order:
    education, work, training, RSC, references, attestations, membership.
    """
    trainings = [t for t in facts.trainings if t.date <= on]
    breakdown = rsc_breakdown(facts.rsc_sessions, spec, on)
    if spec.rsc_window_months is not None:
        period = f"within the last {spec.rsc_window_months} months"
    else:
        period = "received"
    items = [
        *_education_items(facts, spec, on),
        *_work_items(facts, spec, on),
        *_training_items(
            trainings,
            total=spec.training_hours,
            dei=spec.training_dei_hours,
            rsc_provision=spec.training_rsc_provision_hours,
            period="",
        ),
        *_coverage_item(trainings, spec),
        *_rsc_items(
            breakdown,
            hours=spec.rsc_hours,
            focus_hours=spec.rsc_focus_provided_hours,
            period=period,
        ),
        *_reference_items(facts, spec),
        *_attestation_items(
            facts.attestations,
            on=on,
            ethics=spec.ethics_required,
            membership=spec.membership_required,
        ),
    ]
    return Checklist(items=tuple(items))


# --- Renewal -----------------------------------------------------------------------------------


def renewal_fraction(
    *, cycle_start: date, cycle_end: date, endorsed_on: date, pro_rate: bool
) -> Decimal:
    """The share of the cycle's hours owed: 1, or the remaining fraction for a mid-cycle start."""
    if not pro_rate or endorsed_on <= cycle_start:
        return Decimal(1)
    if endorsed_on > cycle_end:
        return ZERO
    remaining = (cycle_end - endorsed_on).days + 1
    total = (cycle_end - cycle_start).days + 1
    return Decimal(remaining) / Decimal(total)


def evaluate_renewal(
    facts: PortfolioFacts,
    policy: RenewalSpec,
    *,
    cycle_start: date,
    cycle_end: date,
    endorsed_on: date,
) -> Checklist:
    """The ordered checklist for renewing at the end of the cycle `cycle_start`..`cycle_end`.

    - Endorsed during the cycle with `first_renewal_skip`: one met item, nothing owed.
    - Endorsed during the cycle with `pro_rate`: every hour figure times the remaining fraction of
      the cycle (from the endorsement day to the end, inclusive), rounded up to the half hour.
    - Hours count from the later of the cycle start and the endorsement day to the cycle end.
    - Membership must run at least to the cycle end.
    """
    mid_cycle = endorsed_on > cycle_start
    if mid_cycle and policy.first_renewal_skip:
        return Checklist(
            items=(
                ChecklistItem(
                    key="first_renewal_skipped",
                    label="First renewal",
                    met=True,
                    required=None,
                    actual=None,
                    explanation=(
                        f"Endorsed on {day_text(endorsed_on)}, during this cycle: your first "
                        "renewal is skipped and nothing is owed this time."
                    ),
                    section="attestation",
                ),
            )
        )
    fraction = renewal_fraction(
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        endorsed_on=endorsed_on,
        pro_rate=policy.pro_rate,
    )

    def owed(hours: Decimal) -> Decimal:
        return hours if fraction == 1 else round_up_half(hours * fraction)

    count_from = max(cycle_start, endorsed_on)
    period = f" between {day_text(count_from)} and {day_text(cycle_end)}"
    if fraction != 1:
        percent = (fraction * 100).quantize(Decimal("1"))
        period += f" (pro-rated to {percent}% of the cycle: endorsed on {day_text(endorsed_on)})"
    trainings = [t for t in facts.trainings if count_from <= t.date <= cycle_end]
    breakdown = classify_rsc_sessions(
        facts.rsc_sessions,
        on=cycle_end,
        window_start=count_from,
        provider_codes=policy.rsc_provider_codes,
        count_unconfirmed=policy.count_unconfirmed_rsc,
    )
    items = [
        *_training_items(
            trainings,
            total=owed(policy.training_hours),
            dei=owed(policy.training_dei_hours),
            rsc_provision=owed(policy.training_rsc_provision_hours),
            period=period,
        ),
        *_rsc_items(
            breakdown, hours=owed(policy.rsc_hours), focus_hours=ZERO, period=period.lstrip()
        ),
        *_attestation_items(
            facts.attestations,
            on=cycle_end,
            ethics=policy.ethics_required,
            membership=policy.membership_required,
            sanctions=policy.sanctions_attestation_required,
        ),
    ]
    return Checklist(items=tuple(items))
