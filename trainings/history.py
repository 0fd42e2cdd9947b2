"""The sentences of a catalog training's history rows, written from their codes and params in
the reader's language."""

from django.utils.translation import gettext as _

FIELD_LABELS = {
    "title": lambda: _("title"),
    "description": lambda: _("description"),
    "learning_objectives": lambda: _("learning objectives"),
    "starts_on": lambda: _("first day"),
    "ends_on": lambda: _("last day"),
    "sessions": lambda: _("sessions"),
    "minutes": lambda: _("hours"),
    "dei_minutes": lambda: _("hours about diversity, equity and inclusion"),
    "rsc_provision_minutes": lambda: _("hours about providing reflective supervision"),
    "format": lambda: _("format"),
    "language": lambda: _("language"),
    "location": lambda: _("place"),
    "region": lambda: _("region"),
    "age_band": lambda: _("ages"),
    "domains": lambda: _("domains"),
    "competencies": lambda: _("competency areas"),
    "categories": lambda: _("categories"),
}


def history_text(event) -> str:
    code, params = event.code, event.params or {}
    if code == "training_submitted":
        return _("Submitted for the catalog.")
    if code == "training_approved":
        changed = params.get("changed") or []
        if changed:
            labels = ", ".join(FIELD_LABELS[f]() if f in FIELD_LABELS else f for f in changed)
            return _("Approved with changes to: %(fields)s.") % {"fields": labels}
        return _("Approved as submitted.")
    if code == "training_declined":
        return _("Declined.")
    return ""
