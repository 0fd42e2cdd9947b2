"""Reading the frozen portfolio snapshot for reviewers: display, completeness, files and diffs.

The snapshot's shape is documented in `endorsements/services/snapshot.py` (sections "profile",
"education", "work", "training", "leadership", "documents", "rsc", "references", "checklist",
"attestation"). These helpers read it defensively: any JSON under a section is shown as label /
value pairs, so a new key in the snapshot shows up without a change here.
"""

import contextlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.models import (
    AgeBand,
    DegreeLevel,
    DocumentKind,
    LeadershipKind,
    ProgramType,
    TrainingFormat,
    WorkKind,
)
from competencies import checklist_text
from core import formatting
from endorsements import frozen_names
from endorsements.models import ReferenceRelationship, ReferenceStatus
from endorsements.sections import PORTFOLIO_SECTIONS, SECTION_TITLES  # noqa: F401 (re-exported)
from reflective_supervision.models import SupervisionSession

# The sections a reviewer judges, in the order of the portfolio.
# Defined with the applications (the applicant's timeline names reopened sections too).
SECTIONS: list[tuple[str, str]] = PORTFOLIO_SECTIONS
FILE_KEYS = ("file_id", "transcript_id", "certificate_id")


@dataclass
class Line:
    label: str
    value: str
    file_id: int | None = None


@dataclass
class Item:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    items: list[Item]
    changed: bool = False
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)


