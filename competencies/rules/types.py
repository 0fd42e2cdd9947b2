"""Facts in, rules as plain specs, results out: the engine's interface (keep it stable)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

ZERO = Decimal("0")
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
DAYS_PER_YEAR = 365
MINUTES_PER_HOUR = 60


def hours_from_minutes(minutes: int | Decimal) -> Decimal:
    """Minutes as hours, cut (never rounded up) to two decimals: 600 -> 10.00, 599 -> 9.98.

    Hours are summed in minutes and turned into hours once, here, at the end: twelve sessions
    of 50 minutes are 600 minutes, exactly 10 hours. Comparisons with a required figure are
    made in minutes (`minutes_needed`), never on the cut figure.
    """
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(TWO_DECIMALS, rounding=ROUND_DOWN)


def minutes_needed(hours: Decimal | int) -> Decimal:
    """A required figure in hours as minutes, for comparing with a sum of minutes."""
    return Decimal(hours) * MINUTES_PER_HOUR


# Lowest to highest; the same values as competencies.models.EducationLevel.
EDUCATION_ORDER = ("none", "cda", "associate", "bachelor", "master", "doctorate")

WORK_KINDS = (
    "direct",
    "supervised_volunteer",
    "leadership",
    "rsc_provision",
    "policy",
    "faculty_research",
)
SPECIALIZED_WORK_KINDS = frozenset({"direct", "supervised_volunteer"})
# The kinds of leadership a requirement set may ask for (the values of
# applicants.LeadershipKind): policy, faculty (university teaching), research, program
# administration.
LEADERSHIP_ACTIVITY_KINDS = ("policy", "faculty", "research", "administration")
# Every fact kind that is leadership, with the leadership kinds it stands for. Leadership
# activities carry their own kind; work-history rows of a leadership kind (applicants.WorkKind)
# stand for the kinds they name ("leadership" names none: it counts only where any kind does).
LEADERSHIP_KIND_COVERS = {
    "policy": frozenset({"policy"}),
    "faculty": frozenset({"faculty"}),
    "research": frozenset({"research"}),
    "administration": frozenset({"administration"}),
    "faculty_research": frozenset({"faculty", "research"}),
    "leadership": frozenset(),
}
LEADERSHIP_KINDS = frozenset(LEADERSHIP_KIND_COVERS)
# Ages a piece of work or an RSC session was about (the values of applicants.AgeBand); "" on a
# fact means nobody said.
AGE_BANDS = ("infant", "early_childhood", "both")
# Who a reference rater is to the applicant (the values of endorsements.ReferenceRelationship).
REFERENCE_RELATIONSHIPS = ("current_supervisor", "rsc_provider", "colleague", "supervisee", "other")
# How a renewal's hours are pro-rated for a cycle entered part way through.
PRO_RATE_BY = ("days", "whole_years")
RSC_FOCUS = ("own_work", "rsc_provided")
RSC_CONFIRMATION = ("unconfirmed", "confirmed", "disputed")

# What a fee is for (the values of fees.FeeKind): requirement sets name the kinds that must be
# paid or waived before submission and before the decision.
FEE_KINDS = (
    "registration",
    "processing",
    "exam",
    "exam_retake",
    "renewal",
    "late_renewal",
    "reinstatement",
    "membership_individual",
    "membership_student",
    "membership_organisational",
)

# Sections of the portfolio a checklist item sends the applicant to.
SECTIONS = (
    "education",
    "work",
    "training",
    "rsc",
    "references",
    "attestation",
    "membership",
    "fees",
)
# Where an application stands for its fees: before submission (a draft, or deferred back to
# the applicant) or before the decision (submitted, in review, waiting for the exam).
FEE_STAGES = ("submission", "decision")


# --- Facts (built by the evidence apps; the interface: keep it stable) -------------------------


@dataclass(frozen=True)
class Degree:
    level: str  # one of EDUCATION_ORDER
    field: str = ""
    year: int | None = None  # year awarded; None = not yet awarded (does not count)
    id: int | None = None
    # The day it was completed; None where only the year is known (older rows).
    completed_on: date | None = None


@dataclass(frozen=True)
class WorkPeriod:
    start: date
    end: date | None  # None: ongoing
    hours_per_week: Decimal = ZERO
    paid: bool = True
    families_served: int = 0
    kind: str = "direct"  # one of WORK_KINDS, or a key of LEADERSHIP_KIND_COVERS
    id: int | None = None
    age_band: str = ""  # one of AGE_BANDS; "" = not said


@dataclass(frozen=True)
class Training:
    date: date
    minutes: int  # length as logged: summed in minutes, turned into hours once at the end
    competency_ids: frozenset[int] = frozenset()
    dei: bool = False
    rsc_provision: bool = False
    id: int | None = None
    title: str = ""
    # Confirmed by its provider's attendance roster (the training catalog), not self-reported.
    verified: bool = False

    @property
    def hours(self) -> Decimal:
        """This training's length in hours, for showing one training (never for sums)."""
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True)
class RSCSession:
    date: date
    minutes: int  # length as logged: summed in minutes, turned into hours once at the end
    provider_key: str = ""  # stable identity of the provider (e.g. "user:12", "email:a@b")
    provider_name: str = ""
    # Category codes the provider held on the session's date; empty: not endorsed that day.
    provider_categories_on_date: frozenset[str] = frozenset()
    provider_vetted: bool = False  # accepted by the coordinator although not endorsed
    peer: bool = False  # peer supervision without an identified provider: never counts
    focus: str = "own_work"  # one of RSC_FOCUS
    confirmed: str = "unconfirmed"  # one of RSC_CONFIRMATION
    id: int | None = None
    age_band: str = ""  # one of AGE_BANDS; "" = not said

    @property
    def hours(self) -> Decimal:
        """This session's length in hours, for showing one session (never for sums)."""
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True)
class Reference:
    id: int | None
    rater_name: str = ""
    relationship: str = ""  # one of REFERENCE_RELATIONSHIPS
    rater_endorsed: bool = False
    rater_vetted: bool = False
    completed: bool = False
    not_enough_info_count: int = 0


