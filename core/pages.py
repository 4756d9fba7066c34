"""What the project's page types share on the query side.

Wagtail's ``PageQuerySet.public()`` reads every view restriction first, in a query of
its own, and builds a filter from them: each page that asks for public pages pays a
round trip before its own query (a survey page, a pledge join, the consultation lists).
:class:`PageQuerySet` keeps Wagtail's rule and asks it inside the same statement.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import GreaterThanOrEqual, StartsWith
from wagtail.models import PageManager as WagtailPageManager
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet as WagtailPageQuerySet


class PageQuerySet(WagtailPageQuerySet):
    def private_q(self):
        """Pages in a private section: under a page with a view restriction, that page
        included (Wagtail's ``descendant_of_q(restricted, inclusive=True)``), as an
        ``EXISTS`` subquery."""
        restricted_above = PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path")),
            GreaterThanOrEqual(OuterRef("depth"), F("page__depth")),
        )
        return Q(Exists(restricted_above))


PageManager = WagtailPageManager.from_queryset(PageQuerySet)