# The snapshot's keys as a reader sees them (see the format in endorsements/services/snapshot.py).
KEY_LABELS = {
    "legal_given_name": gettext_lazy("Legal given name"),
    "legal_family_name": gettext_lazy("Legal family name"),
    "display_name": gettext_lazy("Display name"),
    "preferred_name": gettext_lazy("Preferred name"),
    "credentials": gettext_lazy("Credentials"),
    "phone": gettext_lazy("Phone"),
    "job_title": gettext_lazy("Job title"),
    "agency": gettext_lazy("Agency"),
    "name": gettext_lazy("Name"),
    "program_type": gettext_lazy("Program type"),
    "work_county": gettext_lazy("Work county"),
    "region": gettext_lazy("Region"),
    "languages": gettext_lazy("Languages"),
    "membership_number": gettext_lazy("Membership number"),
    "membership_expires_on": gettext_lazy("Membership expires on"),
    "degree_level": gettext_lazy("Degree level"),
    "field_of_study": gettext_lazy("Field of study"),
    "institution": gettext_lazy("Institution"),
    "year": gettext_lazy("Year"),
    "completed_on": gettext_lazy("Completed on"),
    "transcript": gettext_lazy("Transcript"),
    "employer": gettext_lazy("Employer"),
    "role": gettext_lazy("Role"),
    "kind": gettext_lazy("Kind"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
    "hours_per_week": gettext_lazy("Hours per week"),
    "families_served": gettext_lazy("Families served"),
    "age_band": gettext_lazy("Age band"),
    "paid": gettext_lazy("Paid"),
    "title": gettext_lazy("Title"),
    "provider": gettext_lazy("Provider"),
    "date": gettext_lazy("Date"),
    "hours": gettext_lazy("Hours"),
    "minutes": gettext_lazy("Minutes"),
    "format": gettext_lazy("Format"),
    "dei": gettext_lazy("Diversity, equity and inclusion"),
    "rsc_provision": gettext_lazy("Providing reflective supervision"),
    "verified": gettext_lazy("Verified by the provider"),
    "certificate": gettext_lazy("Certificate"),
    "organisation": gettext_lazy("Organisation"),
    "description": gettext_lazy("Description"),
    "file": gettext_lazy("File"),
    "window_start": gettext_lazy("Window start"),
    "counted_hours": gettext_lazy("Counted hours"),
    "not_counted_hours": gettext_lazy("Hours not counted"),
    "focus_provided_hours": gettext_lazy("Hours about the supervision you provide"),
    "sessions": gettext_lazy("Sessions"),
    "by_provider": gettext_lazy("By provider"),
    "group_size": gettext_lazy("Group size"),
    "modality": gettext_lazy("Modality"),
    "focus": gettext_lazy("Focus"),
    "provider_name": gettext_lazy("Provider name"),
    "peer": gettext_lazy("Peer supervision"),
    "counted": gettext_lazy("Counted"),
    "reason_code": gettext_lazy("Why"),
    "attestation_status": gettext_lazy("Attestation status"),
    "provider_comment": gettext_lazy("Provider comment"),
    "rater_name": gettext_lazy("Rater name"),
    "rater_email": gettext_lazy("Rater email"),
    "relationship": gettext_lazy("Relationship"),
    "rater_endorsed": gettext_lazy("Rater endorsed"),
    "rater_endorsement_number": gettext_lazy("Rater endorsement number"),
    "rater_endorsement_verified": gettext_lazy("Rater endorsement verified"),
    "vetted": gettext_lazy("Vetted"),
    "status": gettext_lazy("Status"),
    "completed_at": gettext_lazy("Completed at"),
    "applicant_waived_access": gettext_lazy("Applicant waived access"),
    "comments": gettext_lazy("Comments"),
    "not_enough_info_count": gettext_lazy("Not enough information answers"),
    "counts": gettext_lazy("Counts"),
    "complete": gettext_lazy("Complete"),
    "items": gettext_lazy("Items"),
    "version": gettext_lazy("Version"),
    "typed_name": gettext_lazy("Typed name"),
    "attested_at": gettext_lazy("Attested at"),
}
DAY_KEYS = {
    "membership_expires_on",
    "completed_on",
    "start_date",
    "end_date",
    "date",
    "window_start",
}
MOMENT_KEYS = {"completed_at", "attested_at"}


def _label(key: str) -> str:
    known = KEY_LABELS.get(key)
    return str(known) if known else key.replace("_", " ").capitalize()


def _formatted(key: str, value) -> str | None:
    """A frozen day or moment in the reader's date style (None: not one)."""
    with contextlib.suppress(TypeError, ValueError):
        if key in DAY_KEYS and isinstance(value, str) and value:
            return formatting.day(date.fromisoformat(value))
        if key in MOMENT_KEYS and isinstance(value, str) and value:
            return formatting.moment(datetime.fromisoformat(value))
    return None


# Frozen figures a person reads as numbers: hours, and how many.
NUMBER_KEYS = {
    "hours",
    "hours_per_week",
    "counted_hours",
    "not_counted_hours",
    "focus_provided_hours",
    "minutes",
    "families_served",
    "group_size",
}


def _text(value, key: str = "") -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_text(v, k)}" for k, v in value.items()) or "–"
    formatted = _formatted(key, value)
    if formatted is not None:
        return formatted
    if key in NUMBER_KEYS and isinstance(value, str | int | float) and not isinstance(value, bool):
        # Figures frozen as text ("37.5"): written with the reader's decimal sign ("37,5").
        with contextlib.suppress(ArithmeticError, ValueError):
            return formatting.number(Decimal(str(value)))
    if key.endswith("_label"):
        # A choice label frozen in English: the catalogue's entry for it, in the reader's
        # language (the models' labels are translatable msgids).
        return _(str(value)) if value else "–"
    return str(value)


# The choices behind each code of the snapshot, by section: the page writes the label from the
# code in the reader's language. (The English "<key>_label" stored beside it is shown, through
# the catalogue, only for a code the portal no longer knows.)
CHOICES = {
    "profile": {"program_type": ProgramType},
    "education": {"degree_level": DegreeLevel},
    "work": {"kind": WorkKind, "age_band": AgeBand},
    "training": {"format": TrainingFormat},
    "leadership": {"kind": LeadershipKind},
    "documents": {"kind": DocumentKind},
    "rsc": {
        "format": SupervisionSession.Format,
        "modality": SupervisionSession.Modality,
        "focus": SupervisionSession.Focus,
        "age_band": AgeBand,
        "attestation_status": SupervisionSession.Status,
    },
    "references": {"relationship": ReferenceRelationship, "status": ReferenceStatus},
}


@dataclass
class Reading:
    """What writing one section needs: its key (for its choices) and the rows' names."""

    section: str = ""
    names: frozen_names.FrozenNames = field(default_factory=frozen_names.FrozenNames)

    def choice(self, key: str, data: dict) -> str | None:
        """The label of a code of this section in the reader's language (None: not a code)."""
        choices = CHOICES.get(self.section, {}).get(key)
        if choices is None:
            return None
        code = data.get(key)
        if code in (None, ""):
            return "–"
        if code in choices.values:
            return str(choices(code).label)
        stored = data.get(f"{key}_label")
        return _(str(stored)) if stored else str(code)


