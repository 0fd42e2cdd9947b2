"""Reading an attendance roster (CSV or XLSX): name, email, hours attended. Pure functions,
no database.

Columns are recognised by their usual spellings in English and Spanish. Like the staff roster
(organisations/rosters.py), a CSV must be UTF-8 (names with accents must not be misread) and
the size is bounded; unlike it, a line keeps what could not be read (an hours cell like
"six") so the provider fixes it in the preview.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

HEADER_ALIASES = {
    "name": {"name", "fullname", "attendee", "participant", "nombre", "nombrecompleto"},
    "given_name": {"firstname", "givenname", "first", "nombrepila"},
    "family_name": {"lastname", "familyname", "surname", "last", "apellido", "apellidos"},
    "email": {"email", "emailaddress", "mail", "correo", "correoelectronico", "email1"},
    "hours": {
        "hours",
        "hoursattended",
        "attendedhours",
        "horas",
        "horasasistidas",
        "horasdeasistencia",
        "horasasistencia",
    },
}
TEMPLATE_HEADER = ["Name", "Email", "Hours attended"]
XLSX_MAGIC = b"PK\x03\x04"


class RosterFileError(Exception):
    """The file cannot be read as a roster; the message says why, for the person."""


def _key(text) -> str:
    folded = unicodedata.normalize("NFKD", str(text or ""))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def parse_hours(text) -> Decimal | None:
    """ "6", "6.5" and "6,5" are hours; anything else is None (the line then needs fixing)."""
    if isinstance(text, int | float | Decimal):
        value = Decimal(str(text))
    else:
        cleaned = str(text or "").strip().replace(",", ".")
        cleaned = re.sub(r"\s*(h|hrs?|hours?|horas?)\.?$", "", cleaned, flags=re.IGNORECASE)
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return None
    if not value.is_finite() or value < 0:
        return None
    return value


def read_attendance(upload, *, max_rows: int) -> list[dict]:
    """The roster's lines as [{"line", "name", "email", "hours": text}]; raises
    RosterFileError. XLSX is recognised by its content, not its name."""
    raw = io.BytesIO(upload) if isinstance(upload, bytes | bytearray) else upload
    raw.seek(0)
    head = raw.read(4096)
    raw.seek(0)
    if not head.strip():
        raise RosterFileError(_("The file is empty."))
    if head.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(raw, max_rows=max_rows)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise RosterFileError(
            _(
                'This is not a CSV (UTF-8) or Excel file. Save it as "CSV UTF-8" or as an '
                "Excel workbook (.xlsx), and upload it again."
            )
        )
    else:
        rows = _csv_rows(raw, max_rows=max_rows)
    if not rows:
        raise RosterFileError(_("The file is empty."))
    columns: dict[int, str] = {}
    for index, header in enumerate(rows[0]):
        key = _key(header)
        for field, aliases in HEADER_ALIASES.items():
            if key in aliases and field not in columns.values():
                columns[index] = field
    found = set(columns.values())
    if not found & {"name", "family_name", "email"}:
        raise RosterFileError(
            _(
                "The first row must name the columns: Name, Email and Hours attended. We "
                "found: %(found)s."
            )
            % {"found": ", ".join(str(h) for h in rows[0] if str(h or "").strip())[:200] or "-"}
        )
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        values = dict.fromkeys(HEADER_ALIASES, "")
        for index, field in columns.items():
            if index < len(row) and row[index] is not None:
                cell = row[index]
                values[field] = (
                    cell
                    if field == "hours" and not isinstance(cell, str)
                    else str(cell).strip()[:254]
                )
        if not any(str(v).strip() for v in values.values()):
            continue
        name = values["name"] or " ".join(
            part for part in (values["given_name"], values["family_name"]) if part
        )
        lines.append(
            {
                "line": number,
                "name": name[:200],
                "email": values["email"][:254],
                "hours": values["hours"],
            }
        )
    if not lines:
        raise RosterFileError(_("The file has column names but no people."))
    return lines


def _csv_rows(raw, *, max_rows: int) -> list[list[str]]:
    try:
        text = raw.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError(
            _(
                "The file is not saved as UTF-8, so names with accents would be misread. In "
                'Excel choose Save as, then "CSV UTF-8", or upload the .xlsx workbook.'
            )
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if not any(cell.strip() for cell in row):
                continue
            rows.append(row)
            if len(rows) - 1 > max_rows:
                raise _too_many(max_rows)
    except csv.Error as exc:
        raise RosterFileError(_("The file could not be read as CSV.")) from exc
    return rows


def _too_many(max_rows: int) -> RosterFileError:
    return RosterFileError(
        _("The roster has more than %(max)s people. Split it into parts and upload each.")
        % {"max": max_rows}
    )


def _xlsx_rows(raw, *, max_rows: int) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise RosterFileError(
            _("The Excel file could not be opened. Save it again as .xlsx and upload it.")
        ) from exc
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if not any(cell not in (None, "") for cell in row):
                continue
            rows.append(list(row))
            if len(rows) - 1 > max_rows:
                raise _too_many(max_rows)
        return rows
    finally:
        workbook.close()
