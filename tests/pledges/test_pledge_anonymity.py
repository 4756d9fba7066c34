"""An individual who chose not to be shown is named nowhere: pages, walls, the home page,
data files, or emails to other people. Organisations are always named."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pledges import services
from pledges.permissions import pledger_name
from tests.factories import ConditionalPledgeFactory, PledgeFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

SECRET = "Secret Sam Quill"
OPEN = "Open Olive Brand"


@pytest.fixture
def pledges(goal):
    hidden = PledgeFactory(
        goal=goal,
        author=VerifiedUserFactory(display_name=SECRET, email="sam@example.org"),
        show_name=False,
        text="I will cycle to work every day.",
    )
    shown = PledgeFactory(
        goal=goal,
        author=VerifiedUserFactory(display_name=OPEN, email="olive@example.org"),
        text="I will fix bikes for free on Saturdays.",
    )
    return hidden, shown


def _body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_pledger_name_rule(pledges, organisation, org_member):
    hidden, shown = pledges
    assert pledger_name(hidden) == "someone who chose not to be named"
    assert pledger_name(shown) == OPEN
    for_org = PledgeFactory(goal=hidden.goal, organisation=organisation, author=org_member)
    for_org.show_name = False
    assert pledger_name(for_org) == organisation.name


def test_anonymised_account_is_not_named(pledges):
    _hidden, shown = pledges
    shown.author.anonymised_at = timezone.now()
    shown.author.save()
    shown.refresh_from_db()
    assert pledger_name(shown) == "a former participant"


@pytest.mark.parametrize(
    "url_name", ["goal_wall", "goal_page", "detail", "index", "home", "csv", "json", "data"]
)
def test_hidden_name_appears_on_no_page_or_file(client, goal, pledges, url_name):
    hidden, _shown = pledges
    urls = {
        "goal_wall": reverse("pledges:goal", kwargs={"slug": goal.slug}),
        "goal_page": goal.url,
        "detail": hidden.get_absolute_url(),
        "index": reverse("pledges:index"),
        "home": "/",
        "csv": "/data/pledges.csv",
        "json": "/data/goals.json",
        "data": "/data/",
    }
    response = client.get(urls[url_name])
    assert response.status_code == 200
    body = _body(response)
    assert SECRET not in body
    assert "sam@example.org" not in body
    assert "olive@example.org" not in body
    if url_name in {"goal_wall", "goal_page", "index", "home", "csv", "json"}:
        assert "cycle to work" in body  # the pledge itself is there …
        assert OPEN in body  # … and people who chose to be named are named


def test_csv_columns_hold_no_personal_data(client, pledges):
    body = _body(client.get("/data/pledges.csv"))
    header, *rows = body.strip().splitlines()
    assert header.split(",")[:7] == [
        "id",
        "goal_id",
        "goal",
        "goal_url",
        "organisation",
        "organisation_kind",
        "pledger",
    ]
    assert "email" not in header and "author" not in header
    assert len(rows) == 2


def test_goals_json_pledges(client, goal, pledges):
    data = json.loads(_body(client.get("/data/goals.json")))
    listed = {p["text"]: p for g in data["goals"] for p in g["pledges"]}
    hidden = listed["I will cycle to work every day."]
    assert hidden["pledger"] is None  # JSON says "no name" as null (the CSV leaves it blank)
    assert hidden["status"] == "active"
    assert {"organisation", "due_date", "joins", "updates"} <= set(hidden)
    assert listed["I will fix bikes for free on Saturdays."]["pledger"] == OPEN


def test_my_pledges_of_someone_else_never_shows_the_hidden_name(client, goal, pledges):
    hidden, _shown = pledges
    viewer = VerifiedUserFactory()
    client.force_login(viewer)
    body = client.get(hidden.get_absolute_url()).content.decode()
    assert SECRET not in body
    assert "someone who chose not to be named" in body


def test_emails_to_joiners_do_not_name_a_hidden_pledger(goal, django_capture_on_commit_callbacks):
    pledge = ConditionalPledgeFactory(
        goal=goal,
        author=VerifiedUserFactory(display_name=SECRET),
        show_name=False,
        threshold=1,
    )
    joiner = VerifiedUserFactory(display_name="Jo Joiner")
    with django_capture_on_commit_callbacks(execute=True):
        services.join_pledge(joiner, pledge.pk)
    to_joiner = [m for m in mail.outbox if m.to == [joiner.email]]
    assert len(to_joiner) == 1
    assert SECRET not in to_joiner[0].body
    assert "someone who chose not to be named" in to_joiner[0].body
    # The pledger's own email may greet them by name; it goes only to them.
    to_pledger = [m for m in mail.outbox if m.to == [pledge.author.email]]
    assert len(to_pledger) == 1
