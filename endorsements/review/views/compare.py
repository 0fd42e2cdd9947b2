"""Side by side: the reviews of one round, with the disagreements marked."""

from dataclasses import dataclass

from django.utils.translation import gettext

from competencies.models import Competency

from ..models import Recommendation
from ..snapshot import SECTIONS


@dataclass
class Row:
    title: str
    cells: list[str]
    comments: list[str]
    differs: bool


def _met(value) -> str:
    if value is None:
        return gettext("Not judged")
    return gettext("Met") if value else gettext("Not met")


def compare_reviews(assignments, reviews) -> dict:
    """Recommendation, each section's met / not met and the competency areas, per reviewer."""
    recs = [
        str(Recommendation(r.recommendation).label) if r.recommendation else "–" for r in reviews
    ]
    rows = [Row(gettext("Recommendation"), recs, [r.feedback for r in reviews], len(set(recs)) > 1)]
    for key, title in SECTIONS:
        values = [(r.sections or {}).get(key, {}) for r in reviews]
        judged = [v.get("met") for v in values]
        if all(j is None for j in judged):
            continue
        cells = [_met(j) for j in judged]
        rows.append(Row(title, cells, [v.get("comment", "") for v in values], len(set(judged)) > 1))
    ticked = [set(r.competency_ids or []) for r in reviews]
    only_some = set().union(*ticked) - set.intersection(*ticked) if ticked else set()
    names = dict(Competency.objects.filter(pk__in=only_some).values_list("pk", "name"))
    competency_rows = [
        Row(
            names.get(pk) or gettext("Area %(number)s") % {"number": pk},
            [gettext("Shown") if pk in t else gettext("Not ticked") for t in ticked],
            [],
            True,
        )
        for pk in sorted(only_some, key=lambda p: names.get(p, ""))
    ]
    return {
        "reviewers": [a.reviewer for a in assignments],
        "rows": rows,
        "competency_rows": competency_rows,
        "agreed_areas": len(set.intersection(*ticked)) if ticked else 0,
        "comments": [r.comments for r in reviews],
        "disagreements": sum(1 for row in rows if row.differs) + len(competency_rows),
    }
