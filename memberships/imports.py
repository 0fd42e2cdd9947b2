"""Reading the association's member list (CSV UTF-8 or XLSX), forgivingly where we can and
plainly where we cannot. Pure functions, no database.

Like the RSC import (`reflective_supervision/imports.py`) and the rosters, columns are known by
their usual spellings in English and Spanish and the file's size is bounded. Dates: ISO
(2026-12-31) always; otherwise in the order the coordinator says the file uses (month first as
in the United States, or day first), since 03/04/2026 is either and guessing would be wrong
for a whole file. Excel date cells are dates already.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELDS = ("email", "number", "membership_type", "starts_on", "ends_on", "name")
FIELD_LABELS = {
    "email": gettext_lazy("Email"),
    "number": gettext_lazy("Membership number"),
    "membership_type": gettext_lazy("Type"),
    "starts_on": gettext_lazy("Start date"),
    "ends_on": gettext_lazy("End date"),
    "name": gettext_lazy("Name"),
}
HEADER_ALIASES = {
    "email": {"email", "emailaddress", "mail", "correo", "correoelectronico", "memberemail"},
    "number": {
        "number",
        "membershipnumber",
        "memberno",
        "membernumber",
        "memberid",
        "membershipid",
        "numero",
        "numerodemiembro",
        "numerodesocio",
        "numerodemembresia",
    },
    "membership_type": {
        "type",
        "membershiptype",
        "membertype",
        "level",
        "tipo",
        "tipodemembresia",
        "tipodemiembro",
    },
    "starts_on": {
        "start",
        "startdate",
        "starts",
        "startson",
        "from",
        "joined",
        "membersince",
        "inicio",
        "fechadeinicio",
        "desde",
    },
    "ends_on": {
        "end",
        "enddate",
        "ends",
        "endson",
        "expires",
        "expiry",
        "expirydate",
        "expiration",
        "expirationdate",
        "through",
        "validthrough",
        "to",
        "fin",
        "fechadefin",
        "vence",
        "vencimiento",
        "hasta",
    },
    "name": {"name", "fullname", "membername", "nombre", "nombrecompleto"},
}
TYPE_WORDS = {
    "individual": {"individual", "ind", "regular", "professional", "profesional", "persona"},
    "student": {"student", "students", "estudiante", "estudiantes", "alumno", "alumna"},
    "organisational": {
        "organisational",
        "organizational",
        "organisation",
        "organization",
        "org",
        "agency",
        "institutional",
        "organizacional",
        "organizacion",
        "institucional",
        "agencia",
    },
}
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NUMERIC_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
TOO_BIG = gettext_lazy("The file is too big. Split it into files of 5,000 members or fewer.")


class MemberListError(Exception):
    """The file cannot be read as a member list; the message says why, for the person."""


def _key(text) -> str:
    folded = unicodedata.normalize("NFKD", str(text or ""))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z]", "", folded.casefold())


def header_map(headers: list) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for field, aliases in HEADER_ALIASES.items():
            if key in aliases and field not in columns.values():
                columns[index] = field
                break
    return columns


def _cell(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def read_member_list(upload) -> list[dict]:
    """The list's rows as [{"line": n, "values": {field: text}}]; raises MemberListError."""
    raw = io.BytesIO(upload) if isinstance(upload, bytes | bytearray) else upload
    raw.seek(0)
    head = raw.read(4096)
    raw.seek(0)
    if not head.strip():
        raise MemberListError(_("The file is empty."))
    rows = _xlsx_rows(raw) if head.startswith(XLSX_MAGIC) else _csv_rows(raw)
    if not rows:
        raise MemberListError(_("The file is empty."))
    columns = header_map(rows[0])
    found = set(columns.values())
    if "ends_on" not in found or not found & {"email", "number"}:
        raise MemberListError(
            _(
                "The first row must name the columns: at least Email (or Membership number) "
                "and End date. We found: %(found)s."
            )
            % {"found": ", ".join(_cell(h) for h in rows[0] if _cell(h))[:200] or "-"}
        )
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        values = dict.fromkeys(FIELDS, "")
        for index, field in columns.items():
            if index < len(row):
                values[field] = _cell(row[index])[:200]
        if any(values.values()):
            lines.append({"line": number, "values": values})
    if not lines:
        raise MemberListError(_("The file has column names but no members."))
    return lines


