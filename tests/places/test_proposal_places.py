"""Placing an idea: areas ticked in the list, or a point chosen on the map (which ticks
its area). The point is the idea's; nothing about where the proposer lives is kept."""

import pytest
from django.urls import reverse

from consultations.models import Proposal
from tests.factories.consultations import make_consultation
from tests.factories.places import centre, make_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client, resident):
    client.force_login(resident)
    return make_consultation(), make_grid(2)


def _propose(client, consultation, **fields):
    data = {"title": "Benches by the river", "body": "Somewhere to sit.", **fields}
    return client.post(reverse("consultations:propose", args=[consultation.pk]), data)


def test_the_form_offers_the_areas_and_a_map_for_javascript(client, setting):
    consultation, _wards = setting
    page = client.get(reverse("consultations:propose", args=[consultation.pk])).content.decode()
    assert 'name="areas"' in page and "Grid ward 01" in page
    assert "data-point-picker hidden" in page and "js/point-picker.js" in page


def test_ticked_areas_place_the_idea_without_a_point(client, setting):
    consultation, wards = setting
    _propose(client, consultation, areas=[wards[0].pk, wards[1].pk])
    proposal = Proposal.objects.get()
    assert set(proposal.areas.all()) == set(wards)
    assert proposal.point_lon is None and proposal.point_lat is None


def test_a_point_on_the_map_is_kept_and_ticks_its_area(client, setting):
    consultation, wards = setting
    lon, lat = centre(1, 0)
    _propose(client, consultation, point_lon=lon, point_lat=lat)
    proposal = Proposal.objects.get()
    assert list(proposal.areas.all()) == [wards[1]]
    assert (proposal.point_lon, proposal.point_lat) == pytest.approx((lon, lat))


def test_a_point_outside_every_area_is_a_form_error(client, setting):
    consultation, _wards = setting
    response = _propose(client, consultation, point_lon=0.5, point_lat=51.5)
    assert response.status_code == 400
    assert "outside every area" in response.content.decode()
    assert not Proposal.objects.exists()
    half = _propose(client, consultation, point_lon=-1.94)
    assert half.status_code == 400 and not Proposal.objects.exists()