SKIP_KEYS = {
    "file_name",
    "original_name",
    "id",
    "pk",
    "key",
    "contributing_ids",
    "section",
    "reason",  # the reason is written from "reason_code" and "reason_params"
    "reason_params",
    "region_id",  # named with "region"
    "language_ids",  # named with "languages"
}


def _answer_lines(answers: list, reading: Reading) -> list[Line]:
    """Reference ratings: one line per item, "not enough information" said in words."""
    names = reading.names
    lines = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        item = answer.get("item")
        words = (
            names.heading(frozen_names.ITEM, item, str(answer.get("domain") or "")),
            names.name(frozen_names.ITEM, item, str(answer.get("text") or "")),
        )
        label = " – ".join(w for w in words if w)
        rating = answer.get("rating")
        lines.append(
            Line(label or _("Item"), _("Not enough information") if rating is None else str(rating))
        )
    return lines


def _region(data: dict, names: frozen_names.FrozenNames) -> str:
    stored = str(data.get("region") or "")
    if data.get("region_id") is not None:
        return names.name(frozen_names.REGION, data["region_id"], stored) or "–"
    return names.named(frozen_names.REGION, stored) or "–"


def _languages(data: dict, names: frozen_names.FrozenNames) -> str:
    stored = [str(v) for v in data.get("languages") or []]
    ids = data.get("language_ids")
    if isinstance(ids, list) and len(ids) == len(stored):
        words = [names.name(frozen_names.LANGUAGE, i, n) for i, n in zip(ids, stored, strict=True)]
    else:  # an older snapshot: the names it froze
        words = [names.named(frozen_names.LANGUAGE, n) for n in stored]
    return "; ".join(words) or "–"


def _lines(data: dict, reading: Reading | None = None) -> list[Line]:
    reading = reading or Reading()
    lines = []
    for key, value in data.items():
        if key.endswith("_label") and CHOICES.get(reading.section, {}).get(key[: -len("_label")]):
            if key[: -len("_label")] in data:
                continue  # written from the code
        elif (
            key in SKIP_KEYS
            or f"{key}_label" in data
            and key not in CHOICES.get(reading.section, {})
        ):
            continue  # the readable "<key>_label" is shown instead
        label = _label(key.removesuffix("_label"))
        choice = reading.choice(key, data)
        if choice is not None:
            lines.append(Line(label, choice))
        elif key in FILE_KEYS:
            if value:
                name = data.get("file_name") or data.get("original_name") or _("Download the file")
                lines.append(Line(_("File"), str(name), int(value)))
        elif isinstance(value, dict) and "file_id" in value:  # a FILE of the snapshot format
            if value.get("file_id"):
                name = value.get("name") or _("Download the file")
                lines.append(Line(label, str(name), int(value["file_id"])))
        elif key == "reason_code":
            lines.append(Line(label, checklist_text.verdict_reason(data) or "–"))
        elif key == "answers" and isinstance(value, list):
            lines.extend(_answer_lines(value, reading))
        elif key == "competencies" and isinstance(value, list):
            names = [
                reading.names.name(frozen_names.COMPETENCY, v.get("id"), str(v.get("name") or ""))
                if isinstance(v, dict)
                else str(v)
                for v in value
            ]
            lines.append(Line(_("Competency areas"), ", ".join(names) or "–"))
        elif key == "region" and reading.section == "profile":
            lines.append(Line(label, _region(data, reading.names)))
        elif key == "languages" and reading.section == "profile" and isinstance(value, list):
            lines.append(Line(label, _languages(data, reading.names)))
        elif isinstance(value, dict) and all(
            not isinstance(v, dict | list) for v in value.values()
        ):
            lines.extend(
                Line(f"{label}: {line.label}", line.value, line.file_id)
                for line in _lines(value, reading)
            )
        else:
            lines.append(Line(label, _text(value, key)))
    return lines


