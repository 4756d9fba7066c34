"""The public pages: the ledger, a commitment's page, and the sections on goal,
organisation and proposal pages; each within a fixed query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.filters import quarter_of
from commitments.models import CommitmentUpdate
from tests.factories import IndicatorFactory, IndicatorValueFactory, OrganisationFactory
from tests.factories.commitments import make_commitment
from tests.factories.places import make_grid

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_ledger_counts_filters_and_shows_rows(client, goal, organisation, partner_org):
    late = make_commitment(
        goal, organisation, title="Late one", due_date=TODAY - datetime.timedelta(days=3)
    )
    make_commitment(
        goal,
        partner_org,
        title="Done one",
        status="done",
        completed_on=TODAY,
        due_date=TODAY,
    )
    CommitmentUpdate.objects.create(commitment=late, text="Delayed by the weather.")
    response = client.get(reverse("commitments:index"))
    assert response.status_code == 200
    assert response.context["tally"]["total"] == 2
    assert response.context["tally"]["overdue"] == 1
    assert response.context["tally"]["done"] == 1
    body = response.content.decode()
    assert "Late one" in body and "Delayed by the weather." in body

    overdue = client.get(reverse("commitments:index"), {"overdue": "on"})
    assert [c.title for c in overdue.context["commitments"]] == ["Late one"]
    assert overdue.context["tally"]["total"] == 1
    by_org = client.get(reverse("commitments:index"), {"organisation": partner_org.pk})
    assert [c.title for c in by_org.context["commitments"]] == ["Done one"]
    done = client.get(reverse("commitments:index"), {"status": "done"})
    assert [c.title for c in done.context["commitments"]] == ["Done one"]


def test_a_partner_organisation_finds_it_in_the_ledger(client, goal, organisation, partner_org):
    make_commitment(goal, organisation, partners=[partner_org], title="Shared")
    response = client.get(reverse("commitments:index"), {"organisation": partner_org.pk})
    assert [c.title for c in response.context["commitments"]] == ["Shared"]


def test_due_this_quarter(client, goal, organisation):
    _first, last = quarter_of(TODAY)
    make_commitment(goal, organisation, title="This quarter", due_date=last)
    make_commitment(goal, organisation, title="Next quarter", due_date=last + datetime.timedelta(1))
    response = client.get(reverse("commitments:index"), {"due": "quarter"})
    assert [c.title for c in response.context["commitments"]] == ["This quarter"]


def test_quarter_boundaries():
    assert quarter_of(datetime.date(2026, 12, 2)) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert quarter_of(datetime.date(2026, 3, 31)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )


def test_bad_filter_values_are_ignored_not_a_500(client, goal, organisation):
    make_commitment(goal, organisation)
    response = client.get(
        reverse("commitments:index"),
        {"organisation": "nope", "goal": "999999", "status": "lost", "due": "x", "page": "z"},
    )
    assert response.status_code == 200
    assert len(response.context["commitments"]) == 1


def test_the_empty_ledger_says_what_to_do(client, home_page):
    response = client.get(reverse("commitments:index"))
    assert "No organisation has made a commitment yet" in response.content.decode()


def test_a_commitment_page_shows_ideas_updates_and_indicators(
    client, goal, organisation, partner_org, adopted_proposal
):
    indicator = IndicatorFactory(goal=goal, name="Trips by bike", unit="%")
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 1, 1), value=4)
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2026, 1, 1), value=7)
    adopted_proposal.support_count = 42
    adopted_proposal.save(update_fields=["support_count"])
    commitment = make_commitment(
        goal,
        organisation,
        partners=[partner_org],
        accepted=[organisation],
        proposals=[adopted_proposal],
    )
    commitment.indicators.set([indicator])
    CommitmentUpdate.objects.create(commitment=commitment, text="Ten bikes bought.")
    body = client.get(commitment.get_absolute_url()).content.decode()
    assert adopted_proposal.title in body
    assert "42 supporters" in body
    assert "Ten bikes bought." in body
    assert "Trips by bike" in body and "7" in body
    assert "awaiting its acceptance" in body
    assert "A joint commitment" not in body


def test_a_commitment_page_links_the_areas_it_is_placed_in(client, goal, organisation):
    first, second, third = make_grid(3)
    placed = make_commitment(goal, organisation, title="We will light the towpath")
    placed.areas.set([third, first])
    everywhere = make_commitment(goal, organisation, title="We will plant 1,000 trees")

    body = client.get(placed.get_absolute_url()).content.decode()
    links = [
        f'<a href="{reverse("places:detail", args=[area.slug])}">{area.name}</a>'
        for area in (first, third)
    ]
    assert f"Where: {links[0]}, {links[1]}</p>" in body  # by name, each to its page
    assert second.name not in body and "the whole place" not in body

    body = client.get(everywhere.get_absolute_url()).content.decode()
    assert "Where: the whole place." in body
    assert first.name not in body


def _page_queries(client, commitment):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_a_commitment_page_asks_the_same_for_one_area_as_for_twenty(client, goal, organisation):
    """The areas come with the commitment (``selectors.visible_commitment`` prefetches
    them): a commitment in twenty areas costs no more queries than one in a single area."""
    areas = make_grid(20)
    one = make_commitment(goal, organisation, title="In one area")
    one.areas.set(areas[:1])
    many = make_commitment(goal, organisation, title="In twenty areas")
    many.areas.set(areas)
    client.get(make_commitment(goal, organisation).get_absolute_url())  # the layout's, kept

    one_area, _body = _page_queries(client, one)
    twenty_areas, body = _page_queries(client, many)
    assert all(area.name in body for area in areas)
    assert twenty_areas == one_area


def test_a_commitment_to_an_unpublished_goal_is_not_found(client, goal, organisation):
    commitment = make_commitment(goal, organisation)
    goal.unpublish()
    assert client.get(commitment.get_absolute_url()).status_code == 404


def test_the_goal_page_lists_its_commitments(client, goal, organisation):
    make_commitment(goal, organisation, title="We will fix the lights")
    body = client.get(goal.url).content.decode()
    assert "What the partners committed to" in body
    assert "We will fix the lights" in body


def test_the_organisation_page_shows_its_record(client, goal, organisation):
    make_commitment(goal, organisation, title="Late", due_date=TODAY - datetime.timedelta(1))
    response = client.get(reverse("organisations:detail", args=[organisation.slug]))
    record = response.context["organisation_commitments"]["record"]
    assert record["overdue"] == 1 and record["total"] == 1
    assert "Its commitments" in response.content.decode()


def test_the_proposal_trail_lists_its_commitments_and_latest_update(
    client, goal, organisation, adopted_proposal
):
    commitment = make_commitment(
        goal, organisation, title="We will build the lanes", proposals=[adopted_proposal]
    )
    CommitmentUpdate.objects.create(
        commitment=commitment,
        text="Consultation on the route done.",
        happened_on=TODAY - datetime.timedelta(days=5),
    )
    CommitmentUpdate.objects.create(commitment=commitment, text="Diggers on site.")
    body = client.get(adopted_proposal.get_absolute_url()).content.decode()
    assert "What happened to this idea" in body
    assert "Became a commitment on" in body and "We will build the lanes" in body
    assert body.index("Consultation on the route done.") < body.index("Diggers on site.")


def _many(goal, n):
    orgs = [OrganisationFactory() for _ in range(5)]
    for i in range(n):
        commitment = make_commitment(
            goal, orgs[i % 5], partners=[orgs[(i + 1) % 5]], title=f"Commitment {i}"
        )
        CommitmentUpdate.objects.create(commitment=commitment, text=f"Update {i}")


@pytest.mark.parametrize("n", [1, 200])
def test_ledger_query_budget(client, goal, n, django_assert_max_num_queries):
    _many(goal, n)
    # The same at 1 and 200: the layout's (site, branding, made on first use), the
    # page's (count, rows, their organisations, the totals) and one per filter's
    # choices (organisation, goal, and the areas' from places.selectors.area_choices:
    # one query on a cold cache, as here, and none once kept).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("commitments:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 200])
def test_commitment_page_query_budget(
    client, goal, organisation, adopted_proposal, n, django_assert_max_num_queries
):
    _many(goal, n - 1)
    indicators = [IndicatorFactory(goal=goal) for _ in range(3)]
    commitment = make_commitment(goal, organisation, proposals=[adopted_proposal])
    commitment.indicators.set(indicators)
    commitment.areas.set(make_grid(3))
    for i in range(5):
        CommitmentUpdate.objects.create(commitment=commitment, text=f"Update {i}")
    # 19: the 18 before the page named its areas, and one for the areas (prefetched).
    with django_assert_max_num_queries(19):
        response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
