import pytest

from accounts.models import User
from accounts.tests.factories import applicant
from core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rows", "count", "capped", "pages"), [(3, 3, False, 2), (5, 5, False, 3), (7, 5, True, 3)]
)
def test_capped_paginator_counts_up_to_the_cap(
    rows, count, capped, pages, django_assert_num_queries
):
    ids = [applicant().pk for _ in range(rows)]
    paginator = CappedPaginator(User.objects.filter(pk__in=ids).order_by("pk"), 2, cap=5)

    with django_assert_num_queries(1):
        assert paginator.count == count
        assert paginator.capped is capped
        assert paginator.num_pages == pages
