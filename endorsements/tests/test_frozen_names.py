"""frozen_names: the words of rows a frozen document names, in one plain-SQL query that SQLite
and PostgreSQL run alike (the ids as IN lists, not PostgreSQL arrays)."""

import pytest
from django.utils import translation

from applicants.models import Language, Region
from competencies.models import Competency
from endorsements.frozen_names import COMPETENCY, ITEM, LANGUAGE, REGION, frozen_names
from endorsements.models import RatingItem

pytestmark = pytest.mark.django_db


def test_frozen_names_reads_every_kind_in_one_query_in_the_readers_language(
    django_assert_num_queries,
):
    item = RatingItem.objects.order_by("pk").first()
    area = Competency.objects.select_related("domain").order_by("pk").first()
    region, other = Region.objects.order_by("pk")[:2]
    language = Language.objects.order_by("pk").first()
    item.text_es, item.domain_es = "Enunciado", "Dominio"
    item.save()
    region.name_es = "Región norte"
    region.save()

    # One query: the UNION of the four tables.
    with django_assert_num_queries(1):
        names = frozen_names(
            items=[item.pk, "not an id", None],
            competencies=[area.pk],
            regions=[region.pk],
            languages=[language.pk],
            region_names=[other.name_en],
            language_names=["Klingon"],
        )

    with translation.override("es"):
        assert names.name(ITEM, item.pk) == "Enunciado"
        assert names.heading(ITEM, item.pk) == "Dominio"
        assert names.name(REGION, region.pk) == "Región norte"
    with translation.override("en"):
        assert names.name(ITEM, item.pk) == item.text_en
        assert names.name(COMPETENCY, area.pk) == area.name_en
        assert names.heading(COMPETENCY, area.pk) == area.domain.name_en
        assert names.name(LANGUAGE, language.pk) == language.name_en
        assert names.named(REGION, other.name_en) == other.name_en
        # A row deleted since, or a name that never was one, is written as it was stored.
        assert names.name(ITEM, 987654, fallback="As stored") == "As stored"
        assert names.named(LANGUAGE, "Klingon") == "Klingon"


def test_frozen_names_finds_a_region_by_its_english_name_alone():
    region = Region.objects.order_by("pk").first()
    region.name_es = "Región"
    region.save()

    names = frozen_names(region_names=[region.name_en])

    with translation.override("es"):
        assert names.named(REGION, region.name_en) == "Región"
    assert (REGION, region.pk) in names.rows


def test_frozen_names_asks_nothing_when_nothing_is_named(django_assert_num_queries):
    with django_assert_num_queries(0):
        names = frozen_names(items=[], regions=["x"])

    assert names.rows == {}
