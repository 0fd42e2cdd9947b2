"""Facts in, rules as plain specs, results out: the engine's interface (keep it stable)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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
