"""Cells for CSV and XLSX files that people open in a spreadsheet.

A text cell starting with "=", "+", "-" or "@" (or a tab or carriage return, which some
spreadsheets skip before reading one) is run as a formula: a region, agency or person's name
typed as `=HYPERLINK(...)` would run on the reader's machine. Such text is written with a
leading apostrophe, which spreadsheets show as plain text. Numbers are left alone.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value):
    """`value` as it may be written to a spreadsheet cell (text that would run, quoted)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_safe(row) -> list:
    return [cell_safe(value) for value in row]


def about_line(about: list[tuple[str, str]]) -> str:
    """The "About" facts (report, date, filters) as the one-cell note a CSV file starts with."""
    return "# " + "; ".join(f"{key}: {value}" for key, value in about)
