"""``commitments.csv`` and the commitments in ``goals.json``: they match the database and
name organisations only, never a person."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import Commitment
from tests.factories.commitments import make_commitment

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def ledger_world(goal, organisation, org_admin, partner_org, partner_admin, adopted_proposal):
    joint = services.make_commitment(
        org_admin,
        goal=goal,
        lead_organisation=organisation,
        partners=[partner_org],
        title="=HYPERLINK(evil) workshops",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        proposals=[adopted_proposal],
    )
    services.post_update(
        org_admin, joint.pk, text="First workshop held.", evidence_urls=["https://example.org"]
    )
    late = make_commitment(
        goal, partner_org, title="Late one", due_date=timezone.localdate() - datetime.timedelta(1)
    )
    return {"joint": joint, "late": late, "people": [org_admin, partner_admin]}


def test_commitments_csv_matches_the_database(client, ledger_world):
    rows = list(csv.DictReader(io.StringIO(_body(client.get(reverse("data:commitments_csv"))))))
    assert [int(row["id"]) for row in rows] == list(
        Commitment.objects.order_by("pk").values_list("pk", flat=True)
    )
    joint = next(row for row in rows if int(row["id"]) == ledger_world["joint"].pk)
    assert joint["title"].startswith("'=")  # a formula is defused
    assert joint["organisations"] == "Lowbridge Cycle Hub; Lowbridge Council"
    assert joint["awaiting_acceptance"] == "Lowbridge Council"
    assert joint["joint"] == "false"
    assert joint["source"] == "proposals"
    assert joint["updates"] == "1"
    assert joint["proposal_ids"] == str(ledger_world["joint"].proposals.get().pk)
    late = next(row for row in rows if int(row["id"]) == ledger_world["late"].pk)
    assert late["overdue"] == "true" and late["status"] == "planned"


def test_commitments_csv_names_no_person(client, ledger_world):
    text = _body(client.get(reverse("data:commitments_csv")))
    for person in ledger_world["people"]:
        assert person.display_name not in text
        assert person.email not in text


def test_goals_json_carries_its_commitments(client, ledger_world, goal):
    data = json.loads(_body(client.get(reverse("data:goals_json"))))
    entry = next(g for g in data["goals"] if g["id"] == goal.pk)
    assert sorted(c["id"] for c in entry["commitments"]) == sorted(
        [ledger_world["joint"].pk, ledger_world["late"].pk]
    )
    joint = next(c for c in entry["commitments"] if c["id"] == ledger_world["joint"].pk)
    assert [o["name"] for o in joint["organisations"]] == [
        "Lowbridge Cycle Hub",
        "Lowbridge Council",
    ]
    assert [o["accepted"] for o in joint["organisations"]] == [True, False]
    assert joint["joint"] is False
    assert "Pat Partner" not in json.dumps(data)


def test_the_data_index_lists_commitments(client, home_page):
    assert "commitments.csv" in client.get(reverse("data:index")).content.decode()


def test_the_api_serves_commitments_filtered_by_organisation(client, ledger_world, partner_org):
    response = client.get("/api/v1/commitments/", {"organisation": partner_org.slug})
    assert response.status_code == 200
    ids = sorted(row["id"] for row in response.json()["results"])
    assert ids == sorted([ledger_world["joint"].pk, ledger_world["late"].pk])
    detail = client.get(f"/api/v1/commitments/{ledger_world['late'].pk}/").json()
    assert detail["overdue"] is True and detail["organisations"][0]["name"] == partner_org.name
    assert "Pat Partner" not in response.content.decode()


def _api_rows(client):
    rows, url = [], "/api/v1/commitments/"
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


def test_the_file_the_api_and_the_database_agree(client, ledger_world, organisation):
    """One record (``opendata.public.COMMITMENT``) for both: the same commitments, the
    same values, and none towards a goal that is not public."""
    from tests.factories.pledges import make_goal

    draft_goal = make_goal("Not yet agreed", live=False)
    hidden = make_commitment(draft_goal, organisation, title="Towards an unpublished goal")
    rows = list(csv.DictReader(io.StringIO(_body(client.get(reverse("data:commitments_csv"))))))
    api = {row["id"]: row for row in _api_rows(client)}
    public_ids = set(Commitment.objects.visible_to(None).values_list("pk", flat=True))
    assert hidden.pk not in public_ids
    assert {int(row["id"]) for row in rows} == set(api) == public_ids
    assert len(rows) == len(api) == Commitment.objects.count() - 1
    for row in rows:
        same = api[int(row["id"])]
        assert row["lead_organisation"] == same["lead_organisation"]
        assert row["status"] == same["status"] and row["source"] == same["source"]
        assert row["updates"] == str(same["updates"])
        assert row["overdue"] == str(same["overdue"]).lower()
        assert row["awaiting_acceptance"] == "; ".join(same["awaiting_acceptance"])


def test_neither_the_file_nor_the_api_names_a_person(client, ledger_world, adopted_proposal):
    people = [*ledger_world["people"], adopted_proposal.author]
    texts = [
        _body(client.get(reverse("data:commitments_csv"))),
        client.get("/api/v1/commitments/").content.decode(),
        client.get(f"/api/v1/commitments/{ledger_world['joint'].pk}/").content.decode(),
    ]
    for text in texts:
        for person in people:
            assert person.email not in text
            assert person.display_name not in text
        assert "created_by" not in text and "accepted_by" not in text
