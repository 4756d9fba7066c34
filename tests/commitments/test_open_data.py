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
    assert joint["organisations"] == ["Lowbridge Cycle Hub", "Lowbridge Council"]
    assert "Pat Partner" not in json.dumps(data)


def test_the_data_index_lists_commitments(client, home_page):
    assert "commitments.csv" in client.get(reverse("data:index")).content.decode()
