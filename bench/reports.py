"""The per-region report for `make bench`: against the bare SQL it needs.

`report_rows(as_of)` is exactly what the report page and its downloads compute (through the
ORM, with the category and program splits); `raw_group_by(as_of)` is the same counting written
by hand and run through `connection.cursor()`. Both return the same rows:
`(region_id, endorsed people, {category_id: count}, {program_type: count})`, sorted by region
id with None (no region recorded) last, so the harness can check them against each other.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection

from endorsements.reports.selectors import endorsed_by_region

Row = tuple[int | None, int, dict[int, int], dict[str, int]]


def _key(row: Row):
    return (row[0] is None, row[0] or 0)


def report_rows(as_of: date) -> list[Row]:
    """What the view computes (3 queries: categories, regions, the GROUP BY)."""
    report = endorsed_by_region(as_of=as_of)
    rows = [
        (
            row.region_id,
            row.total,
            {c.pk: n for c, n in zip(report.categories, row.by_category, strict=True) if n},
            {v: n for (v, _), n in zip(report.program_types, row.by_program, strict=True) if n},
        )
        for row in report.rows
        if row.total
    ]
    return sorted(rows, key=_key)


RAW_SQL = """
WITH held AS (
    SELECT e.holder_id, e.category_id, c.region_id, a.program_type
    FROM endorsements_endorsement e
    LEFT JOIN applicants_applicantprofile p ON p.user_id = e.holder_id
    LEFT JOIN applicants_county c ON c.id = p.work_county_id
    LEFT JOIN applicants_agency a ON a.id = p.agency_id
    WHERE e.issued_on <= %(as_of)s
      AND (
        SELECT ev.to_status FROM endorsements_endorsementevent ev
        WHERE ev.endorsement_id = e.id AND ev.effective_on <= %(as_of)s
        ORDER BY ev.effective_on DESC, ev.id DESC LIMIT 1
      ) IN ('active', 'emerging')
)
SELECT region_id, 'total' AS kind, '' AS key, COUNT(DISTINCT holder_id) FROM held GROUP BY region_id
UNION ALL
SELECT region_id, 'category', CAST(category_id AS TEXT), COUNT(*) FROM held
    GROUP BY region_id, category_id
UNION ALL
SELECT region_id, 'program', program_type, COUNT(DISTINCT holder_id) FROM held
    WHERE program_type IS NOT NULL GROUP BY region_id, program_type
"""


def raw_group_by(as_of: date) -> list[Row]:
    """The bare SQL GROUP BY over the same history, through connection.cursor()."""
    totals: dict = {}
    by_category: dict = defaultdict(dict)
    by_program: dict = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, {"as_of": as_of})
        for region_id, kind, key, count in cursor.fetchall():
            if kind == "total":
                totals[region_id] = count
            elif kind == "category":
                by_category[region_id][int(key)] = count
            else:
                by_program[region_id][key] = count
    rows = [
        (region_id, total, by_category[region_id], by_program[region_id])
        for region_id, total in totals.items()
        if total
    ]
    return sorted(rows, key=_key)
