"""Whole journeys through allauth, as a person takes them: sign up, verify, sign in,
reset a password, change an email address."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quite different passphrase 42"


def _link(message, pattern: str) -> str:
    match = re.search(rf"https?://[^/\s]+({pattern}[^\s]*)", message.body)
    assert match, f"no link matching {pattern} in:\n{message.body}"
    return match.group(1)


def _signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def _sign_up(client, email="new.person@example.org", display_name="Alex in Riverside"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": display_name,
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
    )


def test_sign_up_verify_then_sign_in(client, settings):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    user = get_user_model().objects.get(email="new.person@example.org")
    assert user.display_name == "Alex in Riverside"
    assert not EmailAddress.objects.get(user=user).verified
    assert _signed_in_user_id(client) is None

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "City Goals" in mail.outbox[0].body  # the site's name, not its host name
    assert "testserver!" not in mail.outbox[0].body
    confirm_url = _link(mail.outbox[0], "/accounts/confirm-email/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"Confirm your email address" in page.content
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        "/accounts/login/",
        {"login": "new.person@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)


def test_sign_in_is_refused_before_verification(client, unverified_user, password):
    response = client.post(
        "/accounts/login/", {"login": unverified_user.email, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert _signed_in_user_id(client) is None
    # allauth sends the verification email again, so the person can finish.
    assert [m.to for m in mail.outbox] == [[unverified_user.email]]
    follow = client.get("/")
    assert not follow.wsgi_request.user.is_authenticated


def test_sign_in_with_a_wrong_password_shows_the_error_summary(client, resident):
    response = client.post("/accounts/login/", {"login": resident.email, "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "The email address or the password is not correct." in html
    assert _signed_in_user_id(client) is None


def test_sign_up_asks_for_a_display_name_and_refuses_an_email_address_as_one(client):
    response = _sign_up(client, display_name="")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_display_name"' in html  # the summary links to the field
    assert 'id="id_display_name_error"' in html

    response = _sign_up(client, display_name="me@example.org")
    assert "Do not use your email address as your display name" in response.content.decode()
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()


def test_password_reset_end_to_end(client, resident, password):
    response = client.post("/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0], "/accounts/password/reset/key/")

    # allauth swaps the key in the URL for a session-held one, then shows the form.
    response = client.get(reset_url)
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200
    assert b'name="password1"' in page.content

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"

    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert not resident.check_password(password)
    client.logout()
    client.post("/accounts/login/", {"login": resident.email, "password": NEW_PASSWORD})
    assert _signed_in_user_id(client) == str(resident.pk)


def test_password_reset_link_cannot_be_used_twice(client, resident):
    client.post("/accounts/password/reset/", {"email": resident.email})
    reset_url = _link(mail.outbox[0], "/accounts/password/reset/key/")
    form_url = client.get(reset_url)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    page = client.get(reset_url, follow=True)
    assert b"This link has expired" in page.content


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing_useful(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_change_email_address(client, resident):
    client.force_login(resident)
    page = client.get("/accounts/email/")
    assert page.status_code == 200
    assert b"Change your email address" in page.content

    response = client.post("/accounts/email/", {"action_add": "", "email": "moved@example.org"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["moved@example.org"]
    pending = client.get("/accounts/email/").content.decode()
    assert "moved@example.org" in pending
    assert "Waiting for you to verify it" in pending

    confirm_url = _link(mail.outbox[-1], "/accounts/confirm-email/")
    client.post(confirm_url)
    resident.refresh_from_db()
    assert resident.email == "moved@example.org"
    assert EmailAddress.objects.get(user=resident, primary=True).email == "moved@example.org"


def test_changing_to_an_address_someone_else_uses_does_not_reveal_it_is_taken(client, resident):
    """allauth prevents account enumeration: the answer looks like success, and the
    address is never attached to a second account."""
    other = VerifiedUserFactory(email="taken@example.org")
    client.force_login(resident)
    response = client.post("/accounts/email/", {"action_add": "", "email": other.email})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email != other.email
    assert not EmailAddress.objects.filter(user=resident, email=other.email, verified=True).exists()
    # Even the link sent to that address cannot take it over.
    for message in mail.outbox:
        if "/accounts/confirm-email/" in message.body:
            page = client.post(_link(message, "/accounts/confirm-email/"), follow=True)
            assert page.status_code == 200
    resident.refresh_from_db()
    assert resident.email != other.email
    assert EmailAddress.objects.get(email=other.email, verified=True).user == other
