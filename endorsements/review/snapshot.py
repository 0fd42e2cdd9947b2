"""Reading the frozen portfolio snapshot for reviewers: display, completeness, files and diffs.

The snapshot's shape is documented in `endorsements/services/snapshot.py` (sections "profile",
"education", "work", "training", "leadership", "documents", "rsc", "references", "checklist",
"attestation"). These helpers read it defensively: any JSON under a section is shown as label /
value pairs, so a new key in the snapshot shows up without a change here.
"""

import contextlib
import json
from dataclasses import dataclass, field

from endorsements.sections import PORTFOLIO_SECTIONS, SECTION_TITLES  # noqa: F401 (re-exported)

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


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_text(v)}" for k, v in value.items()) or "–"
    return str(value)


SKIP_KEYS = {"file_name", "original_name", "id", "pk", "key", "contributing_ids", "section"}


def _answer_lines(answers: list) -> list[Line]:
    """Reference ratings: one line per item, "not enough information" said in words."""
    lines = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        label = " – ".join(str(answer[k]) for k in ("domain", "text") if answer.get(k))
        rating = answer.get("rating")
        lines.append(
            Line(label or "Item", "Not enough information" if rating is None else str(rating))
        )
    return lines


def _lines(data: dict) -> list[Line]:
    lines = []
    for key, value in data.items():
        if key in SKIP_KEYS or f"{key}_label" in data:
            continue  # the readable "<key>_label" is shown instead
        label = _label(key.removesuffix("_label"))
        if key in FILE_KEYS:
            if value:
                name = data.get("file_name") or data.get("original_name") or "Download the file"
                lines.append(Line("File", str(name), int(value)))
        elif isinstance(value, dict) and "file_id" in value:  # a FILE of the snapshot format
            if value.get("file_id"):
                name = value.get("name") or "Download the file"
                lines.append(Line(label, str(name), int(value["file_id"])))
        elif key == "answers" and isinstance(value, list):
            lines.extend(_answer_lines(value))
        elif key == "competencies" and isinstance(value, list):
            names = [v.get("name", "") if isinstance(v, dict) else str(v) for v in value]
            lines.append(Line("Competency areas", ", ".join(names) or "–"))
        elif isinstance(value, dict) and all(
            not isinstance(v, dict | list) for v in value.values()
        ):
            lines.extend(Line(f"{label}: {_label(k)}", _text(v)) for k, v in value.items())
        else:
            lines.append(Line(label, _text(value)))
    return lines


def _title(data: dict, index: int) -> str:
    for key in ("title", "name", "rater_name", "institution", "employer", "label", "date"):
        if data.get(key):
            return str(data[key])
    return f"Entry {index}"


def _items(value) -> list[Item]:
    if isinstance(value, list):
        items = []
        for index, entry in enumerate(value, start=1):
            if isinstance(entry, dict):
                items.append(Item(_title(entry, index), _lines(entry)))
            else:
                items.append(Item(f"Entry {index}", [Line("Value", _text(entry))]))
        return items
    if isinstance(value, dict):
        # A section object: its lists become items of their own, the rest one summary item.
        summary = {
            k: v
            for k, v in value.items()
            if not (isinstance(v, list) and v and isinstance(v[0], dict))
        }
        items = [Item("Summary", _lines(summary))] if summary else []
        for key, entries in value.items():
            if key not in summary:
                for sub in _items(entries):
                    sub.title = f"{_label(key)}: {sub.title}"
                    items.append(sub)
        return items
    if value in (None, "", []):
        return []
    return [Item("Summary", [Line("Value", _text(value))])]


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
    sections = []
    for key, title in SECTIONS:
        value = snapshot.get(key)
        section = Section(key, title, _items(value))
        if previous:
            before = _entries(previous.get(key))
            after = _entries(value)
            added = [json.loads(e) for e in after if e not in before]
            removed = [json.loads(e) for e in before if e not in after]
            section.changed = bool(added or removed)
            section.added = _items(added)
            section.removed = _items(removed)
        sections.append(section)
    return sections


def checklist_items(snapshot: dict) -> list[Item]:
    return _items((snapshot or {}).get("checklist"))


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
