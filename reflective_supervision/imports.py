"""Reading a spreadsheet's CSV of RSC sessions, forgivingly. Pure functions, no database.

People keep RSC logs in spreadsheets with their own column names and date styles. We accept
the common variants and, for anything we cannot read, say in plain words what is wrong so the
person can fix that row in the preview.
"""

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting

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
    "date": gettext_lazy("Date"),
    "hours": gettext_lazy("Hours"),
    "minutes": gettext_lazy("Minutes"),
    "format": gettext_lazy("Format"),
    "group_size": gettext_lazy("Group size"),
    "modality": gettext_lazy("In person or virtual"),
    "focus": gettext_lazy("Focus"),
    "ages": gettext_lazy("Ages it was about"),
    "provider_name": gettext_lazy("Provider's name"),
    "provider_email": gettext_lazy("Provider's email"),
}
MAX_ROWS = 500
MAX_BYTES = 512 * 1024

# Header spellings, English and Spanish, compared after lower-casing, dropping accents and
# everything but letters ("Duración (min)" -> "duracionmin").
HEADER_ALIASES = {
    "date": {
        "date",
        "sessiondate",
        "dateofsession",
        "day",
        "when",
        "fecha",
        "fechadelasesion",
        "fechasesion",
        "dia",
        "cuando",
    },
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
        "horas",
        "hora",
        "duracion",
        "duracionhoras",
        "duracionenhoras",
        "tiempo",
        "scrhoras",
    },
    "minutes": {
        "minutes",
        "mins",
        "min",
        "durationminutes",
        "lengthminutes",
        "durationmins",
        "minutos",
        "duracionminutos",
        "duracionenminutos",
        "duracionmin",
    },
    "format": {
        "format",
        "type",
        "sessiontype",
        "sessionformat",
        "individualorgroup",
        "groupindividual",
        "individualgroup",
        "formato",
        "tipo",
        "tipodesesion",
        "formatodelasesion",
        "individualogrupal",
        "individualogrupo",
    },
    "group_size": {
        "groupsize",
        "size",
        "numberingroup",
        "participants",
        "numberofparticipants",
        "people",
        "tamanodelgrupo",
        "tamanogrupo",
        "tamano",
        "participantes",
        "numerodeparticipantes",
        "numerodepersonas",
        "personas",
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
        "modalidad",
        "presencialovirtual",
        "enpersonaovirtual",
        "lugar",
    },
    "focus": {"focus", "topic", "about", "rscfocus", "subject", "enfoque", "tema", "sobre"},
    "ages": {
        "ages",
        "age",
        "ageband",
        "agegroup",
        "agerange",
        "ageofchildren",
        "children",
        "edades",
        "edad",
        "rangodeedad",
        "rangodeedades",
        "grupodeedad",
        "ninos",
    },
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
        "proveedor",
        "proveedora",
        "proveedorproveedora",
        "nombredelproveedor",
        "nombredelaproveedora",
        "supervisora",
        "consultor",
        "consultora",
        "nombre",
    },
    "provider_email": {
        "provideremail",
        "email",
        "supervisoremail",
        "consultantemail",
        "emailaddress",
        "provideremailaddress",
        "correo",
        "correoelectronico",
        "correodelproveedor",
        "correodelaproveedora",
        "correoelectronicodelproveedor",
        "correoelectronicodelaproveedora",
        "emaildelproveedor",
    },
}

# Dates that read the same in every language: ISO, and month names (English or Spanish).
# Numbers alone (3/4/2026) are read in the order of the reader's language: see parse_date.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
)
NUMERIC_DATE = re.compile(r"(\d{1,2})[/\- ](\d{1,2})[/\- ](\d{4}|\d{2})")
SPANISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("enero", "ene"),
            ("febrero", "feb"),
            ("marzo", "mar"),
            ("abril", "abr"),
            ("mayo", "may"),
            ("junio", "jun"),
            ("julio", "jul"),
            ("agosto", "ago"),
            ("septiembre", "setiembre", "sep", "set"),
            ("octubre", "oct"),
            ("noviembre", "nov"),
            ("diciembre", "dic"),
        ),
        start=1,
    )
    for name in names
}
SPANISH_DATE = re.compile(r"(\d{1,2}) (?:de )?([a-z]+) (?:de |del )?(\d{4})")


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
        "uno a uno",
    },
    "group": {"group", "grp", "team", "grupo", "grupal", "en grupo", "equipo"},
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
        "presencial",
        "en persona",
        "cara a cara",
        "oficina",
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
        "en linea",
        "a distancia",
        "telefono",
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
        "bebes",
        "bebe",
        "embarazo a 36 meses",
        "0 a 3",
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
        "primera infancia",
        "3 a 6",
        "preescolar",
    },
    "both": {
        "both",
        "all",
        "0-6",
        "birth to 6",
        "infant and early childhood",
        "0 to 6",
        "ambos",
        "ambas",
        "todos",
        "0 a 6",
    },
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
        "trabajo propio",
        "mi propio trabajo",
        "mi trabajo",
        "propio",
        "recibida",
        "scr recibida",
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
        "scr brindada",
        "brindada",
        "scr que brindo",
        "scr proporcionada",
    },
}
PEER_WORDS = {
    "peer",
    "peer supervision",
    "peer group",
    "none",
    "no provider",
    "par",
    "pares",
    "entre pares",
    "supervision entre pares",
    "ninguno",
    "sin proveedor",
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a CSV, no recognisable columns, too big)."""


def _fold(text: str) -> str:
    """Lower case without accents: "Duración" -> "duracion", "Tamaño" -> "tamano"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", _fold(text))


