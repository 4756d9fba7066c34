"""Pagination, one way for every list: ``paginate`` for a page of a queryset, the
template ``includes/pagination.html`` for its links.

An out-of-range or malformed ``?page=`` shows the nearest real page rather than a 404 or
a 500: a shared link to page 9 of a list that shrank still lands somewhere useful.
"""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_PARAM = "page"
COUNT_CACHE_SECONDS = 60


def paginate(object_list, params, per_page: int, *, paginator_class=Paginator, **kwargs):
    """The page of ``object_list`` that ``params`` (``request.GET``) asks for."""
    paginator = paginator_class(object_list, per_page, **kwargs)
    return paginator.get_page(params.get(PAGE_PARAM))


class KeptCountPaginator(Paginator):
    """A paginator whose total is cached for a minute under ``count_key``, which must
    name everything that decides the list (a counter kept with its rows makes it a key
    that changes when the list does): no COUNT on every page view."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        total = cache.get(self.count_key)
        if total is None:
            total = self.object_list.count()
            cache.set(self.count_key, total, COUNT_CACHE_SECONDS)
        return total


class CachedCountPaginator(KeptCountPaginator):
    """A paginator for long lists: its total kept as :class:`KeptCountPaginator`'s, and
    a page is loaded by a "deferred join", so a deep page costs one indexed query rather
    than a COUNT of the whole list and an offset paid row by row."""

    def page(self, number):
        """Walk the index for just the page's ids (cheap even at page 200), then load those
        rows. Past the middle of the list the index is walked from the other end (an
        offset is paid entry by entry), so the last pages cost what the first do."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids_query = self.object_list.values_list("pk", flat=True)
        if bottom > self.count // 2 and self.object_list.ordered:
            ids = list(ids_query.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(ids_query[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
