"""The workflow on top of the evidence: applications and their history, and the credential.

Sub-apps in this package own the rest of the workflow with their own models and migrations:
`endorsements.review` (assignment, conflicts, reviews, decisions, exams),
`endorsements.credentials` (certificates, verification, renewals, reminders) and
`endorsements.reports` (reports, dashboard, public registry).
"""

from .applications import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
)
from .attestations import EthicsAttestation, ethics_document_version
from .credentials import (
    ENDORSEMENT_TRANSITIONS,
    Endorsement,
    EndorsementEvent,
    EndorsementNumberCounter,
    EndorsementStatus,
)
from .references import RatingItem, ReferenceRelationship, ReferenceRequest, ReferenceStatus

__all__ = [
    "APPLICATION_TRANSITIONS",
    "ENDORSEMENT_TRANSITIONS",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "Endorsement",
    "EndorsementEvent",
    "EndorsementNumberCounter",
    "EndorsementStatus",
    "EthicsAttestation",
    "RatingItem",
    "ReferenceRelationship",
    "ReferenceRequest",
    "ReferenceStatus",
    "ethics_document_version",
]
