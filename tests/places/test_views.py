"""The areas map at /areas/, area pages, and areas in open data and the API."""

import csv
import io
import json

import pytest
from django.urls import reverse

from places.models import Area
from tests.factories.commitments import make_commitment
from tests.factories.consultations import ProposalFactory, make_consultation
from tests.factories.places import AreaFactory, make_grid
from tests.factories.pledges import PledgeFactory, make_goal

pytestmark = pytest.mark.django_db


def test_the_areas_map_links_every_ward_and_lists_the_same(client):
    areas = make_grid(3)
    AreaFactory(name="Lowbridge Central", slug="central", kind=Area.Kind.DISTRICT)

    page = client.get(reverse("places:index")).content.decode()

    assert "<title>" in page and 'aria-label="Breadcrumb"' in page
    assert 'id="areas-map-title"' in page and 'aria-describedby="areas-map-description"' in page
    for area in areas:
        # On each of the three maps (areas, participation, ideas) and in each one's table.
        assert page.count(f'href="{area.get_absolute_url()}"') == 6
    assert "The 3 areas of the place" in page
    assert "Lowbridge Central" in page  # other kinds are listed under the map


def test_no_areas_yet_says_how_to_add_them(client):
    page = client.get(reverse("places:index")).content.decode()
    assert "import_areas" in page


def test_an_area_page_has_its_name_breadcrumbs_facts_and_a_map_marking_it(client):
    district = AreaFactory(name="North District", slug="north", kind=Area.Kind.DISTRICT)
    wards = make_grid(3, parent=district)

    page = client.get(wards[1].get_absolute_url()).content.decode()

    assert "<h1>Grid ward 01</h1>" in page
    assert f'<a href="{district.get_absolute_url()}">North District</a>' in page  # breadcrumb
    assert "10,000 residents" in page and wards[1].code in page
    assert 'aria-label="Grid ward 01 (this area)" aria-current="page"' in page
    assert f'href="{wards[0].get_absolute_url()}"' in page
    district_page = client.get(district.get_absolute_url()).content.decode()
    assert "Areas in North District" in district_page and "Grid ward 02" in district_page


def test_an_unknown_area_is_a_404(client):
    assert client.get("/areas/nowhere/").status_code == 404


def place_one_of_everything(area, goal_title="Cleaner air"):
    goal = make_goal(goal_title)
    consultation = make_consultation(f"Streets for {area.name}")
    consultation.areas.add(area)
    consultation.save_revision().publish()
    proposal = ProposalFactory(consultation=consultation, title=f"Benches in {area.name}")
    proposal.areas.add(area)
    pledge = PledgeFactory(goal=goal, text=f"We will sweep {area.name}.")
    pledge.areas.add(area)
    commitment = make_commitment(goal, title=f"We will light {area.name}")
    commitment.areas.add(area)
    return goal


def test_an_area_page_gathers_what_is_placed_there(client):
    riverside, old_town = make_grid(2)
    place_one_of_everything(riverside)
    elsewhere = ProposalFactory(title="Somewhere else entirely")
    elsewhere.areas.add(old_town)

    page = client.get(riverside.get_absolute_url()).content.decode()

    for heading in ("Consultations here", "Ideas here", "Pledges here", "Commitments here"):
        assert f">{heading}</h2>" in page
    assert "Streets for Grid ward 00" in page and "Benches in Grid ward 00" in page
    assert "We will sweep Grid ward 00." in page and "We will light Grid ward 00" in page
    assert "Somewhere else entirely" not in page
    assert "No trial has been run in this area yet." in page


# The layout's own queries (site, branding, navigation) and the page's: the area, the
# areas of its kind (for the map) and the areas within it, then one or two a section
# (one for a list of fewer than ``places.selectors.SECTION_LIMIT``, a count beside it
# for a full one). 28 since "Organisations based here": its one query for the list.
AREA_PAGE_BUDGET = 28


