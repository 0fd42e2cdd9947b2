"""Reading a staff roster (CSV or XLSX), forgivingly where we can and plainly where we cannot.
Pure functions, no database.

Like the RSC import (reflective_supervision/imports.py), columns are recognised by their
usual spellings in English and Spanish, the file is read as a stream with its size bounded,
and anything we cannot read is refused with a message that says what to do. Unlike it, a CSV
must be UTF-8: a roster is names, and reading a Windows file as the wrong code page would
silently turn "Muñoz" into a name that matches nobody.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata

from django.utils.translation import gettext as _

FIELDS = ("name", "given_name", "family_name", "email", "number")
HEADER_ALIASES = {
    "name": {
        "name",
        "fullname",
        "staffname",
        "employee",
        "employeename",
        "nombre",
        "nombrecompleto",
    },
    "given_name": {"firstname", "givenname", "first", "nombrepila"},
    "family_name": {"lastname", "familyname", "surname", "last", "apellido", "apellidos"},
    "email": {"email", "emailaddress", "mail", "correo", "correoelectronico", "email1"},
    "number": {
        "endorsementnumber",
        "number",
        "endorsement",
        "endorsementno",
        "endorsementid",
        "credentialnumber",
        "numero",
        "numerodeendorsement",
        "numerodeacreditacion",
    },
}
TEMPLATE_HEADER = ["Name", "Email", "Endorsement number"]
XLSX_MAGIC = b"PK\x03\x04"


class RosterFileError(Exception):
    """The file cannot be read as a roster; the message says why, for the person."""


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", str(text or ""))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def header_map(headers: list) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for field, aliases in HEADER_ALIASES.items():
            if key in aliases and field not in columns.values():
                columns[index] = field
    return columns


def read_roster(upload, *, max_rows: int) -> list[dict]:
    """The roster's lines as [{"line": n, "name", "email", "number"}]; raises RosterFileError.

    `upload` is an uploaded file (or bytes). XLSX is recognised by its content, not its name.
    """
    raw = io.BytesIO(upload) if isinstance(upload, bytes | bytearray) else upload
    raw.seek(0)
    head = raw.read(4096)
    raw.seek(0)
    if not head.strip():
        raise RosterFileError(_("The file is empty."))
    if head.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(raw, max_rows=max_rows)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RosterFileError(
            _(
                'The file is saved as UTF-16 text. Save it as "CSV UTF-8" (in Excel: Save '
                "as, then CSV UTF-8) or as an Excel workbook (.xlsx), and upload it again."
            )
        )
    elif b"\x00" in head or _looks_binary(head):
        raise RosterFileError(
            _(
                "This is not a CSV or Excel file. Upload the roster as CSV (UTF-8) or .xlsx; "
                "the template shows the columns."
            )
        )
    else:
        rows = _csv_rows(raw, max_rows=max_rows)
    if not rows:
        raise RosterFileError(_("The file is empty."))
    columns = header_map(rows[0])
    found = set(columns.values())
    if not found & {"name", "family_name", "email", "number"}:
        raise RosterFileError(
            _(
                "The first row must name the columns: Name, Email or Endorsement number (at "
                "least one of them). We found: %(found)s."
            )
            % {"found": ", ".join(str(h) for h in rows[0] if str(h).strip())[:200] or "-"}
        )
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        values = dict.fromkeys(FIELDS, "")
        for index, field in columns.items():
            if index < len(row):
                values[field] = str(row[index] if row[index] is not None else "").strip()[:200]
        if not any(values.values()):
            continue
        name = values["name"] or " ".join(
            part for part in (values["given_name"], values["family_name"]) if part
        )
        lines.append(
            {
                "line": number,
                "name": name[:200],
                "email": values["email"][:254],
                "number": values["number"][:60],
            }
        )
    if not lines:
        raise RosterFileError(_("The file has column names but no people."))
    return lines


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 50


def _too_many(max_rows: int) -> RosterFileError:
    return RosterFileError(
        _("The roster has more than %(max)s people. Split it into parts and upload each.")
        % {"max": max_rows}
    )


def _csv_rows(raw, *, max_rows: int) -> list[list[str]]:
    data = raw.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError(
            _(
                "The file is not saved as UTF-8, so names with accents would be misread. In "
                'Excel choose Save as, then "CSV UTF-8", or upload the .xlsx workbook.'
            )
        ) from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
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


def _xlsx_rows(raw, *, max_rows: int) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise RosterFileError(
            _("The Excel file could not be opened. Save it again as .xlsx and upload it.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if not any(cell not in (None, "") for cell in row):
                continue
            rows.append(list(row))
            if len(rows) - 1 > max_rows:
                raise _too_many(max_rows)
        return rows
    finally:
        workbook.close()
