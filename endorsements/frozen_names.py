"""The words of rows a frozen document names by id, in the reader's language (a selector).

A snapshot or a rater's stored answers keep ids (and, for old rows, the English words of the
time). The pages write the names from the living rows, whose translated columns
(modeltranslation) hold every language: rating statements and their domain headings,
competency areas and their domains, regions and languages. All of them come in one query for a
page, whatever the language (every language's columns are read, the reader's is picked here), so
a page costs the same in English and in Spanish. A row deleted since is written as it was stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import translation

from applicants.models import Language, Region
from competencies.models import Competency
from endorsements.models import RatingItem

ITEM, COMPETENCY, REGION, LANGUAGE = "item", "competency", "region", "language"


def _codes() -> list[str]:
    return [code.replace("-", "_") for code, _name in settings.LANGUAGES]


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@dataclass
class FrozenNames:
    """{(kind, id): (heading by language, name by language)} with the fallbacks applied."""

    rows: dict[tuple[str, int], tuple[dict, dict]] = field(default_factory=dict)
    # Regions and languages by their English name, for snapshots older than their ids.
    by_name: dict[tuple[str, str], tuple[dict, dict]] = field(default_factory=dict)

    def _pick(self, by_language: dict, fallback: str) -> str:
        return (
            by_language.get(_language())
            or by_language.get(settings.LANGUAGE_CODE.split("-")[0])
            or fallback
            or ""
        )

    def _row(self, kind: str, pk) -> tuple[dict, dict] | None:
        try:
            return self.rows.get((kind, int(pk)))
        except (TypeError, ValueError):
            return None

    def name(self, kind: str, pk, fallback: str = "") -> str:
        """The row's name (a statement's text) in the reader's language; else `fallback`."""
        row = self._row(kind, pk)
        return self._pick(row[1], fallback) if row else (fallback or "")

    def named(self, kind: str, english: str) -> str:
        """A region or language an older snapshot froze by its English name."""
        row = self.by_name.get((kind, english))
        return self._pick(row[1], english) if row else english

    def heading(self, kind: str, pk, fallback: str = "") -> str:
        """The row's domain (of a statement or a competency area); else `fallback`."""
        row = self._row(kind, pk)
        return self._pick(row[0], fallback) if row else (fallback or "")


def _ids(values: Iterable) -> list[int]:
    found = set()
    for value in values or ():
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return sorted(found)


