"""Reads for the reports, the dashboard and the public directory (see each module)."""

from .coverage import coverage_by_region, program_list
from .dashboard import (
    applications_by_status_and_age,
    credentials_by_status,
    endorsed_trend,
    lapses_recent,
    last_quarter_ends,
    renewals_due,
    reviewer_load,
)
from .directory import attach_current_categories, directory_search
from .diversity import workforce_diversity
from .lists import lapses_list, region_of, renewals_due_list
from .regions import endorsed_by_region, endorsements_counting_on, status_as_of

__all__ = [
    "applications_by_status_and_age",
    "attach_current_categories",
    "coverage_by_region",
    "credentials_by_status",
    "directory_search",
    "endorsed_by_region",
    "endorsed_trend",
    "endorsements_counting_on",
    "lapses_list",
    "lapses_recent",
    "last_quarter_ends",
    "program_list",
    "region_of",
    "renewals_due",
    "renewals_due_list",
    "reviewer_load",
    "status_as_of",
    "workforce_diversity",
]
