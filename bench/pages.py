"""The pages the benchmark loads: name → how to build its requests.

Each entry names a page of the issue and builds its URL from the data set's targets
(``Built.as_dict()`` plus the signed-in posters), reversing the owning app's URL names
where the page is a Django view and using the page tree's own URLs for Wagtail pages.
A page whose view does not exist yet reverses to nothing and is reported as skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.load import Request

SEARCH_TERMS = ["park", "bus", "library", "trees", "cycle lane", "food bank"]


@dataclass(frozen=True)
class PageSpec:
    name: str
    kind: str  # "floor", "read" (anonymous), "signed-in read" or "write" (signed in)
    build: Callable[[dict, int, int], list[Request] | None]
    """(targets, client index, number of clients) → that client's request cycle."""
    describes: str
    target: float | None = None
    """The floor ratio it must keep, where not its kind's (bench/report.py)."""


def _reverse(name: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _first(*candidates) -> str | None:
    for name, kwargs in candidates:
        url = _reverse(name, **kwargs)
        if url:
            return url
    return None


def _get(path: str | None) -> list[Request] | None:
    return [Request("GET", path)] if path else None


def floor(t, k, n):
    return _get(f"/__floor__/{t['largest_consultation_id']}/")


def home(t, k, n):
    return _get("/")


def goal_index(t, k, n):
    return _get(t["goal_index_url"])


def areas_map(t, k, n):
    return _get(_reverse("places:index"))


def area_page(t, k, n):
    slug = t.get("area_slug")
    return _get(_reverse("places:detail", slug=slug) if slug else None)


def goal_page(t, k, n):
    return _get(t["goal_urls"][0])


def proposal_list_url(t, page: int) -> str | None:
    """The largest consultation's proposals, most supported first, page ``page``."""
    base = _first(
        ("consultations:proposals", {"consultation_id": t["largest_consultation_id"]}),
    )
    if base is None:
        return None
    query = {"sort": "supported"}
    if page > 1:
        query["page"] = page
    return f"{base}?{urlencode(query)}"


def proposals_first(t, k, n):
    return _get(proposal_list_url(t, 1))


def per_page() -> int:
    """The proposal list's page size, from the view (20 if it does not say)."""
    try:
        from consultations.views.proposals import PER_PAGE
    except ImportError:
        return 20
    return PER_PAGE


def deep_page_number(visible_proposals: int, wanted: int = 200) -> int:
    """Page 200 as the issue asks, or the last page when the list is shorter."""
    return max(1, min(wanted, -(-visible_proposals // per_page())))


def proposals_deep(t, k, n):
    return _get(proposal_list_url(t, t.get("deep_page", 200)))


def proposal_page(t, k, n):
    return _get(_reverse("consultations:proposal", pk=t["hot_proposal_id"]))


def organisation_page(t, k, n):
    return _get(_reverse("organisations:detail", slug=t["organisation_slug"]))


def search(t, k, n):
    # Each client cycles through the terms, starting at a different one.
    terms = SEARCH_TERMS[k % len(SEARCH_TERMS) :] + SEARCH_TERMS[: k % len(SEARCH_TERMS)]
    url = _reverse("search") or "/search/"
    return [Request("GET", f"{url}?{urlencode({'q': term})}") for term in terms]


def proposals_csv(t, k, n):
    return _get(
        _first(
            ("data:proposals_csv", {}),
            ("proposals_csv", {}),
            ("consultations:proposals_csv", {}),
        )
    )


API_PAGE_SIZE = 25


def api_proposals_url(t, cursor: str | None = None) -> str | None:
    """The API's list of the largest consultation's proposals, most supported first."""
    base = _reverse("api:proposal-list")
    if base is None:
        return None
    query = {"consultation": t["largest_consultation_id"], "sort": "support"}
    query["page_size"] = API_PAGE_SIZE
    if cursor:
        query["cursor"] = cursor
    return f"{base}?{urlencode(query)}"


def api_proposals_first(t, k, n):
    return _get(api_proposals_url(t))


def api_deep_cursor(t, wanted: int = 200) -> str | None:
    """The cursor of page ``wanted`` (or the last full page): the keys of the row before
    it, encoded as the API encodes them, read once from the data set."""
    from opendata import public
    from opendata.api.filters import SORTS
    from opendata.api.pagination import KeysetPagination

    ordering = SORTS["support"]
    rows = public.proposals().filter(consultation_id=t["largest_consultation_id"])
    count = rows.count()
    page = max(1, min(wanted, -(-count // API_PAGE_SIZE)))
    if page == 1:
        return None
    before = rows.order_by(*ordering)[(page - 1) * API_PAGE_SIZE - 1]
    return KeysetPagination()._encode(before, ordering)


def api_proposals_deep(t, k, n):
    if "api_deep_cursor" not in t:
        t["api_deep_cursor"] = api_deep_cursor(t)
    return _get(api_proposals_url(t, t["api_deep_cursor"]))


def api_goal(t, k, n):
    from opendata import public

    goal_id = public.goals().order_by("path").values_list("pk", flat=True).first()
    return _get(_reverse("api:goal-detail", pk=goal_id)) if goal_id else None


def consultation_page(t, k, n):
    return _get(t.get("largest_consultation_url"))


SIGNED_IN = " (signed in)"
PEOPLE_PER_CLIENT = 50


def _person_headers(poster) -> tuple[tuple[str, str], ...]:
    from django.conf import settings

    return (
        ("Cookie", poster.cookie_header(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)),
        ("Referer", "http://127.0.0.1/"),
    )


def signed_in(build: Callable[[dict, int, int], list[Request] | None]):
    """The same page (or cycle of pages) fetched by signed-in people: client k takes
    every n-th of the first ``PEOPLE_PER_CLIENT × n`` people and cycles through them, so
    each request is someone else's, with their own supports, budget and follows."""

    def build_signed_in(t, k, n):
        plan = build(t, k, n)
        people = t["posters"][k::n][:PEOPLE_PER_CLIENT]
        if not plan or not people:
            return None
        return [
            Request(request.method, request.path, headers=_person_headers(person))
            for person in people
            for request in plan
        ]

    return build_signed_in


def comment_posts(t, k, n):
    """Client k takes every n-th signed-in person: each comments once on the proposal it
    was given (not the 200-comment one, so the proposal page row stays what it was)."""
    plan = []
    for index, poster in enumerate(t["posters"][k::n]):
        if poster.proposal_id == t.get("hot_proposal_id"):
            continue
        url = _reverse("consultations:comment", pk=poster.proposal_id)
        if not url:
            return None
        body = urlencode(
            {
                "csrfmiddlewaretoken": poster.csrf,
                "body": f"Bench comment {k}-{index}: more benches by the pond, please.",
                "website_url": "",
            }
        ).encode()
        plan.append(Request("POST", url, body, _person_headers(poster), ok_statuses=(302,)))
    return plan or None


def pledge_join_posts(t, k, n):
    """Client k takes every n-th signed-in person: join an open conditional pledge far
    from its threshold, then leave it, so the join counts end as they began."""
    plan = []
    for poster in t["posters"][k::n]:
        if not poster.pledge_id:
            continue
        join = _reverse("pledges:join", pk=poster.pledge_id)
        leave = _reverse("pledges:leave", pk=poster.pledge_id)
        if not join or not leave:
            return None
        body = urlencode({"csrfmiddlewaretoken": poster.csrf}).encode()
        for url in (join, leave):
            plan.append(Request("POST", url, body, _person_headers(poster), ok_statuses=(302,)))
    return plan or None


def commitments_ledger(t, k, n):
    return _get(_reverse("commitments:index"))


def commitment_page(t, k, n):
    if not t.get("commitment_id"):
        return None
    return _get(_reverse("commitments:detail", pk=t["commitment_id"]))


def _support_urls(proposal_id: int) -> tuple[str | None, str | None]:
    return (
        _reverse("consultations:support", pk=proposal_id),
        _reverse("consultations:unsupport", pk=proposal_id),
    )


def support_posts(t, k, n):
    """Client k takes every n-th signed-in person: support their proposal, then withdraw,
    so the data set ends as it began and the counts can be checked exactly."""
    from django.conf import settings

    posters = t["posters"][k::n]
    plan = []
    for poster in posters:
        add, withdraw = _support_urls(poster.proposal_id)
        if not add or not withdraw:
            return None
        headers = (
            (
                "Cookie",
                poster.cookie_header(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME),
            ),
            ("Referer", "http://127.0.0.1/"),
        )
        body = urlencode({"csrfmiddlewaretoken": poster.csrf}).encode()
        for url in (add, withdraw):
            plan.append(Request("POST", url, body, headers, ok_statuses=(200, 302, 303)))
    return plan


def survey_page(t, k, n):
    if not t.get("survey_consultation_id"):
        return None
    return _get(
        _reverse(
            "consultations:survey_section", consultation_id=t["survey_consultation_id"], number=1
        )
    )


def survey_results_page(t, k, n):
    if not t.get("survey_results_consultation_id"):
        return None
    return _get(
        _reverse(
            "consultations:survey_public_results",
            consultation_id=t["survey_results_consultation_id"],
        )
    )


def survey_posts(t, k, n):
    """Client k takes every n-th signed-in person: answer the survey's section, then send
    it (the first time a new response, then changes to it)."""
    from django.conf import settings

    consultation_id = t.get("survey_consultation_id")
    section = consultation_id and _reverse(
        "consultations:survey_section", consultation_id=consultation_id, number=1
    )
    check = consultation_id and _reverse(
        "consultations:survey_check", consultation_id=consultation_id
    )
    if not section or not check:
        return None
    plan = []
    for index, poster in enumerate(t["posters"][k::n]):
        headers = (
            (
                "Cookie",
                poster.cookie_header(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME),
            ),
            ("Referer", "http://127.0.0.1/"),
        )
        answers = {
            "csrfmiddlewaretoken": poster.csrf,
            "q_bench-mode": ["Walk", "Bike", "Bus", "Car"][index % 4],
            "q_bench-rating": str(1 + index % 5),
            "action": "continue",
        }
        plan.append(
            Request("POST", section, urlencode(answers).encode(), headers, ok_statuses=(302,))
        )
        body = urlencode({"csrfmiddlewaretoken": poster.csrf}).encode()
        plan.append(Request("POST", check, body, headers, ok_statuses=(302,)))
    return plan


_READS: list[PageSpec] = [
    PageSpec("home", "read", home, "home page"),
    PageSpec("goal index", "read", goal_index, "goal index page"),
    PageSpec("goal page", "read", goal_page, "a goal page (indicators, pledges)"),
    PageSpec("consultation", "read", consultation_page, "the largest consultation's page"),
    PageSpec("proposals p1", "read", proposals_first, "largest consultation, by support, p1"),
    PageSpec("proposals p200", "read", proposals_deep, "largest consultation, by support, p200"),
    PageSpec("proposal page", "read", proposal_page, "a proposal with 200 comments"),
    PageSpec("organisation", "read", organisation_page, "an organisation's page"),
    PageSpec("search", "read", search, "site search"),
    # A form (its CSRF token) is never kept by the page cache: rendered for everyone.
    PageSpec("survey page", "read", survey_page, "a survey section (20,000 responses)", target=3.0),
]
# Files and the API are the same for everyone (no session is read): not measured twice.
_SAME_FOR_EVERYONE: list[PageSpec] = [
    PageSpec("proposals.csv", "read", proposals_csv, "/data/proposals.csv (20,000 rows)"),
    PageSpec("api proposals", "read", api_proposals_first, "API: largest consultation, by support"),
    PageSpec("api proposals deep", "read", api_proposals_deep, "API: the same, page 200's cursor"),
    PageSpec("api goal", "read", api_goal, "API: a goal in full (indicators, figures, pledges)"),
]

PAGES: list[PageSpec] = [
    PageSpec("floor", "floor", floor, "bare view: 20 rows, one indexed query"),
    *_READS,
    *_SAME_FOR_EVERYONE,
    *[
        PageSpec(
            spec.name + SIGNED_IN,
            "signed-in read",
            signed_in(spec.build),
            spec.describes + f", by {PEOPLE_PER_CLIENT} signed-in people per client in turn",
        )
        for spec in _READS
    ],
    PageSpec("support POST", "write", support_posts, "signed-in support then withdraw"),
    PageSpec("comment POST", "write", comment_posts, "signed-in comment on an idea"),
    PageSpec("pledge join POST", "write", pledge_join_posts, "signed-in join then leave"),
    PageSpec("survey POST", "write", survey_posts, "signed-in answer then send a survey"),
    PageSpec("areas map", "read", areas_map, "/areas/: the map of 50 areas and their maps"),
    PageSpec("area page", "read", area_page, "an area's page (the data set across 50 areas)"),
    PageSpec("commitments", "read", commitments_ledger, "the commitments ledger (2,000)"),
    PageSpec("commitment page", "read", commitment_page, "a joint commitment with updates"),
    PageSpec("survey results", "read", survey_results_page, "published results (20,000 responses)"),
]


def by_name(name: str) -> PageSpec:
    for spec in PAGES:
        if spec.name == name:
            return spec
    raise KeyError(name)
