"""Signed-in pages from the shared page (core.personal): the same page as rendered afresh
for the person, from a page rendered for nobody, filled per person.

Each read page a resident uses is fetched three ways by a person with supports, a
follow, a comment, a pledge and a membership: rendered afresh (the shared page off), from
the shared page rendered on their own request, and from the shared page another person's
request rendered first. All three must be the same page (but for the CSRF token and the
CSP nonce, which are per request), and the last two must say they came from the shared
page, so a page that silently stopped being shared fails here too.
"""

import difflib
import re
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse

from consultations import services as consultation_services
from pledges import services as pledge_services
from tests.factories import (
    CommentFactory,
    ConditionalPledgeFactory,
    MembershipFactory,
    ProposalFactory,
    VerifiedUserFactory,
)
from tests.factories.consultations import make_consultation
from tests.factories.goals import create_goal
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db

PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
]


def _normalised(response) -> str:
    html = response.content.decode()
    for pattern, replacement in PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


@pytest.fixture
def city(home_page, organisation):
    """A resident who takes part in everything a page can show of them."""
    resident = VerifiedUserFactory(display_name="Rhiannon Shared")
    MembershipFactory(user=resident, organisation=organisation, role="member")
    goal = create_goal("Clean air", co_owners=[organisation])
    consultation = make_consultation("Streets for people", supports_per_person=3)
    consultation.goals.add(goal)
    theirs = ProposalFactory(consultation=consultation, author=resident, title="More benches")
    others = [
        ProposalFactory(consultation=consultation, title=f"Idea number {n}") for n in range(3)
    ]
    consultation_services.add_support(resident, others[0])
    consultation_services.follow(resident, consultation)
    CommentFactory(proposal=others[0], author=resident, body="I would use this daily.")
    CommentFactory(proposal=others[0], body="And me.")
    pledge = pledge_services.make_pledge(
        resident, goal=goal, text="I will cycle to work twice a week"
    )
    # A conditional pledge on the walls, joined by the resident: its join box is theirs.
    conditional = ConditionalPledgeFactory(goal=goal, text="We will plant 50 trees")
    pledge_services.join_pledge(resident, conditional.pk)
    return {
        "resident": resident,
        "goal": goal,
        "consultation": consultation,
        "theirs": theirs,
        "supported": others[0],
        "organisation": organisation,
        "pledge": pledge,
    }


def _pages(city):
    consultation = city["consultation"]
    return {
        "home": "/",
        "goal index": city["goal"].get_parent().url,
        "goal page": city["goal"].url,
        "consultation": consultation.url,
        "proposals": reverse("consultations:proposals", args=[consultation.pk]),
        "their proposal": city["theirs"].get_absolute_url(),
        "supported proposal": city["supported"].get_absolute_url(),
        "organisation": city["organisation"].get_absolute_url(),
        "search": "/search/?q=idea",
        "pledges": reverse("pledges:index"),
        "pledge": city["pledge"].get_absolute_url(),
    }


def _assert_same(response, fresh, name):
    got, expected = _normalised(response), _normalised(fresh)
    if got != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), got.splitlines(), "afresh", "shared", lineterm="", n=1
        )
        pytest.fail(f"{name}: the shared page differs\n" + "\n".join(diff))


def _get(user, path, settings, *, shared):
    settings.PAGE_CACHE_SECONDS = 60 if shared else 0
    client = Client()  # a new client loads the middleware with these settings
    client.force_login(user)
    return client.get(path)


#: Pages signed-in people get from the shared page.
SHARED = [
    "home",
    "goal index",
    "goal page",
    "consultation",
    "proposals",
    "their proposal",
    "supported proposal",
    "organisation",
    "search",
    "pledges",
]
#: Pages not shared yet (a personal part is not a hole yet): rendered for the person.
RENDERED_FOR_THE_PERSON = ["pledge"]


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_page_is_the_page_rendered_afresh(city, settings, name):
    path = _pages(city)[name]
    resident = city["resident"]
    fresh = _get(resident, path, settings, shared=False)
    assert fresh.status_code == 200
    assert "X-Page-Cache" not in fresh
    own = _get(resident, path, settings, shared=True)  # renders the shared page
    other = VerifiedUserFactory(display_name="Someone Else")
    _get(other, path, settings, shared=True)
    after_someone = _get(resident, path, settings, shared=True)  # from the kept page
    for response in (own, after_someone):
        assert response["X-Page-Cache"] == "shared", name
        _assert_same(response, fresh, name)


@pytest.mark.parametrize("name", RENDERED_FOR_THE_PERSON)
def test_a_page_not_shared_yet_is_rendered_for_the_person(city, settings, name):
    path = _pages(city)[name]
    resident = city["resident"]
    fresh = _get(resident, path, settings, shared=False)
    _get(VerifiedUserFactory(), path, settings, shared=True)
    response = _get(resident, path, settings, shared=True)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") is None, name
    _assert_same(response, fresh, name)


