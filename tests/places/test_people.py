"""No personal location: a person's area is the only place stored about them, and it is
exported to them alone, as the area's name and code."""

import pytest

from accounts.models import User
from accounts.privacy import export_user_data
from tests.factories import VerifiedUserFactory
from tests.factories.places import AreaFactory

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
