"""Forms for the profile and each evidence section. They validate; services persist."""

from .common import EvidenceForm
from .evidence import DocumentForm, EducationForm, LeadershipForm, TrainingForm, WorkForm
from .profile import ProfileForm

__all__ = [
    "DocumentForm",
    "EducationForm",
    "EvidenceForm",
    "LeadershipForm",
    "ProfileForm",
    "TrainingForm",
    "WorkForm",
]
