"""Pages for holders (my endorsements, certificate, renewal, archive, completion,
reinstatement), coordinators (renewals, requests, credentials) and the public (verification).
Views parse, authorise, call one service, respond."""

from .holder import (
    archive,
    certificate_download,
    complete,
    my_endorsements,
    reinstate,
    renew,
    renewal_evidence,
    renewal_evidence_file,
    unarchive,
)
from .public import VERIFY_LIMIT_PER_MINUTE, verify, verify_json
from .staff import (
    credential_lift,
    credential_revoke,
    credential_suspend,
    renewal_approve,
    renewal_decline,
    renewal_detail,
    renewal_queue,
    renewals_overdue,
    request_approve,
    request_decline,
    request_detail,
    staff_credential,
    staff_credentials,
)

__all__ = [
    "VERIFY_LIMIT_PER_MINUTE",
    "archive",
    "certificate_download",
    "complete",
    "credential_lift",
    "credential_revoke",
    "credential_suspend",
    "my_endorsements",
    "reinstate",
    "renew",
    "renewal_approve",
    "renewal_decline",
    "renewal_detail",
    "renewal_evidence",
    "renewal_evidence_file",
    "renewal_queue",
    "renewals_overdue",
    "request_approve",
    "request_decline",
    "request_detail",
    "staff_credential",
    "staff_credentials",
    "unarchive",
    "verify",
    "verify_json",
]
