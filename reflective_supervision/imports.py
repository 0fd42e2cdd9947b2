"""Reading a spreadsheet's CSV of RSC sessions, forgivingly. Pure functions, no database.

People keep RSC logs in spreadsheets with their own column names and date styles. We accept
the common variants and, for anything we cannot read, say in plain words what is wrong so the
person can fix that row in the preview.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

FIELDS = (
    "date",
    "hours",
    "minutes",
    "format",
    "group_size",
    "modality",
    "focus",
    "ages",
    "provider_name",
    "provider_email",
)
FIELD_LABELS = {
    "date": "Date",
    "hours": "Hours",
    "minutes": "Minutes",
    "format": "Format",
    "group_size": "Group size",
    "modality": "In person or virtual",
    "focus": "Focus",
    "ages": "Ages it was about",
    "provider_name": "Provider's name",
    "provider_email": "Provider's email",
}
MAX_ROWS = 500
MAX_BYTES = 512 * 1024

# Header spellings, compared after lower-casing and dropping everything but letters.
HEADER_ALIASES = {
    "date": {"date", "sessiondate", "dateofsession", "day", "when"},
    "hours": {
        "hours",
        "hour",
        "hrs",
        "hr",
        "duration",
        "durationhours",
        "length",
        "lengthhours",
        "time",
        "hoursofrsc",
        "rschours",
    },
    "minutes": {"minutes", "mins", "min", "durationminutes", "lengthminutes", "durationmins"},
    "format": {
        "format",
        "type",
        "sessiontype",
        "sessionformat",
        "individualorgroup",
        "groupindividual",
        "individualgroup",
    },
    "group_size": {
        "groupsize",
        "size",
        "numberingroup",
        "participants",
        "numberofparticipants",
        "people",
    },
    "modality": {
        "modality",
        "inpersonorvirtual",
        "inpersonvirtual",
        "mode",
        "delivery",
        "setting",
        "location",
        "virtualorinperson",
    },
    "focus": {"focus", "topic", "about", "rscfocus", "subject"},
    "ages": {"ages", "age", "ageband", "agegroup", "agerange", "ageofchildren", "children"},
    "provider_name": {
        "provider",
        "providername",
        "supervisor",
        "supervisorname",
        "consultant",
        "consultantname",
        "rscprovider",
        "name",
        "providedby",
    },
    "provider_email": {
        "provideremail",
        "email",
        "supervisoremail",
        "consultantemail",
        "emailaddress",
        "provideremailaddress",
    },
}

DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m-%d-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y/%m/%d",
)
FORMAT_WORDS = {
    "individual": {
        "individual",
        "ind",
        "indiv",
        "1:1",
        "1on1",
        "one on one",
        "one-on-one",
        "one to one",
        "dyadic",
        "single",
    },
    "group": {"group", "grp", "team"},
}
MODALITY_WORDS = {
    "in_person": {
        "in person",
        "in-person",
        "inperson",
        "face to face",
        "face-to-face",
        "f2f",
        "onsite",
        "on site",
        "office",
        "person",
    },
    "virtual": {
        "virtual",
        "video",
        "zoom",
        "teams",
        "online",
        "remote",
        "telehealth",
        "phone",
        "telephone",
        "web",
    },
}
AGE_WORDS = {
    "infant": {
        "infant",
        "infants",
        "baby",
        "babies",
        "0-3",
        "0 to 3",
        "birth to 3",
        "birth to three",
        "pregnancy to 36 months",
        "0-36 months",
        "infant track",
    },
    "early_childhood": {
        "early childhood",
        "early_childhood",
        "3-6",
        "3 to 6",
        "preschool",
        "young children",
        "3 up to 6",
        "early childhood track",
    },
    "both": {"both", "all", "0-6", "birth to 6", "infant and early childhood", "0 to 6"},
}
FOCUS_WORDS = {
    "own_work": {
        "own work",
        "own_work",
        "my own work",
        "my work",
        "own",
        "received",
        "rsc received",
        "direct practice",
        "rsc about my own work",
    },
    "rsc_provided": {
        "rsc provided",
        "rsc_provided",
        "provided",
        "providing",
        "rsc i provide",
        "about the rsc i provide",
        "providing rsc",
        "supervision provided",
        "rsc about the rsc i provide to others",
    },
}
PEER_WORDS = {"peer", "peer supervision", "peer group", "none", "no provider"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a CSV, no recognisable columns, too big)."""


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _words(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def header_map(headers: list[str]) -> dict[int, str]:
    """Column index -> our field name, for the headers we recognise (first match wins)."""
    found: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = _key(header)
        for field, aliases in HEADER_ALIASES.items():
            if field not in taken and key in aliases:
                found[index] = field
                taken.add(field)
                break
    return found


TOO_BIG = "The file is too big. Split it into files of 500 rows or fewer."
NOT_CSV = "The file is not a CSV file. In your spreadsheet, use File > Save as (or Download) > CSV."


def _text_stream(source) -> io.TextIOBase:
    """The file as text, read as it is needed: UTF-8 (with or without a byte-order mark), else
    Windows-1252, which spreadsheets on Windows write."""
    raw = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    raw.seek(0)
    head = raw.read(64 * 1024)
    raw.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start < len(head) - 3:
            encoding = "cp1252"
    binary = raw
    # An UploadedFile holds a BytesIO, or a temporary file's wrapper holding the real file.
    while not isinstance(binary, io.IOBase) and hasattr(binary, "file"):
        binary = binary.file
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")


def read_csv(source) -> list[dict]:
    """Rows of a CSV file (bytes, or an uploaded file read as a stream) as
    [{"line": n, "values": {field: text}}]; raises ImportFileError.

    Nothing past MAX_BYTES or MAX_ROWS sessions is read: the file is refused there.
    """
    if isinstance(source, bytes | bytearray) and len(source) > MAX_BYTES:
        raise ImportFileError(TOO_BIG)
    if getattr(source, "size", 0) > MAX_BYTES:
        raise ImportFileError(TOO_BIG)
    text = _text_stream(source)
    try:
        rows = _rows(text)
    finally:
        text.detach()  # leave the upload open: Django closes it

    if not rows:
        raise ImportFileError("The file is empty.")
    columns = header_map(rows[0])
    if "date" not in columns.values() or not {"hours", "minutes"} & set(columns.values()):
        raise ImportFileError(
            "The first row must name the columns, including a date column and an hours or "
            "minutes column."
        )
    staged = []
    for line, row in enumerate(rows[1:], start=2):
        values = dict.fromkeys(FIELDS, "")
        for index, field in columns.items():
            if index < len(row):
                values[field] = row[index].strip()[:200]
        staged.append({"line": line, "values": values})
    if not staged:
        raise ImportFileError("The file has column names but no sessions.")
    return staged


def _rows(text: io.TextIOBase) -> list[list[str]]:
    """The non-empty rows, read line by line up to MAX_BYTES and MAX_ROWS sessions."""
    sample = text.read(4096)
    if "\x00" in sample:
        raise ImportFileError(NOT_CSV)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    text.seek(0)
    rows = []
    try:
        for row in csv.reader(_limited_lines(text), dialect):
            if not any(cell.strip() for cell in row):
                continue
            rows.append(row)
            if len(rows) - 1 > MAX_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS} sessions. Split it in parts."
                )
    except csv.Error as exc:
        raise ImportFileError("The file could not be read as CSV.") from exc
    return rows


