import pytest

from tests.factories.commitments import make_commitment
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def test_convenors_see_commitments_read_only_in_the_admin(
    client, goal, organisation, superuser, resident
):
    commitment = make_commitment(goal, organisation, title="We will light the towpath.")
    sign_in_to_admin(client, superuser)
    listing = client.get("/admin/commitments/")
    assert listing.status_code == 200
    assert "We will light the towpath." in listing.content.decode()
    assert client.get("/admin/commitments/", {"status": "done"}).status_code == 200
    assert client.get(f"/admin/commitments/inspect/{commitment.pk}/").status_code == 200
    assert client.get(f"/admin/commitments/edit/{commitment.pk}/").status_code != 200
    assert client.get("/admin/commitments/new/").status_code != 200

    client.logout()
    client.force_login(resident)
    assert client.get("/admin/commitments/").status_code != 200


def test_the_account_form_saves_the_digest_frequency(client, resident):
    client.force_login(resident)
    response = client.post(
        "/account/",
        {"display_name": "Rea Resident", "area": "", "digest_frequency": "weekly"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.digest_frequency == "weekly"
