"""Reads for the reports, the dashboard and the public directory (see each module)."""

from .coverage import coverage_by_region, program_list
from .dashboard import (
    applications_by_status_and_age,
    endorsed_trend,
    lapses_recent,
    last_quarter_ends,
    renewals_due,
)
from .directory import attach_current_categories, directory_search
from .diversity import workforce_diversity
from .regions import endorsed_by_region, endorsements_counting_on, status_as_of

__all__ = [
    "applications_by_status_and_age",
    "attach_current_categories",
    "coverage_by_region",
    "directory_search",
    "endorsed_by_region",
    "endorsed_trend",
    "endorsements_counting_on",
    "lapses_recent",
    "last_quarter_ends",
    "program_list",
    "renewals_due",
    "status_as_of",
    "workforce_diversity",
]
