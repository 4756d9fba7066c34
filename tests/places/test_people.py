"""No personal location: a person's area is the only place stored about them, and it is
exported to them alone, as the area's name and code."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.privacy import export_user_data
from tests.factories import VerifiedUserFactory
from tests.factories.consultations import ProposalFactory
from tests.factories.places import AreaFactory, centre, make_grid

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
