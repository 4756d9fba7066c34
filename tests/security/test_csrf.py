"""Every POST without a CSRF token is refused, on every URL (third-party ones included)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.urlwalk import every_url, sample_path

pytestmark = pytest.mark.django_db

# Endpoints that must accept token-less POSTs, each with the reason. Keep this empty
# unless there is a good reason (e.g. a webhook authenticated some other way).
CSRF_EXEMPT = {
    "consultations:unsubscribe": "RFC 8058 one-click unsubscribe: the signed token in the "
    "URL is the credential, and mail clients POST without a CSRF token",
    "accounts:digest_unsubscribe": "RFC 8058 one-click unsubscribe from the digest, as above",
    "commitments:unsubscribe": "the digest's unsubscribe at its first address, for links "
    "in digests already sent",
}


def test_an_exempt_endpoint_still_refuses_a_forged_token(client, db):
    """The unsubscribe endpoint takes no CSRF token, so its signed token must hold."""
    response = Client(enforce_csrf_checks=True).post(
        reverse("consultations:unsubscribe", args=["forged"])
    )
    assert response.status_code == 400


def post_paths():
    paths = {"/", "/some-page/"}  # Wagtail pages (forms in page content POST to them)
    for url in every_url():
        path = sample_path(url)
        if path is not None and url.name not in CSRF_EXEMPT:
            paths.add(path)
    return sorted(paths)


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_every_post_without_a_csrf_token_is_refused(who, resident, home_page):
    client = Client(enforce_csrf_checks=True)
    if who == "resident":
        client.force_login(resident)
    accepted = []
    for path in post_paths():
        response = client.post(path, {"title": "x", "body": "x", "password": "x"})
        # 403: refused by the CSRF check. 404/405: nothing there takes a POST at all.
        if response.status_code not in (403, 404, 405):
            accepted.append((path, response.status_code))
    assert accepted == []
    assert len(post_paths()) > 100  # the walk really did find the URL configuration