def _words(text: str) -> str:
    return " ".join(_fold(text).replace("_", " ").split())


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


TOO_BIG = gettext_lazy("The file is too big. Split it into files of 500 rows or fewer.")
NOT_CSV = gettext_lazy(
    "The file is not a CSV file. In your spreadsheet, use File > Save as (or Download) > CSV."
)


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
        raise ImportFileError(_("The file is empty."))
    columns = header_map(rows[0])
    if "date" not in columns.values() or not {"hours", "minutes"} & set(columns.values()):
        raise ImportFileError(
            _(
                "The first row must name the columns, including a date column and an hours or "
                "minutes column."
            )
        )
    staged = []
    for line, row in enumerate(rows[1:], start=2):
        values = dict.fromkeys(FIELDS, "")
        for index, field in columns.items():
            if index < len(row):
                values[field] = row[index].strip()[:200]
        staged.append({"line": line, "values": values})
    if not staged:
        raise ImportFileError(_("The file has column names but no sessions."))
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
                    _("The file has more than %(max)s sessions. Split it in parts.")
                    % {"max": MAX_ROWS}
                )
    except csv.Error as exc:
        raise ImportFileError(_("The file could not be read as CSV.")) from exc
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


class DateOrderError(ValueError):
    """Numbers that make a date only in the other order (14/3/2026 for a month-first
    reader): `meant` is that date, so the message can offer it."""

    def __init__(self, meant: date):
        super().__init__(meant.isoformat())
        self.meant = meant


def day_first() -> bool:
    """Whether the active language writes the day first (14/3/2026), from its first numeric
    input format (Django's: "%d/%m/%Y" for Spanish, "%m/%d/%Y" for English)."""
    for fmt in get_format("DATE_INPUT_FORMATS"):
        if "%d" in fmt and "%m" in fmt:
            return fmt.index("%d") < fmt.index("%m")
    return False


def date_example() -> str:
    """14 March 2026 written with numbers, in the active language's order."""
    return "14/3/2026" if day_first() else "3/14/2026"


