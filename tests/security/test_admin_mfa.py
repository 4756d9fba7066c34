"""Two-factor authentication is required for everyone who can enter the admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import VerifiedUserFactory
from tests.mfa import give_totp, mark_session_mfa, totp_code

pytestmark = pytest.mark.django_db

ADMIN_URLS = ["/admin/", "/admin/pages/", "/django-admin/"]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_staff_without_an_authenticator_is_sent_to_set_one_up(client, superuser, url):
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_staff_with_an_authenticator_but_no_code_this_session_is_asked_for_one(
    client, superuser, url
):
    give_totp(superuser)
    client.force_login(superuser)  # a session that never passed the second factor
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/"])
def test_staff_who_passed_mfa_reach_the_admin(client, staff_with_mfa, url):
    response = client.get(url)
    assert response.status_code == 200


def test_a_group_with_admin_access_is_held_to_the_same_rule(client):
    editors = Group.objects.create(name="Admin users")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = VerifiedUserFactory()
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302
    give_totp(editor)
    mark_session_mfa(client, editor)
    assert client.get("/admin/").status_code == 200


def test_a_resident_is_refused_by_the_admin_itself(client, resident):
    client.force_login(resident)
    response = client.get("/admin/")
    # Wagtail sends people without admin access to the login page; no MFA prompt.
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_real_login_flow_with_a_code_opens_the_admin(client, superuser, password):
    give_totp(superuser)
    response = client.post(
        reverse("account_login"), {"login": superuser.email, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in until the code
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reauthenticating_with_a_code_opens_the_admin(client, superuser):
    give_totp(superuser)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302
    response = client.post(reverse("mfa_reauthenticate") + "?next=/admin/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_staff_get_a_published_authenticator_in_debug_only(superuser, settings):
    from io import StringIO

    from allauth.mfa.models import Authenticator
    from django.core.management import call_command

    from demo.accounts import seed_demo_totp

    settings.DEBUG = False
    seed_demo_totp(superuser)
    assert not Authenticator.objects.filter(user=superuser).exists()
    settings.DEBUG = True
    out = StringIO()
    seed_demo_totp(superuser, out)
    seed_demo_totp(superuser)  # idempotent
    assert Authenticator.objects.filter(user=superuser).count() == 1
    assert "demo_totp_code" in out.getvalue()
    code = StringIO()
    call_command("demo_totp_code", stdout=code, stderr=StringIO())
    assert code.getvalue().strip() == totp_code()
