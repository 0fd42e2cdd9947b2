"""Side by side: the reviews of one round, with the disagreements marked."""

from dataclasses import dataclass

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
    return {True: "Met", False: "Not met"}.get(value, "Not judged")


def compare_reviews(assignments, reviews) -> dict:
    """Recommendation, each section's met / not met and the competency areas, per reviewer."""
    recs = [Recommendation(r.recommendation).label if r.recommendation else "–" for r in reviews]
    rows = [Row("Recommendation", recs, [r.feedback for r in reviews], len(set(recs)) > 1)]
    for key, title in SECTIONS:
        values = [(r.sections or {}).get(key, {}) for r in reviews]
        cells = [_met(v.get("met")) for v in values]
        if all(c == "Not judged" for c in cells):
            continue
        rows.append(Row(title, cells, [v.get("comment", "") for v in values], len(set(cells)) > 1))
    ticked = [set(r.competency_ids or []) for r in reviews]
    only_some = set().union(*ticked) - set.intersection(*ticked) if ticked else set()
    names = dict(Competency.objects.filter(pk__in=only_some).values_list("pk", "name"))
    competency_rows = [
        Row(
            names.get(pk, f"Area {pk}"),
            ["Shown" if pk in t else "Not ticked" for t in ticked],
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