def read_date(text: str, *, day_first: bool) -> tuple[date, bool]:
    """(the date, whether its numbers could be read the other way too, like 3/4/2026).

    Raises DateOrderError when the numbers make a date only in the other order, and
    ValueError when they make none.
    """
    text = " ".join(text.replace(".", " ").split()).strip()
    if m := NUMERIC_DATE.fullmatch(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:  # as strptime's %y: 69-99 are the 1900s
            year += 1900 if year >= 69 else 2000
        day, month = (first, second) if day_first else (second, first)
        ambiguous = first != second and first <= 12 and second <= 12
        for read_day, read_month in ((day, month), (month, day)):
            try:
                found = date(year, read_month, read_day)
            except ValueError:
                continue
            if (read_day, read_month) == (day, month):
                return found, ambiguous
            raise DateOrderError(found)
        raise ValueError(text)
    if (m := SPANISH_DATE.fullmatch(_fold(text))) and m[2] in SPANISH_MONTHS:
        return date(int(m[3]), SPANISH_MONTHS[m[2]], int(m[1])), False
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date(), False
        except ValueError:
            continue
    raise ValueError(text)


def parse_date(text: str, *, day_first: bool = False) -> date:
    return read_date(text, day_first=day_first)[0]


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


def row_clean(
    values: dict[str, str], *, today: date | None = None, days_first: bool | None = None
) -> tuple[dict, dict]:
    """Check one row. Returns (cleaned, errors): errors maps a field to a plain-words message
    in the active language (the preview and the row form check rows as they render).

    Dates written with numbers are read in `days_first` order, by default the active
    language's (Spanish 14/3/2026, English 3/14/2026).

    cleaned has date, duration_minutes, format, group_size, modality, focus, age_band, peer,
    provider_name, provider_email (meaningful only when errors is empty), and date_ambiguous
    when the date's numbers could be read the other way too (the preview says how it read it).
    """
    today = today or date.today()
    if days_first is None:
        days_first = day_first()
    example = "14/3/2026" if days_first else "3/14/2026"
    v = {f: (values.get(f) or "").strip() for f in FIELDS}
    cleaned: dict = {}
    errors: dict[str, str] = {}

    cleaned["date_ambiguous"] = False
    if not v["date"]:
        errors["date"] = _("Enter the date of the session, like 2026-03-14 or %(example)s.") % {
            "example": example
        }
    else:
        try:
            cleaned["date"], cleaned["date_ambiguous"] = read_date(v["date"], day_first=days_first)
            if cleaned["date"] > today:
                errors["date"] = _("The date is in the future. Log sessions after they happen.")
            elif cleaned["date"].year < 1990:
                errors["date"] = _("Check the year of this date.")
        except DateOrderError as other:
            params = {"value": v["date"], "meant": formatting.day(other.meant)}
            params["iso"] = other.meant.isoformat()
            if days_first:
                message = _(
                    "We cannot read the date “%(value)s”: we read dates day first, like "
                    "14/3/2026. If you mean %(meant)s, write %(iso)s."
                )
            else:
                message = _(
                    "We cannot read the date “%(value)s”: we read dates month first, like "
                    "3/14/2026. If you mean %(meant)s, write %(iso)s."
                )
            errors["date"] = message % params
        except ValueError:
            errors["date"] = _(
                "We cannot read the date “%(value)s”. Write it like 2026-03-14 or %(example)s."
            ) % {"value": v["date"], "example": example}

    minutes = 0
    if not v["hours"] and not v["minutes"]:
        errors["hours"] = _("Enter how long the session was, in hours (like 1.5) or minutes.")
    else:
        try:
            minutes += parse_hours(v["hours"]) if v["hours"] else 0
        except ValueError:
            errors["hours"] = _(
                "We cannot read the hours “%(value)s”. Write them like 1.5 or 1:30."
            ) % {"value": v["hours"]}
        try:
            minutes += int(v["minutes"]) if v["minutes"] else 0
        except ValueError:
            errors["minutes"] = _(
                "We cannot read the minutes “%(value)s”. Write a whole number like 90."
            ) % {"value": v["minutes"]}
        if "hours" not in errors and "minutes" not in errors:
            if minutes <= 0:
                errors["hours"] = _("The length of the session must be more than 0.")
            elif minutes > 12 * 60:
                errors["hours"] = _("A session cannot be longer than 12 hours. Check the length.")
    cleaned["duration_minutes"] = minutes

    try:
        cleaned["format"] = _lookup(v["format"], FORMAT_WORDS)
    except ValueError:
        errors["format"] = (
            _("Say whether the session was individual or group.")
            if not v["format"]
            else _("“%(value)s” is not a format we know. Write individual or group.")
            % {"value": v["format"]}
        )
    cleaned["group_size"] = None
    if cleaned.get("format") == "group":
        try:
            size = int(v["group_size"])
            if size < 2:
                raise ValueError
            cleaned["group_size"] = size
        except ValueError:
            errors["group_size"] = _(
                "Enter how many people were in the group (2 or more), you included."
            )

    try:
        cleaned["modality"] = _lookup(v["modality"], MODALITY_WORDS)
    except ValueError:
        errors["modality"] = (
            _("Say whether the session was in person or virtual.")
            if not v["modality"]
            else _("“%(value)s” is not something we know. Write in person or virtual.")
            % {"value": v["modality"]}
        )

    if not v["focus"]:
        cleaned["focus"] = "own_work"  # the common case: RSC about one's own work
    else:
        try:
            cleaned["focus"] = _lookup(v["focus"], FOCUS_WORDS)
        except ValueError:
            errors["focus"] = _(
                "“%(value)s” is not a focus we know. Write own work, or RSC provided "
                "(for RSC about the RSC you provide to others)."
            ) % {"value": v["focus"]}

    cleaned["age_band"] = ""  # not said: the session counts for no category that names ages
    if v["ages"]:
        try:
            cleaned["age_band"] = _lookup(v["ages"], AGE_WORDS)
        except ValueError:
            errors["ages"] = _(
                "“%(value)s” is not an age band we know. Write infants (pregnancy to 36 "
                "months), early childhood (3 up to 6) or both."
            ) % {"value": v["ages"]}

    cleaned["peer"] = _words(v["provider_name"]) in PEER_WORDS
    cleaned["provider_name"] = v["provider_name"]
    cleaned["provider_email"] = v["provider_email"].lower()
    if not v["provider_name"]:
        errors["provider_name"] = _("Enter the provider's name (or peer, for peer supervision).")
    if v["provider_email"] and not EMAIL_RE.match(v["provider_email"]):
        errors["provider_email"] = _(
            "“%(value)s” is not an email address. Write it like name@example.org."
        ) % {"value": v["provider_email"]}
    return cleaned, errors