@dataclass(frozen=True)
class MembershipPeriod:
    """A membership record kept by the association's staff (the memberships app), or, with
    `claimed`, what the applicant typed, waiting for a coordinator (never meets the item)."""

    starts_on: date | None
    ends_on: date | None
    association: str = ""  # empty: this association; else the other association's name
    claimed: bool = False
    number: str = ""

    def covers(self, day: date) -> bool:
        return (
            not self.claimed
            and self.starts_on is not None
            and self.ends_on is not None
            and self.starts_on <= day <= self.ends_on
        )


@dataclass(frozen=True)
class Attestations:
    ethics_signed: bool = False
    # The person's membership records (and a claim waiting), in any order.
    memberships: tuple[MembershipPeriod, ...] = ()
    no_sanctions_attested: bool = False  # renewal: no sanctions by a licensing board
    # Renewal: the holder says they provide RSC to others (None: not asked yet).
    provides_rsc: bool | None = None


@dataclass(frozen=True)
class FeeDue:
    """One fee invoiced for this application (gathered by the fees app): what is left to pay.
    A fee never invoiced is not owed (invoices are raised with the event that makes a fee
    due, in its transaction; a fee the schedule does not charge has none)."""

    kind: str  # one of FEE_KINDS
    invoice_number: str = ""
    amount_cents: int = 0
    outstanding_cents: int = 0
    waived: bool = False  # settled by a waiver (scholarship, hardship)

    @property
    def settled(self) -> bool:
        return self.outstanding_cents <= 0


@dataclass(frozen=True)
class FeeFacts:
    stage: str = "submission"  # one of FEE_STAGES
    dues: tuple[FeeDue, ...] = ()