def frozen_names(
    *,
    items: Iterable = (),
    competencies: Iterable = (),
    regions: Iterable = (),
    languages: Iterable = (),
    region_names: Iterable = (),
    language_names: Iterable = (),
) -> FrozenNames:
    """The names of these rating items, competency areas, regions and languages (by id, or for
    older snapshots regions and languages by English name), in one query (none when nothing is
    asked)."""
    codes = _codes()
    english = settings.LANGUAGE_CODE.split("-")[0]
    # One UNION of plain SELECTs: each table gives (kind, id, heading by language, name by
    # language). Written in SQL because the ORM's union of value lists with constant columns
    # does not keep the columns in order (checked again on Django 5.2 with modeltranslation:
    # `RatingItem...values_list(Value("item"), "id", ...).union(...)` puts the columns in
    # another order per table, and PostgreSQL refuses to unite bigint with text).
    # It replaces four ORM queries, one per table: `RatingItem.objects.filter(pk__in=items)
    # .values_list("pk", "domain_<lang>"..., "text_<lang>"...)`, the same for Competency (with
    # its domain's names), Region and Language (`Q(pk__in=...) | Q(name_en__in=...)`).
    # Measured for issue 20 (PostgreSQL, median of 1,000 warm calls after 100, 12 rating items,
    # 30 competency areas, 3 regions and 3 languages): 3.8 ms for this one statement against
    # 20.5 ms for the four queries, on a shared 2-core machine under load (the ratio, about 5x,
    # is what carries over). Plain IN lists, no PostgreSQL arrays: SQLite runs the same path.
    parts, params = [], []

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    def column(model, name: str) -> str:
        return f"{table(model)}.{connection.ops.quote_name(model._meta.get_field(name).column)}"

    def select(name: str, model, headings: list[str], texts: list[str], joins: str = "") -> str:
        columns = ", ".join(["%s", column(model, "id"), *headings, *texts])
        params.append(name)
        return f"SELECT {columns} FROM {table(model)}{joins}"

    def among(model, name: str, values: list) -> str:
        # A plain IN list (not PostgreSQL's `= ANY(array)`), so SQLite runs the same statement.
        params.extend(values)
        return f"{column(model, name)} IN ({', '.join(['%s'] * len(values))})"

    if ids := _ids(items):
        heads = [column(RatingItem, f"domain_{c}") for c in codes]
        texts = [column(RatingItem, f"text_{c}") for c in codes]
        parts.append(
            select(ITEM, RatingItem, heads, texts) + " WHERE " + among(RatingItem, "id", ids)
        )
    if ids := _ids(competencies):
        domain = Competency._meta.get_field("domain").related_model
        joins = f" JOIN {table(domain)} ON {column(domain, 'id')} = {column(Competency, 'domain')}"
        heads = [column(domain, f"name_{c}") for c in codes]
        texts = [column(Competency, f"name_{c}") for c in codes]
        parts.append(
            select(COMPETENCY, Competency, heads, texts, joins)
            + " WHERE "
            + among(Competency, "id", ids)
        )
    places = (
        (REGION, Region, regions, region_names),
        (LANGUAGE, Language, languages, language_names),
    )
    for name, model, values, english_names in places:
        ids = _ids(values)
        english_names = sorted({str(n) for n in english_names or () if n})
        if ids or english_names:
            heads = ["NULL" for _c in codes]
            texts = [column(model, f"name_{c}") for c in codes]
            sql = select(name, model, heads, texts)
            wheres = [among(model, "id", ids)] if ids else []
            if english_names:
                wheres.append(among(model, f"name_{english}", english_names))
            parts.append(sql + " WHERE " + " OR ".join(wheres))
    names = FrozenNames()
    if not parts:
        return names
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found_rows = cursor.fetchall()
    languages_count = len(codes)
    for row in found_rows:
        headings = row[2 : 2 + languages_count]
        texts = row[2 + languages_count :]
        found = (
            {c: h for c, h in zip(codes, headings, strict=True) if h},
            {c: t for c, t in zip(codes, texts, strict=True) if t},
        )
        names.rows[(row[0], row[1])] = found
        if row[0] in (REGION, LANGUAGE) and found[1].get(english):
            names.by_name[(row[0], found[1][english])] = found
    return names


def snapshot_ids(*snapshots) -> dict[str, list[int]]:
    """The ids a snapshot names, by kind (arguments for `frozen_names`); None is skipped."""
    found: dict[str, list] = {
        "items": [],
        "competencies": [],
        "regions": [],
        "languages": [],
        "region_names": [],
        "language_names": [],
    }
    for snapshot in snapshots:
        if not isinstance(snapshot, dict):
            continue
        profile = snapshot.get("profile")
        if isinstance(profile, dict):
            if "region_id" in profile:
                found["regions"].append(profile.get("region_id"))
            else:  # older than version 4: the English name only
                found["region_names"].append(profile.get("region"))
            if "language_ids" in profile:
                found["languages"].extend(profile.get("language_ids") or [])
            else:
                found["language_names"].extend(profile.get("languages") or [])
        for training in snapshot.get("training") or []:
            if isinstance(training, dict):
                for area in training.get("competencies") or []:
                    if isinstance(area, dict):
                        found["competencies"].append(area.get("id"))
        for reference in snapshot.get("references") or []:
            if isinstance(reference, dict):
                found["items"].extend(answer_item_ids(reference.get("answers")))
    return found


def answer_item_ids(answers) -> list:
    """The rating items a rater's stored answers name."""
    return [a.get("item") for a in answers or [] if isinstance(a, dict)]