def _csv_rows(raw) -> list[list]:
    data = raw.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise MemberListError(str(TOO_BIG))
    if b"\x00" in data[:4096]:
        raise MemberListError(
            _("This is not a CSV or Excel file. Upload the member list as CSV (UTF-8) or .xlsx.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MemberListError(
            _(
                "The file is not saved as UTF-8. In Excel choose Save as, then "
                '"CSV UTF-8", or upload the .xlsx workbook.'
            )
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) - 1 > MAX_ROWS:
                raise MemberListError(str(TOO_BIG))
    except csv.Error as exc:
        raise MemberListError(_("The file could not be read as CSV.")) from exc
    return rows


def _xlsx_rows(raw) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise MemberListError(
            _("The Excel file could not be opened. Save it again as .xlsx and upload it.")
        ) from exc
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if any(cell not in (None, "") for cell in row):
                rows.append(list(row))
            if len(rows) - 1 > MAX_ROWS:
                raise MemberListError(str(TOO_BIG))
        return rows
    finally:
        workbook.close()


def parse_date(text: str, *, order: str) -> date | None:
    """ISO always; otherwise month first (`order` "mdy") or day first ("dmy"). None: not a
    date we can read."""
    text = (text or "").strip()
    if " " in text and ISO_RE.match(text.split(" ", 1)[0]):
        text = text.split(" ", 1)[0]  # "2026-12-31 00:00:00" from a spreadsheet
    try:
        if match := ISO_RE.match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := NUMERIC_RE.match(text):
            first, second, year = match.groups()
            year = int(year) + (2000 if len(year) == 2 else 0)
            month, day = (int(first), int(second)) if order == "mdy" else (int(second), int(first))
            return date(year, month, day)
    except ValueError:
        return None
    return None


def membership_type_of(text: str) -> str | None:
    key = " ".join(unicodedata.normalize("NFKD", (text or "").casefold()).split())
    key = "".join(ch for ch in key if not unicodedata.combining(ch))
    if not key:
        return "individual"
    for code, words in TYPE_WORDS.items():
        if key in words:
            return code
    return None


def row_clean(values: dict, *, order: str) -> tuple[dict, list[str]]:
    """One row's values checked: (cleaned, problems in plain words)."""
    problems: list[str] = []
    email = (values.get("email") or "").strip().lower()
    number = (values.get("number") or "").strip()
    if email and not EMAIL_RE.match(email):
        problems.append(_("The email %(email)s is not an email address.") % {"email": email})
    if not email and not number:
        problems.append(_("Give the member's email or membership number."))
    kind = membership_type_of(values.get("membership_type", ""))
    if kind is None:
        problems.append(
            _("The type %(type)s is not one we know: individual, student or organisational.")
            % {"type": values.get("membership_type")}
        )
    example = "12/31/2026" if order == "mdy" else "31/12/2026"
    starts_text, ends_text = values.get("starts_on", ""), values.get("ends_on", "")
    ends = parse_date(ends_text, order=order)
    if not ends_text:
        problems.append(_("Give the end date."))
    elif ends is None:
        problems.append(
            _("The end date %(text)s is not a date: write it like 2026-12-31 or %(example)s.")
            % {"text": ends_text, "example": example}
        )
    starts = parse_date(starts_text, order=order) if starts_text else None
    if starts_text and starts is None:
        problems.append(
            _("The start date %(text)s is not a date: write it like 2026-01-01 or %(example)s.")
            % {"text": starts_text, "example": example}
        )
    if starts is None and ends is not None and not starts_text:
        # A list with end dates only: a year's membership up to its end.
        try:
            starts = ends.replace(year=ends.year - 1) + timedelta(days=1)
        except ValueError:  # 29 February
            starts = date(ends.year - 1, 3, 1)
    if starts and ends and ends < starts:
        problems.append(_("The end date is before the start date."))
    cleaned = {
        "email": email,
        "number": number,
        "membership_type": kind or "individual",
        "starts_on": starts,
        "ends_on": ends,
        "name": (values.get("name") or "").strip(),
    }
    return cleaned, problems