@dataclass(frozen=True)
class PortfolioFacts:
    degrees: tuple[Degree, ...] = ()
    work: tuple[WorkPeriod, ...] = ()
    trainings: tuple[Training, ...] = ()
    rsc_sessions: tuple[RSCSession, ...] = ()
    references: tuple[Reference, ...] = ()
    attestations: Attestations = field(default_factory=Attestations)
    fees: FeeFacts = field(default_factory=FeeFacts)


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
    leadership_kinds: frozenset[str] = frozenset()  # of LEADERSHIP_ACTIVITY_KINDS; empty: any
    rsc_provision_years: Decimal = ZERO
    # Ages that specialized work and RSC sessions must be about (of AGE_BANDS); empty: any.
    age_bands: frozenset[str] = frozenset()
    training_hours: Decimal = ZERO
    training_dei_hours: Decimal = ZERO
    training_rsc_provision_hours: Decimal = ZERO
    training_must_cover_domains: bool = False
    # A training counts toward the hours only when tagged with at least one competency area.
    training_requires_competency: bool = False
    # The share (percent) of the training hours that must come from trainings verified by
    # their providers (catalog rosters); zero: none.
    training_verified_share_percent: Decimal = ZERO
    required_domain_ids: frozenset[int] = frozenset()
    competency_domain: Mapping[int, int] = field(default_factory=dict)  # competency id -> domain id
    domain_names: Mapping[int, str] = field(default_factory=dict)
    rsc_hours: Decimal = ZERO
    rsc_window_months: int | None = None  # None: sessions of any date count
    rsc_focus_provided_hours: Decimal = ZERO
    rsc_provider_codes: frozenset[str] = frozenset()  # empty: any identified provider
    count_unconfirmed_rsc: bool = True
    # The required RSC hours are received over no less than / no more than N months.
    rsc_span_min_months: int | None = None
    rsc_span_max_months: int | None = None
    # More than this share of the hours from one provider (None: no such rule) ...
    rsc_main_provider_share_percent: Decimal | None = None
    # ... and the rest from at most this many others (None: any number).
    rsc_other_providers_max: int | None = None
    references_required: int = 0
    # Relationships the raters must include (of REFERENCE_RELATIONSHIPS), in the order shown.
    reference_relationships: tuple[str, ...] = ()
    references_endorsed_required: int = 0
    reference_not_enough_info_threshold: int = 6
    exam_required: bool = False
    exam_pass_mark_percent: int = 80
    membership_required: bool = False
    # A membership of another association of the Alliance meets the membership item.
    other_association_membership_accepted: bool = False
    ethics_required: bool = False
    # Fees (of FEE_KINDS) that must be paid or waived before submission, and before the
    # decision (those before submission still count then). Empty: fees block nothing.
    fees_before_submission: frozenset[str] = frozenset()
    fees_before_decision: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RenewalSpec:
    """What one renewal cycle asks of a category's holders. Zero means "not required"."""

    category_code: str = ""
    cycle_years: int = 1
    training_hours: Decimal = ZERO
    training_dei_hours: Decimal = ZERO
    # Owed by every holder who provides RSC: those who say so, and every holder of a category
    # whose holders provide it (`rsc_provision_implied`).
    training_rsc_provision_hours: Decimal = ZERO
    rsc_provision_implied: bool = False
    training_requires_competency: bool = False
    rsc_hours: Decimal = ZERO
    rsc_provider_codes: frozenset[str] = frozenset()  # empty: any identified provider
    count_unconfirmed_rsc: bool = True
    first_renewal_skip: bool = False
    pro_rate: bool = False
    pro_rate_by: str = "days"  # one of PRO_RATE_BY
    # The calendar: the policy governs deadlines from `effective_from` to `effective_to`, which
    # fall on `cycle_anchor` and every `cycle_years` years before and after it (None: every 31
    # December). Holders renewing for a deadline from `transition_from` on, before this policy
    # starts, are next due on this policy's first deadline.
    effective_from: date | None = None
    effective_to: date | None = None
    cycle_anchor: date | None = None
    transition_from: date | None = None
    membership_required: bool = False
    other_association_membership_accepted: bool = False
    ethics_required: bool = False
    sanctions_attestation_required: bool = False


