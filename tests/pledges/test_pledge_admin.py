import pytest

from tests.factories import PledgeFactory
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def test_convenors_see_pledges_read_only_in_the_admin(client, goal, superuser, resident):
    pledge = PledgeFactory(goal=goal, text="We will light the towpath.")
    sign_in_to_admin(client, superuser)
    listing = client.get("/admin/pledges/")
    assert listing.status_code == 200
    assert "We will light the towpath." in listing.content.decode()
    assert client.get("/admin/pledges/", {"status": "met"}).status_code == 200
    assert client.get(f"/admin/pledges/inspect/{pledge.pk}/").status_code == 200
    assert client.get(f"/admin/pledges/edit/{pledge.pk}/").status_code != 200
    assert client.get("/admin/pledges/new/").status_code != 200
    reports = client.get("/admin/").content.decode()
    assert "/admin/pledges/" in reports

    client.logout()
    client.force_login(resident)
    assert client.get("/admin/pledges/").status_code != 200
