"""Every page a signed-in person sees is ``Cache-Control: private``; anonymous ones are
not marked so."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/account/", "/organisations/", "/pledges/", "/search/"])
def test_signed_in_pages_are_private(client, resident, path):
    client.force_login(resident)
    response = client.get(path)
    assert response.status_code == 200, path
    control = response["Cache-Control"]
    assert "private" in control and "public" not in control


def test_signed_in_open_data_file_is_private_too(client, resident):
    client.force_login(resident)
    response = client.get("/data/goals.csv")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_anonymous_pages_are_not_marked_private(client):
    response = client.get("/organisations/")
    assert "private" not in response.get("Cache-Control", "")
