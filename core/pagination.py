"""Pagination for long public lists: count up to a limit, never every row."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows.

    An exact count of a broad search (the whole registry, a common surname) costs as much as
    the search itself, and nobody pages through more than a thousand people: past the cap the
    page says "more than N" and offers the first N, and narrowing the search shows the rest.
    """

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # COUNT over a LIMITed subquery: stops after cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than the pages reach."""
        return self._counted > self.cap
