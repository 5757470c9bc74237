"""Pages without counting every row (README §10).

Django's Paginator runs COUNT(*) over everything that matches, which costs as
much as the table is large. Counting stops at COUNT_LIMIT instead: a visitor
sees "more than 10,000" and can still open every page up to there; filters and
the date range narrow a list long before anyone wants page 1,001.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Paginator

COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):
    count_limit = COUNT_LIMIT

    @cached_property
    def counted(self) -> int:
        """The rows, counted up to one past the limit (that one says "more")."""
        if isinstance(self.object_list, list):
            return len(self.object_list)
        # Which rows are counted does not matter, only how many up to the limit:
        # without the order, the database stops at the limit instead of sorting
        # every matching row first.
        return self.object_list.order_by().values("pk")[: self.count_limit + 1].count()

    @cached_property
    def count(self) -> int:
        """The number of rows, or count_limit when there are more."""
        return min(self.counted, self.count_limit)

    def validate_number(self, number):
        """A page past the end opens the last page, one before the first the
        first: an old link or a typed number never ends on a 404."""
        try:
            return super().validate_number(number)
        except EmptyPage:
            return 1 if int(number) < 1 else self.num_pages

    @property
    def has_more(self) -> bool:
        """Whether rows beyond count_limit were left uncounted."""
        return self.counted > self.count_limit
