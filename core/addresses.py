"""Email addresses compared as the mailbox they reach, not as typed.

`Jo.Smith+ref@Gmail.com` and `josmith@googlemail.com` reach one mailbox: sub-addresses after
"+" are delivered to the main address by the big providers, and Gmail ignores dots. Used where
two addresses must not be the same person's (a reference rater and the applicant).
"""

import unicodedata

# Providers where dots in the local part are ignored, and their canonical domain.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def email_canonical(address: str) -> str:
    """The address reduced to the mailbox it reaches (lower case, no +tag, Gmail dots gone)."""
    address = unicodedata.normalize("NFKC", address or "").strip().casefold()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


def person_name_key(name: str) -> str:
    """A name compared as written, whatever the capitals, accents or spacing."""
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return " ".join(name.casefold().split())
