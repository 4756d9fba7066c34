"""The account page at /account/: display name, area, email preferences."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects

pytestmark = pytest.mark.django_db

URL = "/account/"


def _post(client, **overrides):
    data = {
        "display_name": "Sam from Riverside",
        "area": "Riverside",
        "email_on_response": "on",
        "email_digest": "on",
    }
    data.update(overrides)
    return client.post(URL, data)


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/account/")


def test_the_page_links_to_email_password_and_two_factor_settings(client, resident):
    client.force_login(resident)
    response = client.get(URL)
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assertContains(response, f'href="{url}"')
    assertContains(response, "<title>Your account – City Goals</title>", html=True)
    assertContains(response, '<label for="id_area">Ward or postcode district')


def test_saving_details_and_preferences(client, resident):
    client.force_login(resident)
    response = _post(client, display_name="  Sam   from Riverside ", area=" LS6 ")
    assertRedirects(response, URL, fetch_redirect_response=False)
    resident.refresh_from_db()
    assert resident.display_name == "Sam from Riverside"
    assert resident.area == "LS6"
    assert resident.email_on_response is True
    assert resident.email_on_phase is False  # unticked box
    assert resident.email_digest is True
    assertContains(client.get(URL), "Your details have been saved.")


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("LS6 1AA", "Enter only the first part of your postcode"),
        ("ls61aa", "Enter only the first part of your postcode"),
        ("12 Mill Lane", "not an address"),
        ("Flat 3, Riverside", "not an address"),
        ("end of the old canal by the mill", "Enter a short ward name"),
    ],
)
def test_an_address_is_refused_as_an_area(client, resident, area, message):
    client.force_login(resident)
    response = _post(client, area=area)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert '<a href="#id_area">' in html  # the error summary links to the field
    assert 'id="id_area_error"' in html
    resident.refresh_from_db()
    assert resident.area == ""


@pytest.mark.parametrize("area", ["Riverside", "LS6", "B15", "Old Town", "St Mary's"])
def test_wards_and_postcode_districts_are_accepted(client, resident, area):
    client.force_login(resident)
    _post(client, area=area)
    resident.refresh_from_db()
    assert resident.area == area


def test_a_display_name_is_required_and_is_not_an_email_address(client, resident):
    client.force_login(resident)
    assertContains(_post(client, display_name=""), 'href="#id_display_name"')
    assertContains(_post(client, display_name="sam@example.org"), "Do not use your email address")
    resident.refresh_from_db()
    assert resident.display_name != "sam@example.org"


def test_unverified_people_are_told_how_to_verify(client, unverified_user):
    client.force_login(unverified_user)
    assertContains(client.get(URL), "Your email address is not verified yet.")
