"""Staff administration: Django's admin is for superusers only and signs in through
allauth; people are managed in Wagtail's admin too."""

import pytest
from django.urls import reverse

from tests.factories.places import AreaFactory
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def test_django_admin_sign_in_goes_through_allauth(client):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("account_login"))


def test_django_admin_refuses_staff_who_are_not_superusers(client, convenor):
    sign_in_to_admin(client, convenor)
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == 403


def test_superuser_manages_people_by_email_in_django_admin(client, superuser, resident):
    sign_in_to_admin(client, superuser)
    changelist = client.get("/django-admin/accounts/user/", {"q": resident.email})
    assert changelist.status_code == 200
    assert resident.email in changelist.content.decode()
    change = client.get(f"/django-admin/accounts/user/{resident.pk}/change/")
    assert change.status_code == 200
    assert b'name="display_name"' in change.content
    add = client.post(
        "/django-admin/accounts/user/add/",
        {
            "email": "added@example.org",
            "usable_password": "true",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
        },
    )
    assert add.status_code == 302, add.content.decode()[:2000]
    from accounts.models import User

    assert User.objects.get(email="added@example.org").check_password("a long enough passphrase 7")


def test_wagtail_admin_lists_and_edits_people(client, superuser, resident):
    sign_in_to_admin(client, superuser)
    listing = client.get(reverse("wagtailusers_users:index"), {"q": resident.email})
    assert listing.status_code == 200
    assert resident.email in listing.content.decode()
    edit = client.get(reverse("wagtailusers_users:edit", args=[resident.pk]))
    assert edit.status_code == 200
    create = client.get(reverse("wagtailusers_users:add"))
    assert create.status_code == 200


def test_wagtail_admin_edits_display_name_and_area_with_the_same_rules(client, superuser, resident):
    sign_in_to_admin(client, superuser)
    url = reverse("wagtailusers_users:edit", args=[resident.pk])
    page = client.get(url).content.decode()
    assert 'name="display_name"' in page and 'name="area"' in page
    assert 'name="first_name"' not in page
    riverside = AreaFactory(name="Riverside")
    data = {
        "email": resident.email,
        "display_name": "Renamed",
        "area": "Riverside",
        "is_active": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    saved = client.post(url, {**data, "area": riverside.pk})
    assert saved.status_code == 302
    resident.refresh_from_db()
    assert (resident.display_name, resident.area) == ("Renamed", riverside)
