"""The person and their evidence: profile, where they work, and what they have done.

Evidence rows belong to the user (not the profile) so that someone can log a training before
filling in their profile. Nothing here knows about applications: `endorsements` reads these
rows through `applicants.selectors` and judges them against `competencies.rules`.
"""

from .evidence import (
    EARLIEST_YEAR,
    AgeBand,
    DegreeLevel,
    Document,
    DocumentKind,
    Education,
    LeadershipActivity,
    LeadershipKind,
    Training,
    TrainingFormat,
    VerifiedChoice,
    WorkExperience,
    WorkKind,
)
from .files import StoredFile
from .places import Agency, County, Language, ProgramType, Region
from .profile import ApplicantProfile, Gender, RaceEthnicity

__all__ = [
    "EARLIEST_YEAR",
    "AgeBand",
    "Agency",
    "ApplicantProfile",
    "County",
    "DegreeLevel",
    "Document",
    "DocumentKind",
    "Education",
    "Gender",
    "Language",
    "LeadershipActivity",
    "LeadershipKind",
    "ProgramType",
    "RaceEthnicity",
    "Region",
    "StoredFile",
    "Training",
    "TrainingFormat",
    "VerifiedChoice",
    "WorkExperience",
    "WorkKind",
]
