"""Every rate limit answers 429 (our page, with Retry-After) after its threshold and lets
people through again once its window has passed."""

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.abuse import LIMITS, rate_limit
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

START = "2026-03-02 09:00:00+00:00"


def assert_429(response):
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many attempts" in body
    assert "Please try again in" in body and "minute" in body
    assert int(response["Retry-After"]) > 0


# allauth's own limits (ACCOUNT_RATE_LIMITS) ---------------------------------------------


def test_login_is_limited_per_address(client):
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(30):
            response = client.post(
                reverse("account_login"), {"login": f"x{n}@example.org", "password": "nope"}
            )
            assert response.status_code == 200
        assert_429(
            client.post(reverse("account_login"), {"login": "y@example.org", "password": "no"})
        )
        traveller.shift(61)
        response = client.post(
            reverse("account_login"), {"login": "y@example.org", "password": "nope"}
        )
        assert response.status_code == 200


def test_failed_logins_for_one_account_are_limited(client, resident):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            client.post(reverse("account_login"), {"login": resident.email, "password": "no"})
        response = client.post(
            reverse("account_login"), {"login": resident.email, "password": "no"}
        )
        assert "Too many failed" in response.content.decode()
        traveller.shift(5 * 60 + 1)
        response = client.post(
            reverse("account_login"), {"login": resident.email, "password": "no"}
        )
        assert "Too many failed" not in response.content.decode()


def signup_data(n):
    return {
        "email": f"new{n}@example.org",
        "display_name": f"New {n}",
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
    }


def test_sign_up_is_limited_per_address(client):
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(10):
            client.logout()
            response = client.post(reverse("account_signup"), signup_data(n))
            assert response.status_code in (200, 302), response.status_code
        client.logout()
        response = client.post(reverse("account_signup"), signup_data(99))
        assert_429(response)
        assert 0 < int(response["Retry-After"]) <= 3600
        traveller.shift(3601)
        response = client.post(reverse("account_signup"), signup_data(100))
        assert response.status_code in (200, 302)


def test_password_reset_is_limited_per_address(client):
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(5):
            response = client.post(
                reverse("account_reset_password"), {"email": f"someone{n}@example.org"}
            )
            assert response.status_code == 302
        assert_429(client.post(reverse("account_reset_password"), {"email": "late@example.org"}))
        traveller.shift(3601)
        response = client.post(reverse("account_reset_password"), {"email": "late@example.org"})
        assert response.status_code == 302


def test_password_reset_is_limited_per_email_address(client, resident):
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            response = client.post(reverse("account_reset_password"), {"email": resident.email})
            assert response.status_code == 302
        response = client.post(reverse("account_reset_password"), {"email": resident.email})
        assert_429(response)


def test_password_change_is_limited_per_person(client, resident):
    client.force_login(resident)
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            data = {"oldpassword": "wrong", "password1": "x", "password2": "x"}
            assert client.post(reverse("account_change_password"), data).status_code == 200
        assert_429(client.post(reverse("account_change_password"), data))
        traveller.shift(61)
        assert client.post(reverse("account_change_password"), data).status_code == 200


# The project's own limits (core.abuse.rate_limit) ----------------------------------


def test_the_decorator_counts_per_person_and_lets_through_after_its_window(rf=None):
    rf = RequestFactory()

    @rate_limit("test-scope", 3, 600)
    def view(request):
        return HttpResponse("ok")

    alice, bob = VerifiedUserFactory(), VerifiedUserFactory()

    def post(user):
        request = rf.post("/x")
        request.user = user
        request.session = {}
        return view(request)

    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(3):
            assert post(alice).status_code == 200
        refused = post(alice)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == 600
        assert post(bob).status_code == 200  # someone else is not held back
        traveller.shift(600)
        assert post(alice).status_code == 200


def test_get_requests_are_not_counted(client, resident):
    client.force_login(resident)
    with time_machine.travel(START, tick=False):
        for _ in range(LIMITS["account_delete"][1] + 2):
            assert client.get(reverse("accounts:delete")).status_code == 200


def test_account_deletion_attempts_are_limited(client, resident):
    """Guessing the password through the delete form is as limited as the login."""
    _scope, limit, period = LIMITS["account_delete"]
    client.force_login(resident)
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(limit):
            response = client.post(reverse("accounts:delete"), {"password": "guess"})
            assert response.status_code == 200
        assert_429(client.post(reverse("accounts:delete"), {"password": "guess"}))
        traveller.shift(period)
        assert client.post(reverse("accounts:delete"), {"password": "guess"}).status_code == 200


# Every view the project limits, found from the URLs ------------------------------------

# Views that create content, each of which must be rate limited.
MUST_BE_LIMITED = {
    "consultations:propose",
    "consultations:comment",
    "consultations:report_proposal",
    "consultations:report_comment",
    "pledges:new",
    "pledges:update",
    "organisations:join",
    "accounts:delete",
}


def limited_urls():
    from tests.security.urlwalk import project_urls

    return [url for url in project_urls() if hasattr(url.callback, "rate_limit")]


def test_every_content_creating_view_is_rate_limited():
    limited = {url.name for url in limited_urls()}
    missing = sorted(name for name in MUST_BE_LIMITED if name not in limited)
    assert missing == [], f"not rate limited: {missing}"


@pytest.mark.parametrize("url", limited_urls(), ids=str)
def test_each_project_limit_answers_429_after_its_threshold_and_not_after_its_window(
    client, superuser, url
):
    from tests.security.urlwalk import sample_path

    rule = url.callback.rate_limit
    path = sample_path(url)
    client.force_login(superuser)
    send = client.get if "GET" in rule["methods"] else client.post
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(rule["limit"]):
            response = send(path)
            assert response.status_code != 429, f"{url} refused attempt {n + 1}"
        assert_429(send(path))
        traveller.shift(rule["period"])
        assert send(path).status_code != 429


def test_email_address_management_is_limited_per_person(client, resident):
    client.force_login(resident)
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(10):
            response = client.post(reverse("account_email"), {"action_add": "", "email": "x"})
            assert response.status_code != 429
        assert_429(client.post(reverse("account_email"), {"action_add": "", "email": "x"}))
        traveller.shift(61)
        response = client.post(reverse("account_email"), {"action_add": "", "email": "x"})
        assert response.status_code != 429
