"""Site search over Wagtail's search backend: pages, organisations and proposals.

Results come in three groups, each searched with the backend (PostgreSQL full text in
production, the database backend's fallback on SQLite). With no group chosen the page
shows the first few of each group and how many there are; choosing a group pages
through all of it.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from consultations.models import ConsultationPage, Proposal
from core import fragments, params
from organisations.models import Organisation

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
PREVIEW = 5


def _pages(backend, query):
    return backend.search(query, Page.objects.live().public().specific())


def _organisations(backend, query):
    return backend.search(query, Organisation.objects.all())


def searchable_proposals():
    """What everyone may find: listed proposals of live, public consultations.

    The public part of ``Proposal.objects.visible_to(None)`` (hidden proposals are never
    searchable by their text, withdrawn ones are not listed), restated with the fields
    the search index can filter on: ``visible_to`` filters on ``consultation__live``, a
    join the search backend refuses. tests/home/test_search.py checks the two rules agree
    for proposals in every moderation state."""
    consultations = ConsultationPage.objects.live().public().values("pk")
    return Proposal.objects.listed().filter(consultation__in=consultations)


def _proposals(backend, query):
    return backend.search(query, searchable_proposals())


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    search: object


GROUPS = (
    Group("pages", _("Goals, consultations and pages"), _pages),
    Group("organisations", _("Organisations"), _organisations),
    Group("proposals", _("Ideas people have proposed"), _proposals),
)
GROUP_KEYS = {group.key for group in GROUPS}


@dataclass
class GroupResults:
    group: Group
    query: str
    results: object  # lazy search results

    @cached_property
    def count(self) -> int:
        """How many results: kept until the content changes (core.fragments), since the
        overview shows every group's and each page of a group needs its group's. On
        PostgreSQL a count matches every result (10 ms for a common word among 20,000
        proposals); ranking still runs for each page shown."""
        return fragments.cached_value(f"search_count:{self.key}", [self.query], self.results.count)

    @cached_property
    def preview(self) -> list:
        return list(self.results[:PREVIEW])

    @property
    def key(self):
        return self.group.key

    @property
    def label(self):
        return self.group.label


def clean_query(raw: str) -> str:
    # Double quotes are dropped: Wagtail's SQLite (FTS5) backend does not escape them
    # inside a term (``src="x"``), which is a syntax error there, i.e. a 500.
    return params.clean_text(raw.replace('"', " "), MAX_QUERY_LENGTH)


def run_search(query: str, group_key: str | None, page_number):
    """Search every group for ``query``; with ``group_key``, also page through that group."""
    backend = get_search_backend()
    groups = [GroupResults(group, query, group.search(backend, query)) for group in GROUPS]
    page = None
    if group_key in GROUP_KEYS:
        chosen = next(g for g in groups if g.key == group_key)
        paginator = Paginator(chosen.results, PER_PAGE)
        paginator.count = chosen.count  # the kept count, not a second count query
        page = paginator.get_page(page_number)
    return groups, page
