"""The Competency Guidelines and the endorsement rules, as data with effective dates.

Every number an association may change (hours, windows, counts, thresholds, offsets) is a field
here, never a constant in code. `competencies.rules` evaluates facts against a plain snapshot of
these rows (`RequirementSet.to_spec()`, `RenewalPolicy.to_spec()`), so the engine never touches
the ORM.
"""

from .categories import (
    AgeBandChoice,
    EducationLevel,
    EndorsementCategory,
    FeeKindChoice,
    LeadershipKindChoice,
    Level,
    ProRateBy,
    RaterRelationshipChoice,
    ScopeOfPractice,
    Track,
)
from .guidelines import Competency, CompetencyDomain, GuidelinesEdition
from .requirements import EffectiveRange, RenewalPolicy, RequirementSet

__all__ = [
    "AgeBandChoice",
    "FeeKindChoice",
    "LeadershipKindChoice",
    "ProRateBy",
    "RaterRelationshipChoice",
    "Competency",
    "CompetencyDomain",
    "EducationLevel",
    "EffectiveRange",
    "EndorsementCategory",
    "GuidelinesEdition",
    "Level",
    "RenewalPolicy",
    "RequirementSet",
    "ScopeOfPractice",
    "Track",
]
