"""Things in places: proposals, pledges, consultations and commitments placed in areas,
and each list filtered by area (``?area=<slug>``; the pledge walls' ``?pledges_area=``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.models import Pledge
from tests.factories.commitments import make_commitment
from tests.factories.consultations import ProposalFactory, consultation_index, make_consultation
from tests.factories.places import make_grid
from tests.factories.pledges import PledgeFactory, make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards():
    return make_grid(2)


def test_the_proposal_list_filters_by_area(client, wards):
    riverside, old_town = wards
    consultation = make_consultation()
    here = ProposalFactory(consultation=consultation, title="Benches by the river")
    here.areas.add(riverside, old_town)  # in two areas: listed once
    there = ProposalFactory(consultation=consultation, title="A market in the square")
    there.areas.add(old_town)
    ProposalFactory(consultation=consultation, title="Citywide bike hire")

    url = reverse("consultations:all_proposals")
    everything = client.get(url).content.decode()
    filtered = client.get(url, {"area": riverside.slug}).content.decode()

    assert all(t in everything for t in ("Benches", "A market", "Citywide"))
    assert f'<option value="{riverside.slug}" selected>' in filtered
    assert "Benches by the river" in filtered and filtered.count("Benches by the river") == 1
    assert "A market" not in filtered and "Citywide" not in filtered
    unknown = client.get(url, {"area": "atlantis"})
    assert unknown.status_code == 200 and "Citywide bike hire" in unknown.content.decode()


def test_the_pledge_wall_filters_by_area(client, wards):
    riverside, _old_town = wards
    goal = make_goal()
    here = PledgeFactory(goal=goal, text="We will sweep the towpath.")
    here.areas.add(riverside)
    PledgeFactory(goal=goal, text="We will car-share to work.")

    page = client.get(reverse("pledges:index"), {"pledges_area": riverside.slug}).content.decode()

    assert "We will sweep the towpath." in page and "car-share" not in page
    assert 'id="pledges-area"' in page
    assert f'<option value="{riverside.slug}" selected>' in page
    unknown = client.get(reverse("pledges:index"), {"pledges_area": "atlantis"}).content.decode()
    assert "We will sweep the towpath." in unknown and "car-share" in unknown


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_filtering_the_pledge_wall_by_area_asks_nothing_more_than_the_whole_wall(
    client, resident, wards
):
    """The wall's area filter takes the cached area choices (places.selectors.area_choices),
    as the proposal lists and the ledger do: checking ``?pledges_area=`` costs no query."""
    riverside, old_town = wards
    goal = make_goal()
    PledgeFactory(goal=goal, text="We will sweep the towpath.").areas.add(riverside, old_town)
    PledgeFactory(goal=goal, text="We will paint the market hall.").areas.add(old_town)
    client.force_login(resident)  # signed in: no page cache between the requests
    url = reverse("pledges:index")
    client.get(url)  # once first: keeps the area choices and the layout's
    client.get(url, {"pledges_area": riverside.slug})

    everything, _page = _queries(client, url, {})
    filtered, page = _queries(client, url, {"pledges_area": riverside.slug})
    assert page.count("We will sweep the towpath.") == 1  # in two areas: listed once
    assert "market hall" not in page
    assert filtered <= everything
    unknown, page = _queries(client, url, {"pledges_area": "atlantis"})
    assert "market hall" in page and unknown <= everything


def test_the_consultations_index_filters_by_area(client, wards):
    riverside, _old_town = wards
    here = make_consultation("Riverside play areas")
    here.areas.add(riverside)
    here.save_revision().publish()
    make_consultation("A citywide transport plan")
    index_url = consultation_index().url

    page = client.get(index_url, {"area": riverside.slug}).content.decode()

    assert "Riverside play areas" in page and "A citywide transport plan" not in page
    assert "Showing consultations about Grid ward 00" in page
    assert "A citywide transport plan" in client.get(index_url).content.decode()


def test_the_commitments_ledger_filters_by_area(client, wards):
    riverside, _old_town = wards
    goal = make_goal()
    here = make_commitment(goal, title="We will light the towpath")
    here.areas.add(riverside)
    make_commitment(goal, title="We will plant 1,000 trees")

    page = client.get(reverse("commitments:index"), {"area": riverside.slug}).content.decode()

    assert "We will light the towpath" in page and "1,000 trees" not in page


def test_a_pledge_is_placed_from_its_form(client, resident, wards):
    goal = make_goal()
    client.force_login(resident)
    data = {"text": "We will sweep the towpath.", "show_name": "yes", "areas": [wards[1].pk]}

    client.post(reverse("pledges:new", kwargs={"slug": goal.slug}), data)

    assert list(Pledge.objects.get().areas.all()) == [wards[1]]
