"""The endorsement rules engine: plain facts in, an ordered checklist out.

PURE on purpose: standard library only, no Django, no ORM, no clock. Other apps gather the facts
(`PortfolioFacts`) from their own tables, the requirement rows reach the engine as plain specs
(`RequirementSet.to_spec()`, `RenewalPolicy.to_spec()`), and the evaluation date is an argument,
so every rule can be unit-tested in microseconds and replayed for any past date.

Conventions
- Hours and years are `Decimal`, never float. Training and RSC lengths are facts in minutes:
  they are summed in minutes, compared in minutes with the required hours, and turned into
  hours once at the end (12 sessions of 50 minutes are exactly 10 hours). Figures are shown
  with one decimal, cut rather than rounded up.
- Results are codes and plain values, never sentences: a checklist item carries `code` and
  `params` (numbers, dates, codes, ids, names people typed), a session verdict `reason_code`
  and `params`. `competencies.checklist_text` writes them in the reader's language.
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

from .application import evaluate_application, post_graduate_from
from .calendar import (
    CycleDates,
    cycle_dates,
    cycle_start_for,
    deadline_after,
    first_deadline,
    grid_deadline_after,
    next_deadline_after_renewal,
    owed_fraction,
    policy_on,
)
from .common import (
    cycle_bounds,
    hours_text,
    months_after,
    months_before,
    required_text,
    round_up_half,
    rsc_window_start,
    whole_months_between,
    work_days,
)
from .items import fees_item
from .renewal import evaluate_renewal, renewal_fraction, rsc_provision_applies
from .rsc import age_band_counts, classify_rsc_sessions, rsc_breakdown
from .types import (
    AGE_BANDS,
    EDUCATION_ORDER,
    FEE_KINDS,
    FEE_STAGES,
    LEADERSHIP_ACTIVITY_KINDS,
    LEADERSHIP_KIND_COVERS,
    LEADERSHIP_KINDS,
    MINUTES_PER_HOUR,
    NOT_COUNTED_CODES,
    PRO_RATE_BY,
    REFERENCE_RELATIONSHIPS,
    RSC_CONFIRMATION,
    RSC_FOCUS,
    SECTIONS,
    SPECIALIZED_WORK_KINDS,
    WORK_KINDS,
    ZERO,
    Attestations,
    Checklist,
    ChecklistItem,
    Degree,
    FeeDue,
    FeeFacts,
    MembershipPeriod,
    PortfolioFacts,
    ProviderTotal,
    Reference,
    RenewalSpec,
    RequirementSpec,
    RSCBreakdown,
    RSCSession,
    SessionVerdict,
    Training,
    WorkPeriod,
    hours_from_minutes,
    minutes_needed,
)

__all__ = [
    "AGE_BANDS",
    "LEADERSHIP_ACTIVITY_KINDS",
    "LEADERSHIP_KIND_COVERS",
    "MINUTES_PER_HOUR",
    "PRO_RATE_BY",
    "REFERENCE_RELATIONSHIPS",
    "CycleDates",
    "age_band_counts",
    "cycle_dates",
    "cycle_start_for",
    "deadline_after",
    "first_deadline",
    "grid_deadline_after",
    "hours_from_minutes",
    "minutes_needed",
    "months_after",
    "next_deadline_after_renewal",
    "owed_fraction",
    "policy_on",
    "post_graduate_from",
    "rsc_provision_applies",
    "whole_months_between",
    "EDUCATION_ORDER",
    "FEE_KINDS",
    "FEE_STAGES",
    "FeeDue",
    "FeeFacts",
    "MembershipPeriod",
    "fees_item",
    "LEADERSHIP_KINDS",
    "NOT_COUNTED_CODES",
    "RSC_CONFIRMATION",
    "RSC_FOCUS",
    "SECTIONS",
    "SPECIALIZED_WORK_KINDS",
    "WORK_KINDS",
    "ZERO",
    "Attestations",
    "Checklist",
    "ChecklistItem",
    "Degree",
    "PortfolioFacts",
    "ProviderTotal",
    "RSCBreakdown",
    "RSCSession",
    "Reference",
    "RenewalSpec",
    "RequirementSpec",
    "SessionVerdict",
    "Training",
    "WorkPeriod",
    "classify_rsc_sessions",
    "cycle_bounds",
    "evaluate_application",
    "evaluate_renewal",
    "hours_text",
    "months_before",
    "renewal_fraction",
    "required_text",
    "round_up_half",
    "rsc_breakdown",
    "rsc_window_start",
    "work_days",
]
