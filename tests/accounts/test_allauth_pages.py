"""Every allauth page renders in the site's own layout, in British English, with labelled
fields and the error summary."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.accounts import DEFAULT_PASSWORD
from tests.mfa import give_totp, totp_code

pytestmark = pytest.mark.django_db


def sign_in_fresh(client, user):
    """Signed in, then re-authenticated just now, as allauth asks before security
    settings change: with the password, or with a code when the account has a second
    factor (the password alone is not enough then)."""
    from allauth.mfa.utils import is_mfa_enabled

    client.force_login(user)
    if is_mfa_enabled(user):
        response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    else:
        response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response


SIGNED_OUT_PAGES = [
    ("account_login", "Sign in"),
    ("account_signup", "Create an account"),
    ("account_email_verification_sent", "Check your email"),
    ("account_reset_password", "Reset your password"),
    ("account_reset_password_done", "Reset your password"),
    ("account_reset_password_from_key_done", "Change your password"),
    ("account_inactive", "Account inactive"),
]
SIGNED_IN_PAGES = [
    ("account_email", "Change your email address"),
    ("account_change_password", "Change your password"),
    ("account_logout", "Sign out"),
    ("account_reauthenticate", "Confirm it is you"),
    ("mfa_index", "Two-factor authentication"),
    ("mfa_activate_totp", "Activate an authenticator app"),
    ("accounts:profile", "Your account"),
]


def assert_site_layout(response, heading, title=None):
    assert response.status_code == 200, response
    html = response.content.decode()
    assert '<html lang="en-gb">' in html
    assert '<a class="skip-link" href="#main-content">' in html
    assert html.count('<main id="main-content"') == 1
    h1s = re.findall(r"<h1[^>]*>\s*(.*?)\s*</h1>", html, re.S)
    assert h1s == [heading], h1s
    page_title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert page_title == f"{title or heading} – City Goals", page_title
    assert 'aria-label="Breadcrumb"' in html
    # Every visible input has a label (or is a button); none ends with a colon.
    for input_id in re.findall(r'<input(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, f"no label for #{input_id}"
    assert not re.search(r"<label[^>]*>[^<]*:\s*</label>", html)
    # Title case is American house style; the site writes in sentence case.
    for americanism in ("Sign In", "Sign Up", "Sign Out", "Email Address", "finalize"):
        assert americanism not in html
    return html


@pytest.mark.parametrize(("url_name", "heading"), SIGNED_OUT_PAGES)
def test_signed_out_pages_render_in_the_site_layout(client, url_name, heading):
    assert_site_layout(client.get(reverse(url_name)), heading)


@pytest.mark.parametrize(("url_name", "heading"), SIGNED_IN_PAGES)
def test_signed_in_pages_render_in_the_site_layout(client, resident, url_name, heading):
    sign_in_fresh(client, resident)
    html = assert_site_layout(client.get(reverse(url_name)), heading)
    if url_name != "accounts:profile":
        assert f'href="{reverse("accounts:profile")}"' in html  # breadcrumb to the account


def test_password_reset_form_and_bad_key_pages(client, resident):
    client.post(reverse("account_reset_password"), {"email": resident.email})
    key_url = re.search(r"http://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form_url = client.get(key_url.group(1))["Location"]
    assert_site_layout(client.get(form_url), "Change your password")
    bad = client.get("/accounts/password/reset/key/1-not-a-key/", follow=True)
    assert_site_layout(bad, "This link has expired")


def test_email_confirmation_pages(client, unverified_user):
    bad = client.get("/accounts/confirm-email/not-a-key/")
    assert_site_layout(bad, "Confirm your email address")
    assert b"expired or is invalid" in bad.content


def test_mfa_authenticate_page_renders_during_a_two_step_sign_in(client, resident, password):
    give_totp(resident)
    response = client.post(
        reverse("account_login"), {"login": resident.email, "password": password}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert_site_layout(
        client.get(reverse("mfa_authenticate")), "Two-factor authentication", title="Sign in"
    )


def test_mfa_pages_with_an_authenticator(client, resident):
    give_totp(resident)
    sign_in_fresh(client, resident)
    assert_site_layout(client.get(reverse("mfa_index")), "Two-factor authentication")
    assert_site_layout(
        client.get(reverse("mfa_deactivate_totp")), "Deactivate the authenticator app"
    )
    assert_site_layout(client.get(reverse("mfa_generate_recovery_codes")), "Recovery codes")


def test_sign_in_errors_show_the_summary_linked_to_fields(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_login"' in html
    assert 'href="#id_password"' in html
    assert 'aria-describedby="id_login_error"' in html or 'id_login_error"' in html
    assert 'aria-invalid="true"' in html