# --- Results ---------------------------------------------------------------------------------

# What writes results as sentences (competencies.checklist_text, registered when the app is
# ready): the engine stays free of Django and of any language.
_presenter = None


def set_presenter(presenter) -> None:
    """Register the module whose item_label / item_explanation / verdict_reason write results."""
    global _presenter
    _presenter = presenter


@dataclass(frozen=True)
class ChecklistItem:
    """One requirement's result: codes and plain values only (numbers, dates, codes, ids and
    names people typed), never a sentence. `code` names the sentence and `params` holds what
    it needs; `competencies.checklist_text` writes it in the reader's language."""

    key: str
    met: bool
    required: Decimal | int | str | bool | None
    actual: Decimal | int | str | bool | None
    contributing_ids: tuple = ()
    section: str = ""  # one of SECTIONS: where to go to fix it
    code: str = ""
    params: Mapping = field(default_factory=dict, hash=False)

    # Presentation hooks for pages and emails, written when read in the active language by
    # the presenter the app registers (`set_presenter`); the engine itself never calls them.
    @property
    def label(self) -> str:
        return _presenter.item_label(self) if _presenter else self.code or self.key

    @property
    def explanation(self) -> str:
        return _presenter.item_explanation(self) if _presenter else self.code or self.key


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


# Why a session does not count (SessionVerdict.reason_code, besides "counted").
NOT_COUNTED_CODES = (
    "after_evaluation",
    "outside_window",
    "peer",
    "disputed",
    "ineligible_provider",
    "unconfirmed",
    "age_band_missing",
    "wrong_age_band",
)


@dataclass(frozen=True)
class SessionVerdict:
    session: RSCSession
    counted: bool
    reason_code: str  # "counted" or one of NOT_COUNTED_CODES
    params: Mapping = field(default_factory=dict, hash=False)  # what the reason names

    @property
    def reason(self) -> str:
        """The reason in the active language (a presentation hook, see ChecklistItem)."""
        return _presenter.verdict_reason(self) if _presenter else self.reason_code


@dataclass(frozen=True)
class ProviderTotal:
    provider_key: str
    provider_name: str
    counted_minutes: int
    not_counted_minutes: int
    sessions: int

    @property
    def counted_hours(self) -> Decimal:
        return hours_from_minutes(self.counted_minutes)

    @property
    def not_counted_hours(self) -> Decimal:
        return hours_from_minutes(self.not_counted_minutes)


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
    def counted_minutes(self) -> int:
        return sum(v.session.minutes for v in self.counted)

    @property
    def not_counted_minutes(self) -> int:
        return sum(v.session.minutes for v in self.not_counted)

    @property
    def counted_focus_provided_minutes(self) -> int:
        return sum(v.session.minutes for v in self.counted if v.session.focus == "rsc_provided")

    @property
    def counted_hours(self) -> Decimal:
        return hours_from_minutes(self.counted_minutes)

    @property
    def not_counted_hours(self) -> Decimal:
        return hours_from_minutes(self.not_counted_minutes)

    @property
    def counted_focus_provided_hours(self) -> Decimal:
        return hours_from_minutes(self.counted_focus_provided_minutes)

    def not_counted_minutes_by_reason(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for verdict in self.not_counted:
            totals[verdict.reason_code] = (
                totals.get(verdict.reason_code, 0) + verdict.session.minutes
            )
        return totals

    def not_counted_hours_by_reason(self) -> dict[str, Decimal]:
        return {k: hours_from_minutes(m) for k, m in self.not_counted_minutes_by_reason().items()}
