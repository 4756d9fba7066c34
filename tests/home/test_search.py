"""Site search: pages, organisations and proposals, grouped, each group paginated."""

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations.models import ConsultationIndexPage, ConsultationPage, Proposal
from home.models import StandardPage
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page, resident, django_capture_on_commit_callbacks):
    """Things mentioning "allotment", each kind once, plus some that must not be found."""
    with django_capture_on_commit_callbacks(execute=True):
        home_page.add_child(
            instance=StandardPage(
                title="Allotment guide", slug="allotment-guide", intro="How to get a plot."
            )
        )
        draft = StandardPage(title="Secret allotment plans", slug="secret", live=False)
        home_page.add_child(instance=draft)
        OrganisationFactory(
            name="Riverside Allotment Society", slug="riverside-allotments", kind="voluntary"
        )
        index = home_page.add_child(
            instance=ConsultationIndexPage(title="Take part", slug="take-part")
        )
        consultation = index.add_child(
            instance=ConsultationPage(
                title="Green spaces", slug="green-spaces", question="What should we grow?"
            )
        )
        Proposal.objects.create(
            consultation=consultation,
            author=resident,
            title="More allotment plots by the canal",
            body="Turn the old depot into allotments.",
        )
        Proposal.objects.create(
            consultation=consultation,
            author=resident,
            title="Allotment abuse",
            body="Hidden by a moderator: allotment.",
            moderation_state="hidden",
        )
        Proposal.objects.create(
            consultation=consultation,
            author=resident,
            title="Withdrawn allotment idea",
            body="allotment",
            withdrawn_at=timezone.now(),
        )
    return consultation


def test_empty_search_explains_what_to_do(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assertContains(response, '<label for="search-q">')
    assertContains(response, "Type a word or two")
    assertNotContains(response, "results for")


def test_search_finds_pages_organisations_and_proposals_grouped(client, world):
    response = client.get("/search/", {"q": "allotment"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Allotment guide" in html
    assert "Riverside Allotment Society" in html
    assert "More allotment plots by the canal" in html
    # Each group is a labelled section saying what its results are, in words.
    for heading in (
        "Goals, consultations and pages: 1 result",
        "Organisations: 1 result",
        "Ideas people have proposed: 1 result",
    ):
        assert heading in html
    assert "All results (3)" in html
    # Drafts, hidden and withdrawn proposals are never found.
    assert "Secret allotment plans" not in html
    assert "Allotment abuse" not in html
    assert "Withdrawn allotment idea" not in html


def test_search_with_no_results_says_so(client, world):
    response = client.get("/search/", {"q": "zeppelin"})
    assertContains(response, "No results for “zeppelin”")
    assertContains(response, "try fewer or different words")


def test_one_group_is_paginated(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            OrganisationFactory(
                name=f"Canal Trust {n:02d}", slug=f"canal-trust-{n}", kind="voluntary"
            )
    response = client.get("/search/", {"q": "canal", "type": "organisations"})
    html = response.content.decode()
    assert "Organisations: 25 results" in html
    assert html.count('class="search-result"') == 20
    assert "Page 1 of 2" in html
    assert "q=canal&amp;type=organisations&amp;page=2" in html
    response = client.get("/search/", {"q": "canal", "type": "organisations", "page": 2})
    assert response.content.decode().count('class="search-result"') == 5
    # The overview shows the first few of the group and links to the rest.
    overview = client.get("/search/", {"q": "canal"}).content.decode()
    assert overview.count('class="search-result"') == 5
    assert "See all 25 results" in overview


def test_bad_input_is_not_an_error(client, world):
    for params in (
        {"q": "allotment", "page": "nonsense"},
        {"q": "allotment", "type": "passwords"},
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE --"},
    ):
        assert client.get("/search/", params).status_code == 200


def test_searchable_proposals_are_the_listed_part_of_what_everyone_may_see(
    home_page, resident, django_capture_on_commit_callbacks
):
    """Search restates the public part of ``Proposal.objects.visible_to(None)`` with the
    fields its index can filter on (home.search.searchable_proposals). The two rules must
    agree for proposals in every moderation state, withdrawn or not, in live, draft and
    private consultations: searchable = visible to everyone ∩ listed ∩ public pages."""
    from wagtail.models import PageViewRestriction

    from consultations.models import ModerationState
    from home.search import run_search, searchable_proposals

    with django_capture_on_commit_callbacks(execute=True):
        index = home_page.add_child(
            instance=ConsultationIndexPage(title="Take part", slug="take-part")
        )
        live = index.add_child(
            instance=ConsultationPage(title="Live", slug="live", question="What?")
        )
        draft = index.add_child(
            instance=ConsultationPage(title="Draft", slug="draft", question="What?", live=False)
        )
        private = index.add_child(
            instance=ConsultationPage(title="Private", slug="private", question="What?")
        )
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        for consultation in (live, draft, private):
            for state in ModerationState.values:
                for withdrawn_at in (None, timezone.now()):
                    Proposal.objects.create(
                        consultation=consultation,
                        author=resident,
                        title=f"Heron idea {consultation.slug} {state}",
                        body="Herons by the weir.",
                        moderation_state=state,
                        withdrawn_at=withdrawn_at,
                    )

    public_consultations = ConsultationPage.objects.public().values("pk")
    expected = set(
        Proposal.objects.visible_to(None)
        .listed()
        .filter(consultation__in=public_consultations)
        .values_list("pk", flat=True)
    )
    assert set(searchable_proposals().values_list("pk", flat=True)) == expected
    # One published, not withdrawn proposal in the live public consultation.
    assert len(expected) == 1
    # And what the search backend finds with that filter is the same set.
    _groups, page = run_search("heron", "proposals", 1)
    assert {proposal.pk for proposal in page.object_list} == expected


def test_counts_follow_writes(client, home_page, django_capture_on_commit_callbacks):
    """Each group's count is kept until the content changes (core.fragments), and the
    chosen group's pages use it: a new match counts on the next search."""
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Kingfisher Trust", slug="kingfisher", kind="voluntary")
    assertContains(client.get("/search/", {"q": "kingfisher"}), "Organisations: 1 result")
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Kingfisher Friends", slug="kingfisher-friends", kind="voluntary")
    assertContains(client.get("/search/", {"q": "kingfisher"}), "Organisations: 2 results")
    response = client.get("/search/", {"q": "kingfisher", "type": "organisations"})
    assert response.content.decode().count('class="search-result"') == 2