def _limited_lines(text: io.TextIOBase):
    """The lines of `text`, refusing the file once it has given more than MAX_BYTES."""
    read = 0
    for line in text:
        read += len(line)
        if read > MAX_BYTES:
            raise ImportFileError(TOO_BIG)
        if "\x00" in line:
            raise ImportFileError(NOT_CSV)
        yield line


def parse_date(text: str) -> date:
    text = " ".join(text.replace(".", " ").split()).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def parse_hours(text: str) -> int:
    """Hours as people write them -> minutes: 1, 1.5, 1,5, 1:30, 1h30, 1 hr 30 min, 90 min."""
    t = text.lower().strip()
    if m := re.fullmatch(r"(\d+):([0-5]\d)", t):
        return int(m[1]) * 60 + int(m[2])
    if m := re.fullmatch(
        r"(\d+)\s*(?:h|hr|hrs|hour|hours)\s*(?:(\d+)\s*(?:m|min|mins|minutes)?)?", t
    ):
        return int(m[1]) * 60 + int(m[2] or 0)
    if m := re.fullmatch(r"(\d+)\s*(?:m|min|mins|minutes)", t):
        return int(m[1])
    try:
        hours = Decimal(t.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError from exc
    if not hours.is_finite():
        raise ValueError
    return int((hours * 60).to_integral_value())


def _lookup(text: str, table: dict[str, set[str]]) -> str:
    words = _words(text)
    for value, spellings in table.items():
        if words in spellings or words.replace(" ", "") in {s.replace(" ", "") for s in spellings}:
            return value
    raise ValueError


def row_clean(values: dict[str, str], *, today: date | None = None) -> tuple[dict, dict]:
    """Check one row. Returns (cleaned, errors): errors maps a field to a plain-words message.

    cleaned has date, duration_minutes, format, group_size, modality, focus, age_band, peer,
    provider_name, provider_email (meaningful only when errors is empty).
    """
    today = today or date.today()
    v = {f: (values.get(f) or "").strip() for f in FIELDS}
    cleaned: dict = {}
    errors: dict[str, str] = {}

    if not v["date"]:
        errors["date"] = "Enter the date of the session, like 2026-03-14 or 3/14/2026."
    else:
        try:
            cleaned["date"] = parse_date(v["date"])
            if cleaned["date"] > today:
                errors["date"] = "The date is in the future. Log sessions after they happen."
            elif cleaned["date"].year < 1990:
                errors["date"] = "Check the year of this date."
        except ValueError:
            errors["date"] = (
                f"We cannot read the date “{v['date']}”. Write it like 2026-03-14 or 3/14/2026."
            )

    minutes = 0
    if not v["hours"] and not v["minutes"]:
        errors["hours"] = "Enter how long the session was, in hours (like 1.5) or minutes."
    else:
        try:
            minutes += parse_hours(v["hours"]) if v["hours"] else 0
        except ValueError:
            errors["hours"] = (
                f"We cannot read the hours “{v['hours']}”. Write them like 1.5 or 1:30."
            )
        try:
            minutes += int(v["minutes"]) if v["minutes"] else 0
        except ValueError:
            errors["minutes"] = (
                f"We cannot read the minutes “{v['minutes']}”. Write a whole number like 90."
            )
        if "hours" not in errors and "minutes" not in errors:
            if minutes <= 0:
                errors["hours"] = "The length of the session must be more than 0."
            elif minutes > 12 * 60:
                errors["hours"] = "A session cannot be longer than 12 hours. Check the length."
    cleaned["duration_minutes"] = minutes

    try:
        cleaned["format"] = _lookup(v["format"], FORMAT_WORDS)
    except ValueError:
        errors["format"] = (
            "Say whether the session was individual or group."
            if not v["format"]
            else f"“{v['format']}” is not a format we know. Write individual or group."
        )
    cleaned["group_size"] = None
    if cleaned.get("format") == "group":
        try:
            size = int(v["group_size"])
            if size < 2:
                raise ValueError
            cleaned["group_size"] = size
        except ValueError:
            errors["group_size"] = (
                "Enter how many people were in the group (2 or more), you included."
            )

    try:
        cleaned["modality"] = _lookup(v["modality"], MODALITY_WORDS)
    except ValueError:
        errors["modality"] = (
            "Say whether the session was in person or virtual."
            if not v["modality"]
            else f"“{v['modality']}” is not something we know. Write in person or virtual."
        )

    if not v["focus"]:
        cleaned["focus"] = "own_work"  # the common case: RSC about one's own work
    else:
        try:
            cleaned["focus"] = _lookup(v["focus"], FOCUS_WORDS)
        except ValueError:
            errors["focus"] = (
                f"“{v['focus']}” is not a focus we know. Write own work, or RSC provided "
                "(for RSC about the RSC you provide to others)."
            )

    cleaned["age_band"] = ""  # not said: the session counts for no category that names ages
    if v["ages"]:
        try:
            cleaned["age_band"] = _lookup(v["ages"], AGE_WORDS)
        except ValueError:
            errors["ages"] = (
                f"“{v['ages']}” is not an age band we know. Write infants (pregnancy to 36 "
                "months), early childhood (3 up to 6) or both."
            )

    cleaned["peer"] = _words(v["provider_name"]) in PEER_WORDS
    cleaned["provider_name"] = v["provider_name"]
    cleaned["provider_email"] = v["provider_email"].lower()
    if not v["provider_name"]:
        errors["provider_name"] = "Enter the provider's name (or peer, for peer supervision)."
    if v["provider_email"] and not EMAIL_RE.match(v["provider_email"]):
        errors["provider_email"] = (
            f"“{v['provider_email']}” is not an email address. Write it like name@example.org."
        )
    return cleaned, errors
