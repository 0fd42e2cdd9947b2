"""Parts of a page that apps above its own add to it, registered when they are ready.

A lower app's page (the applicant's dashboard, "My endorsements") names a slot; an app above
registers the template it shows there (`parts_register`), and the page includes whatever is
registered (`{% load portal_parts %}{% page_parts "slot" as parts %}`). So the lower app's
templates never include or load anything of the app above, and core imports no app.
"""

_parts: dict[str, list[str]] = {}


def parts_register(slot: str, template_name: str) -> None:
    """Show `template_name` in `slot` (registering it twice shows it once)."""
    names = _parts.setdefault(slot, [])
    if template_name not in names:
        names.append(template_name)


def parts_for(slot: str) -> tuple[str, ...]:
    return tuple(_parts.get(slot, ()))
