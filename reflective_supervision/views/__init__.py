from .attestation import attest, attestation_ask, attestation_email, attestation_resend
from .imports import (
    import_discard,
    import_preview,
    import_row_edit,
    import_row_remove,
    import_save,
    import_upload,
)
from .sessions import log, quick_entry, session_add, session_delete, session_edit

__all__ = [
    "attest",
    "attestation_ask",
    "attestation_email",
    "attestation_resend",
    "import_discard",
    "import_preview",
    "import_row_edit",
    "import_row_remove",
    "import_save",
    "import_upload",
    "log",
    "quick_entry",
    "session_add",
    "session_delete",
    "session_edit",
]
