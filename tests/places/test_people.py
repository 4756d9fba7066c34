"""No personal location: a person's area is the only place stored about them, and it is
exported to them alone, as the area's name and code, with the point they chose on the
map for their own idea."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.privacy import export_user_data
from consultations.models import Support
from tests.factories import VerifiedUserFactory
from tests.factories.consultations import ProposalFactory
from tests.factories.places import AreaFactory, centre, make_grid
from tests.factories.pledges import PledgeFactory

pytestmark = pytest.mark.django_db

LOCATION_WORDS = ("address", "postcode", "street", "lat", "lon", "point", "ward", "location")


def test_a_person_holds_no_location_but_an_area():
    fields = {f.name for f in User._meta.concrete_fields}
    assert "area" in fields
    assert not [name for name in fields if any(word in name for word in LOCATION_WORDS)]


def test_the_export_names_the_area_and_deleting_the_area_keeps_the_person():
    riverside = AreaFactory(name="Riverside", code="E05000001")
    person = VerifiedUserFactory(area=riverside)

    account = export_user_data(person)["account"]
    assert (account["area"], account["area_code"]) == ("Riverside", "E05000001")

    riverside.delete()
    person.refresh_from_db()
    assert person.area is None


def _streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_open_data_carries_no_point_on_the_map_nor_a_persons_area(client):
    """A point chosen on the map is kept with the idea (it ticks the idea's area) but is
    never published: the files and the API give the idea's area codes only, and nothing
    says which area its author (or anyone) lives in."""
    riverside, old_town = make_grid(2)
    lon, lat = centre(0, 0)
    author = VerifiedUserFactory(area=old_town)
    proposal = ProposalFactory(
        author=author, title="Benches by the river", point_lon=lon + 0.000123, point_lat=lat
    )
    proposal.areas.add(riverside)

    texts = {
        "proposals.csv": _streamed(client.get(reverse("data:proposals_csv"))),
        "areas.geojson": _streamed(client.get(reverse("data:areas_geojson"))),
        "api list": client.get("/api/v1/proposals/").content.decode(),
        "api detail": client.get(f"/api/v1/proposals/{proposal.pk}/").content.decode(),
    }
    assert "Benches by the river" in texts["proposals.csv"] and riverside.code in texts["api list"]
    detail = json.loads(texts["api detail"])
    assert detail["areas"] == [riverside.code]
    assert not [key for key in detail if any(word in key for word in LOCATION_WORDS)]
    for name, text in texts.items():
        assert f"{lon + 0.000123:.5f}"[:-1] not in text, name  # the point, to 4 places
        assert "point_l" not in text, name
    for name in ("proposals.csv", "api list", "api detail"):
        assert old_town.code not in texts[name], name  # the author's area, nowhere


def test_my_download_gives_my_area_and_the_point_i_chose_for_my_idea_not_anyone_elses(client):
    """The point on the map is published nowhere, so the person's own download is the one
    place it is given back: with their idea, beside the areas the idea is placed in and
    the area they chose for themself. Someone else's point, on an idea they supported,
    is not in it."""
    riverside, old_town = make_grid(2)
    lon, lat = centre(0, 0)
    me = VerifiedUserFactory(area=old_town)
    mine = ProposalFactory(author=me, title="Benches", point_lon=lon + 0.000123, point_lat=lat)
    mine.areas.add(riverside)
    ProposalFactory(author=me, title="Longer library hours")
    theirs = ProposalFactory(title="A crossing", point_lon=lon - 0.000321, point_lat=lat)
    theirs.areas.add(riverside)
    Support.objects.create(user=me, proposal=theirs)
    PledgeFactory(author=me).areas.add(old_town, riverside)

    client.force_login(me)
    response = client.get(reverse("accounts:data"))
    assert response.status_code == 200
    data = json.loads(response.content)

    assert (data["account"]["area"], data["account"]["area_code"]) == (
        old_town.name,
        old_town.code,
    )
    by_title = {row["title"]: row for row in data["proposals"]}
    assert set(by_title) == {"Benches", "Longer library hours"}
    assert (by_title["Benches"]["point_lon"], by_title["Benches"]["point_lat"]) == pytest.approx(
        (lon + 0.000123, lat)
    )
    assert by_title["Benches"]["areas"] == [riverside.code]
    assert by_title["Longer library hours"]["point_lon"] is None
    assert by_title["Longer library hours"]["areas"] == []
    assert [row["proposal"] for row in data["supports"]] == [theirs.pk]
    assert [row["areas"] for row in data["pledges"]] == [sorted([old_town.code, riverside.code])]
    assert f"{lon - 0.000321:.6f}"[:-1] not in response.content.decode()  # their point