def test_nothing_personal_reaches_another_person(city, settings):
    """The resident's own links (edit their idea, their pledge's updates, withdraw their
    support) and their supports left never show on someone else's page."""
    resident, other = city["resident"], VerifiedUserFactory(display_name="Someone Else")
    for path in _pages(city).values():
        _get(resident, path, settings, shared=True)
        mine = _get(resident, path, settings, shared=True)
        theirs = _get(other, path, settings, shared=True)
        fresh = _get(other, path, settings, shared=False)
        _assert_same(theirs, fresh, path)
        assert mine.get("X-Page-Cache") == theirs.get("X-Page-Cache"), path


def test_a_restricted_page_is_rendered_for_the_person(city, settings, home_page):
    """A page only signed-in people may see redirects the anonymous twin: it is not
    shared, and the person gets it rendered for them."""
    from wagtail.models import PageViewRestriction

    goal = city["goal"]
    PageViewRestriction.objects.create(page=goal, restriction_type=PageViewRestriction.LOGIN)
    response = _get(city["resident"], goal.url, settings, shared=True)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "shared"
    assert "Clean air" in response.content.decode()


def test_a_message_is_shown_once_on_a_shared_page(city, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client = Client()
    client.force_login(city["resident"])
    client.get("/")  # the shared page is kept
    response = client.post(
        reverse("consultations:unfollow", args=[city["consultation"].pk]), follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="messages"' in page
    again = client.get(response.redirect_chain[-1][0]).content.decode()
    assert 'class="messages"' not in again


def test_who_sees_more_than_the_public_gets_the_list_rendered_for_them(city, settings, moderator):
    """A moderator sees every idea; an author sees their own idea waiting for a
    moderator: neither list is the public's, so neither comes from the shared page."""
    from consultations.models import ModerationState

    path = _pages(city)["proposals"]
    waiting = ProposalFactory(
        consultation=city["consultation"],
        title="Waiting for a moderator",
        moderation_state=ModerationState.PENDING,
    )
    _get(VerifiedUserFactory(), path, settings, shared=True)  # the shared page is kept
    settings.PAGE_CACHE_SECONDS = 60
    for person in (moderator, waiting.author):
        client = Client()
        if person == moderator:
            sign_in_to_admin(client, moderator)  # a moderator's powers need the second factor
        else:
            client.force_login(person)
        response = client.get(path)
        assert response.get("X-Page-Cache") is None
        assert "Waiting for a moderator" in response.content.decode()
    shared = _get(city["resident"], path, settings, shared=True)
    assert shared["X-Page-Cache"] == "shared"
    assert "Waiting for a moderator" not in shared.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_a_list_from_the_shared_page_costs_the_same_at_1_and_50_ideas(
    city, settings, n, django_assert_max_num_queries
):
    """From the shared page, a signed-in person's list costs their session and account,
    whether they see more than the public, and the holes: the consultation with its
    phases, the page's ideas, their supports among them, their supports left."""
    for number in range(n):
        ProposalFactory(consultation=city["consultation"], title=f"Another idea {number}")
    path = _pages(city)["proposals"]
    settings.PAGE_CACHE_SECONDS = 60
    client = Client()
    client.force_login(city["resident"])
    client.get(path)  # the shared page is kept
    with django_assert_max_num_queries(10):
        response = client.get(path)
    assert response["X-Page-Cache"] == "shared"


@pytest.mark.parametrize("n", [1, 50])
def test_an_idea_from_the_shared_page_costs_the_same_at_1_and_50_comments(
    city, settings, n, django_assert_max_num_queries
):
    """From the shared page, a signed-in person's idea page costs their session and
    account, whether they see more than the public, and the holes: the idea with its
    consultation and phases, their support, supports left, their comments and the kept
    page of comments."""
    proposal = city["supported"]
    for number in range(n):
        CommentFactory(proposal=proposal, body=f"Comment number {number}")
    settings.PAGE_CACHE_SECONDS = 60
    client = Client()
    client.force_login(city["resident"])
    client.get(proposal.get_absolute_url())  # the shared page and the thread are kept
    with django_assert_max_num_queries(16):
        response = client.get(proposal.get_absolute_url())
    assert response["X-Page-Cache"] == "shared"
    assert "Comment number 0" in response.content.decode()


@pytest.mark.parametrize("name", ["proposals", "supported proposal", "goal page"])
def test_a_signed_in_page_reads_the_content_version_once(city, settings, name):
    """The shared page, the holes and every kept fragment are under the content version:
    one request reads it from the cache once, however many of them ask."""
    from django.core.cache import cache

    from core import page_cache

    path = _pages(city)[name]
    _get(city["resident"], path, settings, shared=True)  # the shared page is kept
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    with patch.object(cache, "get", counting_get):
        response = _get(city["resident"], path, settings, shared=True)
    assert response.get("X-Page-Cache") == "shared"
    assert reads.count(page_cache.VERSION_KEY) == 1