@pytest.mark.parametrize("count", [1, 20])
def test_area_pages_keep_a_query_budget(client, count, django_assert_max_num_queries):
    areas = make_grid(count)
    for area in areas[-2:]:
        place_one_of_everything(area, goal_title=f"Goal of {area.name}")
    with django_assert_max_num_queries(AREA_PAGE_BUDGET):
        assert client.get(areas[-1].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(AREA_PAGE_BUDGET):
        assert client.get(reverse("places:index")).status_code == 200


def test_areas_geojson_holds_every_boundary_and_the_public_record(client):
    district = AreaFactory(code="E08000001", name="Lowbridge", slug="lowbridge", kind="district")
    ward = AreaFactory(code="E05000009", parent=district, population=7450)

    response = client.get(reverse("data:areas_geojson"))
    document = json.loads(b"".join(response.streaming_content))

    assert response["Content-Type"] == "application/geo+json"
    assert document["type"] == "FeatureCollection" and "licence" in document
    by_id = {f["id"]: f for f in document["features"]}
    feature = by_id["E05000009"]
    assert feature["type"] == "Feature" and feature["geometry"] == ward.boundary
    assert feature["properties"]["parent_code"] == "E08000001"
    assert feature["properties"]["population"] == 7450
    assert feature["properties"]["url"].endswith(ward.get_absolute_url())


def test_the_api_lists_areas_and_gives_each_boundary(client):
    ward = AreaFactory(code="E05000009")
    AreaFactory(kind=Area.Kind.NEIGHBOURHOOD)

    listed = client.get("/api/v1/areas/?kind=ward").json()
    detail = client.get(f"/api/v1/areas/{ward.pk}/").json()

    assert [a["code"] for a in listed["results"]] == ["E05000009"]
    assert "boundary" not in listed["results"][0]
    assert detail["boundary"] == ward.boundary and detail["kind"] == "ward"
    assert client.get("/api/v1/areas/?kind=street").status_code == 400


def test_proposals_and_pledges_csv_carry_area_codes(client):
    riverside, old_town = make_grid(2)
    goal = place_one_of_everything(riverside)
    two = ProposalFactory(title="Across the border")
    two.areas.add(riverside, old_town)
    PledgeFactory(goal=goal, text="We will do it citywide.")

    proposals = b"".join(client.get(reverse("data:proposals_csv")).streaming_content).decode()
    pledges = b"".join(client.get(reverse("data:pledges_csv")).streaming_content).decode()

    header, *rows = proposals.strip().splitlines()
    assert header.endswith(",areas")
    by_title = {row.split(",")[3]: row for row in rows}
    assert by_title["Benches in Grid ward 00"].endswith(",E05000000")
    assert by_title["Across the border"].endswith(",E05000000 E05000001")
    header, *rows = pledges.strip().splitlines()
    assert header.endswith(",areas")
    assert any(r.endswith(",E05000000") and "sweep" in r for r in rows)
    assert any(r.endswith(",") and "citywide" in r for r in rows)


def test_commitments_csv_and_the_api_carry_area_codes(client):
    riverside, old_town = make_grid(2)
    goal = place_one_of_everything(riverside)
    across = make_commitment(goal, title="We will join the two towpaths")
    across.areas.add(old_town, riverside)
    make_commitment(goal, title="We will plant 1,000 trees")

    body = b"".join(client.get(reverse("data:commitments_csv")).streaming_content).decode()
    rows = {row["title"]: row["areas"] for row in csv.DictReader(io.StringIO(body))}
    api = {
        row["title"]: row["areas"] for row in client.get("/api/v1/commitments/").json()["results"]
    }
    goals = json.loads(b"".join(client.get(reverse("data:goals_json")).streaming_content))
    in_goals = {c["title"]: c["areas"] for g in goals["goals"] for c in g["commitments"]}

    assert body.splitlines()[0].endswith(",areas")
    assert rows == {
        "We will light Grid ward 00": "E05000000",
        "We will join the two towpaths": "E05000000 E05000001",
        "We will plant 1,000 trees": "",  # the whole place
    }
    assert (
        api
        == in_goals
        == {
            "We will light Grid ward 00": ["E05000000"],
            "We will join the two towpaths": ["E05000000", "E05000001"],
            "We will plant 1,000 trees": [],
        }
    )