def _title(data: dict, index: int) -> str:
    for key in ("title", "name", "rater_name", "institution", "employer", "label", "date"):
        if data.get(key):
            return str(data[key])
    return _("Entry %(number)s") % {"number": index}


def _items(value, reading: Reading | None = None) -> list[Item]:
    reading = reading or Reading()
    if isinstance(value, list):
        items = []
        for index, entry in enumerate(value, start=1):
            if isinstance(entry, dict):
                items.append(Item(_title(entry, index), _lines(entry, reading)))
            else:
                items.append(
                    Item(
                        _("Entry %(number)s") % {"number": index}, [Line(_("Value"), _text(entry))]
                    )
                )
        return items
    if isinstance(value, dict):
        # A section object: its lists become items of their own, the rest one summary item.
        summary = {
            k: v
            for k, v in value.items()
            if not (isinstance(v, list) and v and isinstance(v[0], dict))
        }
        items = [Item(_("Summary"), _lines(summary, reading))] if summary else []
        for key, entries in value.items():
            if key not in summary:
                for sub in _items(entries, reading):
                    sub.title = f"{_label(key)}: {sub.title}"
                    items.append(sub)
        return items
    if value in (None, "", []):
        return []
    return [Item(_("Summary"), [Line(_("Value"), _text(value))])]


def _entries(value) -> list[str]:
    """Comparable entries of a section (JSON text of each list entry, or of each key)."""
    if isinstance(value, list):
        return [json.dumps(v, sort_keys=True, default=str) for v in value]
    if isinstance(value, dict):
        return [json.dumps({k: v}, sort_keys=True, default=str) for k, v in value.items()]
    return [] if value in (None, "") else [json.dumps(value, default=str)]


def snapshot_sections(snapshot: dict, previous: dict | None = None) -> list[Section]:
    """The reviewable sections with their items; with `previous`, what changed in each."""
    snapshot = snapshot or {}
    # The rows both snapshots name, in one query (the same in every language).
    names = frozen_names.frozen_names(**frozen_names.snapshot_ids(snapshot, previous))
    sections = []
    for key, title in SECTIONS:
        value = snapshot.get(key)
        reading = Reading(key, names)
        section = Section(key, title, _items(value, reading))
        if previous:
            before = _entries(previous.get(key))
            after = _entries(value)
            added = [json.loads(e) for e in after if e not in before]
            removed = [json.loads(e) for e in before if e not in after]
            section.changed = bool(added or removed)
            section.added = _items(added, reading)
            section.removed = _items(removed, reading)
        sections.append(section)
    return sections


def checklist_items(snapshot: dict) -> list[Item]:
    """The frozen checklist, one item per requirement, written in the reader's language from
    the stored codes (older snapshots: the English they were frozen with, where needed)."""
    checklist = (snapshot or {}).get("checklist")
    rows = checklist.get("items") if isinstance(checklist, dict) else None
    if not isinstance(rows, list):
        return _items(checklist)
    items = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            continue
        if not checklist_text.knows(row):
            # An item of a shape the portal no longer writes: shown key by key.
            items.append(Item(_title(row, index), _lines(row)))
            continue
        lines = [
            Line(_("Met"), _text(bool(row.get("met")))),
            Line(_("What the portal found"), checklist_text.item_explanation(row) or "–"),
        ]
        items.append(Item(checklist_text.item_label(row), lines))
    return items


def completeness(checklist) -> tuple[int, int]:
    """(met, total) requirements in the snapshot's checklist, whatever its exact shape."""
    if isinstance(checklist, dict):
        rows = checklist.get("items") or checklist.get("requirements") or []
        if not rows:
            rows = [v for v in checklist.values() if isinstance(v, dict) and "met" in v]
    else:
        rows = checklist or []
    rows = [r for r in rows if isinstance(r, dict) and "met" in r]
    return sum(1 for r in rows if r.get("met")), len(rows)


def file_ids(value) -> set[int]:
    """Every stored-file id the snapshot refers to (the files a reviewer may download)."""
    found: set[int] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in FILE_KEYS and item:
                with contextlib.suppress(TypeError, ValueError):
                    found.add(int(item))
            else:
                found |= file_ids(item)
    elif isinstance(value, list):
        for item in value:
            found |= file_ids(item)
    return found
