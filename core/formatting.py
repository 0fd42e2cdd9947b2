"""Dates, numbers and hours in the reader's language: the one place they are formatted.

Each language has one date style (endorsement_portal/formats/<lang>/formats.py): "1 December
2026" in English, "1 de diciembre de 2026" in Spanish. Nothing else in the portal calls
`strftime` for a person to read (month names there are the C locale's, English, whatever the
page's language). Templates use the same functions through `{% load portal_format %}`.

Money is kept in integer cents of one currency (the `FEES_CURRENCY` setting) and shown by
`money`: "$1,234.50" in English, "1234,50 US$" in Spanish, as CLDR writes them.
"""

from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

MINUTES_PER_HOUR = 60


def day(value: date | datetime | None) -> str:
    """A day in the language's date style; a datetime is read in the portal's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def moment(value: datetime | None) -> str:
    """A day and a time of day (portal time zone), e.g. "1 December 2026, 14:05"."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def month(value: date | datetime | None) -> str:
    """A month and year, e.g. "December 2026" / "diciembre de 2026"."""
    if value is None:
        return ""
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def day_of_year(value: date | None) -> str:
    """A day and month without the year, e.g. "31 December" / "31 de diciembre"."""
    if value is None:
        return ""
    return formats.date_format(value, "MONTH_DAY_FORMAT")


def number(value, places: int | None = None) -> str:
    """A number with the language's separators; `places` fixes the decimals, else a whole
    number shows none and a fraction at most two (cut, never rounded up: 9.999 -> 9.99)."""
    if value is None:
        return ""
    value = Decimal(str(value))
    if places is None:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_DOWN).normalize()
        places = max(0, -value.as_tuple().exponent)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def hours_figure(minutes) -> str:
    """Minutes as an hours figure (no unit), cut to two decimals: 90 -> "1.5" / "1,5"."""
    if minutes is None:
        return ""
    hours = (Decimal(minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return number(hours)


def hours(minutes) -> str:
    """Minutes as hours with the unit, in the plural form the figure needs: "1 hour",
    "1.5 hours", "1,5 horas"."""
    if minutes is None:
        return ""
    figure = (Decimal(minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    # Plural forms key on a whole number; any fraction reads as plural in both languages.
    count = int(figure) if figure == figure.to_integral_value() else 2
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": number(figure)}


def duration(minutes) -> str:
    """90 -> "1 h 30 min", the way people write a session's length (in both languages)."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    whole, rest = divmod(minutes, 60)
    if whole and rest:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": whole, "minutes": rest}
    if whole:
        return gettext("%(hours)s h") % {"hours": whole}
    return gettext("%(minutes)s min") % {"minutes": rest}


def hours_of(value) -> str:
    """An hours figure already in hours (a Decimal from the rules), with its unit."""
    if value is None:
        return ""
    return hours(Decimal(str(value)) * MINUTES_PER_HOUR)


# How each language writes a currency, after CLDR: the symbol, and whether it goes after the
# figure. A currency missing here is written with its ISO code ("1,234.50 CAD").
CURRENCY_SYMBOLS = {
    "en": {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "MXN": "MX$"},
    "es": {"USD": "US$", "EUR": "€", "GBP": "GBP", "CAD": "CA$", "MXN": "MXN"},
}
SYMBOL_AFTER = frozenset({"es"})
# CLDR's minimum grouping digits for Spanish is 2: 1234,50 but 12.345,50.
UNGROUPED_BELOW = {"es": 10_000}


def money(cents, currency: str = "") -> str:
    """An amount in integer cents as people write it in the active language: "$1,234.50" /
    "1234,50 US$"; a negative amount (a refund) as "-$12.00" / "-12,00 US$"."""
    if cents is None:
        return ""
    currency = (currency or settings.FEES_CURRENCY).upper()
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    cents = int(cents)
    amount = Decimal(abs(cents)) / 100
    grouping = abs(cents) // 100 >= UNGROUPED_BELOW.get(language, 0)
    figure = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=grouping)
    symbol = CURRENCY_SYMBOLS.get(language, CURRENCY_SYMBOLS["en"]).get(currency, currency)
    sign = "-" if cents < 0 else ""
    if language in SYMBOL_AFTER or len(symbol) == 3 and symbol == currency:
        return f"{sign}{figure}\u00a0{symbol}"
    return f"{sign}{symbol}{figure}"
