"""The 403, CSRF-failure and 429 pages (#13): each says what happened in words, and a
form refused before it could be read shows back what the person wrote (read-only, to
copy: never sent again), never a password."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from consultations.models import Comment, Proposal
from core import abuse
from tests.factories import ProposalFactory, make_consultation

pytestmark = pytest.mark.django_db

WRITTEN = "Mill Lane needs a zebra crossing by the school gates."


def test_an_expired_form_explains_offers_the_way_back_and_keeps_the_text(home_page, resident):
    proposal = ProposalFactory(consultation=make_consultation())
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(
        reverse("consultations:comment", args=[proposal.pk]),
        {"body": WRITTEN, "csrfmiddlewaretoken": "expired"},
        HTTP_REFERER=f"http://testserver{proposal.get_absolute_url()}",
    )
    assert response.status_code == 403
    assert next(t.name for t in response.templates) == "403_csrf.html"
    html = response.content.decode()
    assert "The form had expired" in html
    assert f'href="{proposal.get_absolute_url()}"' in html  # back to the form
    assert f'readonly dir="auto">{WRITTEN}</textarea>' in html
    assert "expired</textarea>" not in html  # the token is not echoed
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # nothing to resend
    assert not Comment.objects.exists()


def test_an_expired_sign_in_never_echoes_the_password(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"),
        {"login": "sam@example.com", "password": "correct horse battery"},
        HTTP_REFERER="https://elsewhere.example/phish",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "correct horse battery" not in html
    assert "elsewhere.example" not in html  # "go back" only to this site


def test_the_403_page_is_designed_and_offers_sign_in_to_visitors(client, organisation, resident):
    url = reverse("organisations:members", args=[organisation.slug])
    client.force_login(resident)
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    assert "not allowed to see this page" in html
    client.logout()
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_a_rate_limited_proposal_shows_what_was_written_again(client, resident, home_page):
    consultation = make_consultation()
    request = RequestFactory().post("/")
    request.user = resident
    for _attempt in range(10):  # the person's ten proposals this hour, used up
        assert abuse.hit(request, "proposal", 10, 3600) is None
    client.force_login(resident)
    response = client.post(
        reverse("consultations:propose", args=[consultation.pk]),
        {"title": "A crossing on Mill Lane", "body": WRITTEN},
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please try again in 60 minutes" in html
    assert "Nothing you sent was saved" not in html
    assert f">{WRITTEN}</textarea>" in html
    assert ">A crossing on Mill Lane</textarea>" in html
    assert not Proposal.objects.exists()


def test_a_rate_limited_page_with_nothing_written_says_nothing_was_done(client, resident):
    request = RequestFactory().get("/")
    request.user = resident
    response = abuse.too_many_requests(request, 30)
    assert response.status_code == 429
    assert "Nothing was done this time." in response.content.decode()


def test_a_rate_limited_pledge_form_is_shown_again_with_the_text_and_an_error(
    client, resident, home_page
):
    """The pledge form opts in (``keep_form``): over the limit, the form comes back with
    what was written and the error in its summary, answered 429, and nothing is saved."""
    from pledges.models import Pledge
    from tests.factories.pledges import make_goal

    goal = make_goal()
    request = RequestFactory().post("/")
    request.user = resident
    for _attempt in range(10):
        assert abuse.hit(request, "pledge-make", 10, 3600) is None
    client.force_login(resident)
    response = client.post(
        reverse("pledges:new", kwargs={"slug": goal.slug}),
        {"text": "I will plant ten trees on Mill Lane.", "show_name": "yes"},
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many attempts. Please try again in 60 minutes" in html
    assert "I will plant ten trees on Mill Lane.</textarea>" in html
    assert 'name="text"' in html  # the form itself, ready to send later
    assert not Pledge.objects.exists()
