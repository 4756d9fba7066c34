"""The account page at /account/: display name, area, email preferences."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import User
from places.models import PostcodeDistrict
from tests.factories.places import AreaFactory

pytestmark = pytest.mark.django_db

URL = "/account/"


def _post(client, **overrides):
    data = {
        "display_name": "Sam from Riverside",
        "area": "",
        "email_on_response": "on",
        "email_digest": "on",
    }
    data.update(overrides)
    return client.post(URL, data)


@pytest.fixture
def riverside(db):
    return AreaFactory(name="Riverside", code="E05000001")


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
    assertContains(response, '<label for="id_area">Your area')


def test_saving_details_and_preferences(client, resident, riverside):
    client.force_login(resident)
    response = _post(client, display_name="  Sam   from Riverside ", area=riverside.pk)
    assertRedirects(response, URL, fetch_redirect_response=False)
    resident.refresh_from_db()
    assert resident.display_name == "Sam from Riverside"
    assert resident.area == riverside
    assert resident.email_on_response is True
    assert resident.email_on_phase is False  # unticked box
    assert resident.email_digest is True
    assertContains(client.get(URL), "Your details have been saved.")


def test_the_area_is_chosen_from_the_list_and_optional(client, resident, riverside):
    client.force_login(resident)
    page = client.get(URL).content.decode()
    assert '<option value="" selected>Not saying</option>' in page
    assert f'<option value="{riverside.pk}">Riverside</option>' in page
    assert 'name="postcode_district"' not in page  # no lookup table imported
    resident.area = riverside
    resident.save()
    _post(client, area="")
    resident.refresh_from_db()
    assert resident.area is None


def test_a_postcode_district_finds_the_area_and_is_not_kept(client, resident, riverside):
    PostcodeDistrict.objects.create(code="LS6", area=riverside)
    client.force_login(resident)
    assert 'name="postcode_district"' in client.get(URL).content.decode()

    assertRedirects(_post(client, postcode_district=" ls6 "), URL, fetch_redirect_response=False)

    resident.refresh_from_db()
    assert resident.area == riverside
    assert "LS6" not in str(User.objects.filter(pk=resident.pk).values().get())


@pytest.mark.parametrize(
    ("district", "message"),
    [
        ("LS6 1AA", "Enter only the first part of your postcode"),
        ("ls61aa", "Enter only the first part of your postcode"),
        ("12 Mill Lane", "Enter the first part of a postcode"),
        ("B15", "We do not know which area B15 is in"),
    ],
)
def test_an_address_or_unknown_district_is_refused(client, resident, riverside, district, message):
    PostcodeDistrict.objects.create(code="LS6", area=riverside)
    client.force_login(resident)
    response = _post(client, postcode_district=district)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert '<a href="#id_postcode_district">' in html  # the error summary links to the field
    resident.refresh_from_db()
    assert resident.area is None


def test_a_district_in_another_area_than_the_one_chosen_is_refused(client, resident, riverside):
    PostcodeDistrict.objects.create(code="LS6", area=riverside)
    other = AreaFactory(name="Old Town")
    client.force_login(resident)
    response = _post(client, area=other.pk, postcode_district="LS6")
    assert "That postcode district is in Riverside, not Old Town" in response.content.decode()


def test_a_display_name_is_required_and_is_not_an_email_address(client, resident):
    client.force_login(resident)
    assertContains(_post(client, display_name=""), 'href="#id_display_name"')
    assertContains(_post(client, display_name="sam@example.org"), "Do not use your email address")
    resident.refresh_from_db()
    assert resident.display_name != "sam@example.org"


def test_unverified_people_are_told_how_to_verify(client, unverified_user):
    client.force_login(unverified_user)
    assertContains(client.get(URL), "Your email address is not verified yet.")
