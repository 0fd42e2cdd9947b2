"""Comparing names as people type them: case, accents and spacing do not matter."""

import unicodedata


def name_key(text: str) -> str:
    """ "  José  O'Neil " and "jose o'neil" give the same key."""
    folded = unicodedata.normalize("NFKD", text or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.casefold().split())


def last_name_matches(*, typed: str, family_name: str, printed_name: str) -> bool:
    """The typed last name is the holder's account last name, or the last word(s) of the
    name printed on the certificate (people with two last names may type either form)."""
    key = name_key(typed)
    if not key:
        return False
    if key == name_key(family_name):
        return True
    printed = name_key(printed_name)
    return printed == key or printed.endswith(" " + key)
