"""Forms for logging RSC, importing a spreadsheet and answering an attestation request.

They validate only; the views hand the cleaned facts to services.
"""

from .attestation import AttestationAskForm, AttestationEmailForm, AttestationForm
from .imports import ImportRowForm, ImportUploadForm
from .sessions import (
    DATE_FORMATS,
    DATE_HINT,
    DateInput,
    LogFilterForm,
    QuickEntryForm,
    SessionDetailsForm,
    SessionForm,
)

__all__ = [
    "DATE_FORMATS",
    "DATE_HINT",
    "AttestationAskForm",
    "AttestationEmailForm",
    "AttestationForm",
    "DateInput",
    "ImportRowForm",
    "ImportUploadForm",
    "LogFilterForm",
    "QuickEntryForm",
    "SessionDetailsForm",
    "SessionForm",
]
