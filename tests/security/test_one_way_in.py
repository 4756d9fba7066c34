"""One way in: allauth's sign-in, with the second factor where the account has one.

The penetration test signed a moderator and a superuser in with the password alone
through Wagtail's own login views, re-authenticated with the password and removed the
authenticator. These tests walk every URL the URL configuration exposes, POST a
password to each, and prove none signs anyone in; then that the second factor cannot be
removed without the second factor, and that its removal is emailed and audited.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from tests.mfa import give_totp, mark_session_mfa, totp_code
from tests.security.urlwalk import every_url, sample_path

pytestmark = pytest.mark.django_db

SIGNED_IN_KEY = "_auth_user_id"


def password_posts(user, password):
    """Every field name a password login view of Django, Wagtail or allauth reads."""
    return {
        "username": user.email,
        "login": user.email,
        "email": user.email,
        "password": password,
        "password1": password,
    }


def walked_paths():
    paths = set()
    for url in every_url():
        path = sample_path(url)
        if path is not None and "logout" not in path:
            paths.add(path)
    # Wagtail's password-protected page form needs a real restriction to reach its form.
    return sorted(paths)


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_no_url_signs_in_a_two_factor_account_with_the_password_alone(request, who, password):
    user = request.getfixturevalue(who)
    give_totp(user)
    signed_in = []
    for path in walked_paths():
        client = Client()
        client.post(path, password_posts(user, password))
        if client.session.get(SIGNED_IN_KEY):
            signed_in.append(path)
    assert signed_in == []


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_login", "wagtailcore_login", "wagtailadmin_password_reset"]
)
def test_wagtails_own_sign_in_and_reset_views_send_people_to_allauth(client, url_name):
    response = client.get(reverse(url_name) + "?next=/admin/pages/")
    assert response.status_code == 302
    target = reverse("account_reset_password" if "reset" in url_name else "account_login")
    assert response["Location"].startswith(target)
    assert client.post(reverse(url_name), {"username": "x", "password": "y"}).status_code == 405


def test_wagtails_password_reset_sends_no_email(client, superuser):
    for path in ("/admin/password_reset/", "/admin/password_reset/done/"):
        client.post(path, {"email": superuser.email})
    assert mail.outbox == []


def test_the_settings_name_allauth_as_every_login_page(settings):
    assert reverse(settings.LOGIN_URL) == reverse("account_login")
    assert reverse(settings.WAGTAILADMIN_LOGIN_URL) == reverse("account_login")
    assert reverse(settings.WAGTAIL_FRONTEND_LOGIN_URL) == reverse("account_login")


def test_a_password_only_session_cannot_remove_the_second_factor(client, moderator, password):
    """The attack of the report: sign in (here as if a password login had worked),
    re-authenticate with the password, deactivate the authenticator."""
    from allauth.mfa.models import Authenticator

    give_totp(moderator)
    client.force_login(moderator)
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    # The password is not accepted as re-authentication for a two-factor account.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=moderator, type="totp").exists()
    assert mail.outbox == []


def test_removing_the_second_factor_needs_a_code_and_is_emailed_and_audited(client, moderator):
    from allauth.mfa.models import Authenticator

    give_totp(moderator)
    client.force_login(moderator)
    mark_session_mfa(client, moderator)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302  # to re-authenticate with a code
    assert Authenticator.objects.filter(user=moderator, type="totp").exists()
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=moderator, type="totp").exists()
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert AuditEvent.objects.filter(
        actor=moderator, action="mfa.authenticator_removed", target_id=str(moderator.pk)
    ).exists()
