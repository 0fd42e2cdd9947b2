"""The checklist's words: (code, params) from the rules engine written in the reader's language.

The engine (`competencies.rules`) returns codes and plain parameters only; this module writes the
label and the sentence of each checklist item, and the reason a session does not count, in the
active language (gettext with real plural forms; days, numbers and hours through
`core.formatting`). It is also the reader of frozen checklists (application snapshots, renewal
submissions): a stored item is a dict with "key", "code", "met" and JSON "params"; items frozen
before codes were complete carry only English "label" / "explanation", shown as they were.

Figures "of" a requirement are cut to one decimal (never rounded up, so a figure short of the
requirement never reads as meeting it); lengths with their unit use `formatting.hours`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .labels import LABELS as _LABELS
from .rsc import not_counted_clause, reason_for, verdict_reason
from .sentences import SENTENCES as _SENTENCES
from .words import (
    AGE_BAND_WORDS,
    EDUCATION_WORDS,
    LEADERSHIP_WORDS,
    RELATIONSHIP_WORDS,
    RENDER_ERRORS,
    and_list,
    or_list,
)

__all__ = [
    "AGE_BAND_WORDS",
    "EDUCATION_WORDS",
    "LEADERSHIP_WORDS",
    "RELATIONSHIP_WORDS",
    "and_list",
    "item_explanation",
    "item_label",
    "knows",
    "label_for",
    "not_counted_clause",
    "or_list",
    "reason_for",
    "sentence_for",
    "verdict_reason",
]

# Frozen items from before every code carried its parameters keep the English they were frozen
# with ("explanation"), except where the sentence needs nothing but whether the item is met.
_NO_PARAMS = frozenset({"ethics", "no_sanctions"})
_LABEL_PARAMS = frozenset({"education", "leadership_years", "training_rsc_provision"})


# --- The interface ----------------------------------------------------------------------------


def label_for(code: str, params: Mapping | None = None) -> str:
    """The label of a checklist item in the active language ("" for an unknown code)."""
    render = _LABELS.get(code)
    return render(params or {}) if render else ""


def sentence_for(code: str, met: bool, params: Mapping | None = None) -> str:
    """The sentence of a checklist item in the active language.

    Raises KeyError when `params` lack what the sentence needs or the code is unknown.
    """
    return _SENTENCES[code](bool(met), params or {})


def _fields(item) -> tuple[str, bool, Mapping, Mapping | None]:
    """(code, met, params, the frozen dict or None) of a live ChecklistItem or a frozen dict."""
    if isinstance(item, Mapping):
        code = item.get("code") or item.get("key") or ""
        return code, bool(item.get("met")), item.get("params") or {}, item
    return item.code or item.key, item.met, item.params, None


def _frozen_in_english(stored: Mapping | None) -> bool:
    return stored is not None and "explanation" in stored


def knows(item) -> bool:
    """Whether this module can write the item (live, or frozen with a code or key it names)."""
    return _fields(item)[0] in _SENTENCES


def item_label(item) -> str:
    """The label of a checklist item (live or frozen) in the active language."""
    code, _met, params, stored = _fields(item)
    if _frozen_in_english(stored) and (code in _LABEL_PARAMS or code not in _LABELS):
        return str(stored.get("label", "")) or code
    try:
        text = label_for(code, params)
    except RENDER_ERRORS:
        text = ""
    return text or str((stored or {}).get("label", "")) or code


def item_explanation(item) -> str:
    """The sentence of a checklist item (live or frozen) in the active language."""
    code, met, params, stored = _fields(item)
    if _frozen_in_english(stored) and code not in _NO_PARAMS:
        return str(stored["explanation"])
    try:
        return sentence_for(code, met, params)
    except RENDER_ERRORS:
        return str((stored or {}).get("explanation", ""))
