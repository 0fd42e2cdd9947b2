"""No card data is ever stored: a reference that looks like a card number is refused."""

import re

_DIGIT_RUN = re.compile(r"(?:\d[ -]?){13,19}")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def looks_like_card_number(text: str) -> bool:
    """True when `text` holds 13 to 19 digits (spaces or dashes between) passing the Luhn
    check, as every payment card number does."""
    for match in _DIGIT_RUN.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group())
        for length in range(len(digits), 12, -1):
            for start in range(len(digits) - length + 1):
                if _luhn(digits[start : start + length]):
                    return True
    return False
