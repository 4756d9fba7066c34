"""The API at /api/v1/: the same rows and fields as the public pages and the files,
nothing private anywhere, validated queries, keyset pages, 304s, CORS and its limit."""

import csv
import io
import json

import pytest
from django.urls import reverse

from commitments.models import Commitment
from consultations.models import Proposal
from opendata import public
from opendata.api.resources import RESOURCES
from organisations.models import Organisation
from places.models import Area
from tests.factories.commitments import make_commitment
from tests.factories.consultations import ProposalFactory
from tests.factories.places import AreaFactory
from tests.opendata.conftest import SECRET

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def get(client, path, **headers):
    return client.get(path, headers=headers)


def walk_list(client, path):
    """Every row of a list, page by page through the ``next`` cursors."""
    rows, url = [], path
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        data = response.json()
        rows += data["results"]
        url = data["next"]
    return rows


def every_answer(client):
    """The text of every list page and every detail the API serves, by resource."""
    texts, rows_by = [], {}
    for prefix, _viewset, _basename in RESOURCES:
        rows = walk_list(client, f"{API}{prefix}/?page_size=2")
        rows_by[prefix] = rows
        texts.append(json.dumps(rows))
        for row in rows:
            response = client.get(f"{API}{prefix}/{row['id']}/")
            assert response.status_code == 200
            texts.append(response.content.decode())
    return "\n".join(texts), rows_by


def read_csv(client, name):
    response = client.get(reverse(f"data:{name}"))
    text = b"".join(response.streaming_content).decode() if response.streaming else ""
    return list(csv.DictReader(io.StringIO(text or response.content.decode())))


def test_nothing_private_appears_in_any_endpoint(client, api_world):
    text, rows = every_answer(client)
    assert SECRET not in text
    for email in api_world.emails:
        assert email not in text
    assert "@" not in text
    assert "a former participant" in text  # the deleted account's pledge stays, unnamed
    assert [p["id"] for p in rows["proposals"]] == [api_world.visible.pk]
    assert {p["status"] for p in rows["proposals"]} == {"open"}
    # Hidden, pending, rejected and withdrawn proposals and draft goals are not found.
    others = Proposal.objects.exclude(pk=api_world.visible.pk)
    assert others.count() == 5
    for proposal in others:
        assert client.get(f"{API}proposals/{proposal.pk}/").status_code == 404


def test_every_resource_has_rows_in_the_world(client, api_world):
    _text, rows = every_answer(client)
    assert all(rows[prefix] for prefix, _v, _b in RESOURCES), {k: len(v) for k, v in rows.items()}


def test_counts_equal_the_files_and_the_database(client, api_world):
    _text, rows = every_answer(client)
    in_play = [
        row
        for row in read_csv(client, "proposals_csv")
        if row["moderation_state"] == "published" and row["withdrawn"] == "no"
    ]
    assert len(rows["proposals"]) == len(in_play) == public.proposals().count() == 1
    assert rows["proposals"][0]["support_count"] == int(in_play[0]["supports"]) == 3
    assert rows["proposals"][0]["comment_count"] == int(in_play[0]["comments"]) == 1
    goals_json = json.loads(b"".join(client.get("/data/goals.json").streaming_content))
    assert len(rows["goals"]) == len(goals_json["goals"]) == len(read_csv(client, "goals_csv"))
    assert len(rows["pledges"]) == len(read_csv(client, "pledges_csv")) == 3
    # A goal's detail is its goals.json entry, field for field (one record, one serialiser),
    # its commitments included.
    detail = client.get(f"{API}goals/{api_world.goal.pk}/").json()
    in_file = goals_json["goals"][0]
    assert detail == in_file
    assert len(rows["comments"]) == 1


def test_an_organisation_lists_the_codes_of_the_areas_it_is_based_in(client, api_world):
    rows = {row["slug"]: row for row in walk_list(client, f"{API}organisations/")}
    assert rows["wyre-rivers"]["areas"] == ["E05009001"]
    assert rows["lowbridge-city-council"]["areas"] == []  # the whole place's
    detail = client.get(f"{API}organisations/{rows['wyre-rivers']['id']}/").json()
    assert detail == rows["wyre-rivers"]  # one record for the list and the detail


def test_proposals_sort_by_support_through_cursors(client, api_world):
    consultation = api_world.consultation
    for supports in (5, 5, 1, 9, 5, 0, 9):
        proposal = ProposalFactory(consultation=consultation)
        Proposal.objects.filter(pk=proposal.pk).update(support_count=supports)
    expected = list(
        public.proposals()
        .filter(consultation=consultation)
        .order_by("-support_count", "-id")
        .values_list("id", flat=True)
    )
    got = walk_list(
        client, f"{API}proposals/?consultation={consultation.pk}&sort=support&page_size=2"
    )
    assert [row["id"] for row in got] == expected
    assert len(expected) == 8
    newest = walk_list(client, f"{API}proposals/?page_size=3&sort=newest")
    assert [row["id"] for row in newest] == sorted(expected, reverse=True)


def test_proposal_filters(client, api_world):
    def ids(query):
        return [row["id"] for row in client.get(f"{API}proposals/?{query}").json()["results"]]

    visible = api_world.visible.pk
    assert ids(f"consultation={api_world.consultation.pk}") == [visible]
    assert ids(f"goal={api_world.goal.pk}") == [visible]
    assert ids("organisation=wyre-rivers") == [visible]
    assert ids("status=open") == [visible]
    assert ids("status=adopted") == []
    assert ids(f"consultation={api_world.consultation.pk + 1000}") == []


def test_commitments_filter_by_area_code_or_slug(client, api_world):
    def titles(query):
        return sorted(row["title"] for row in walk_list(client, f"{API}commitments/?{query}"))

    meadows = Area.objects.get(code="E05009001")
    weir = AreaFactory(code="E05009002", name="Weir End", slug="weir-end")
    rivers = Organisation.objects.get(slug="wyre-rivers")
    make_commitment(api_world.goal, rivers, title="We will plant reeds").areas.add(meadows)
    make_commitment(api_world.goal, rivers, title="We will open the weir path").areas.add(
        meadows, weir
    )
    assert Commitment.objects.count() == 3  # and the fixture's, for the whole place
    both = ["We will open the weir path", "We will plant reeds"]
    assert titles("area=E05009001") == both
    assert titles("area=wyre-meadows") == both
    assert titles("area=weir-end&page_size=1") == ["We will open the weir path"]
    assert titles("area=wyre-meadows&page_size=1") == both  # once each, page by page
    assert titles("area=E05000000") == []  # no such area: nothing
    assert len(titles("")) == 3
    assert client.get(f"{API}commitments/?area=not%20a%20code").status_code == 400

    schema = client.get("/api/v1/schema/?format=json")
    operation = schema.json()["paths"]["/api/v1/commitments/"]["get"]
    area = next(p for p in operation["parameters"] if p["name"] == "area")
    assert area["in"] == "query" and "code or slug" in area["description"]


def test_indicator_figures_by_date_range(client, api_world):
    path = f"{API}indicators/{api_world.indicator.pk}/"
    assert [v["date"] for v in client.get(path).json()["values"]] == ["2023-03-31", "2024-03-31"]
    only = client.get(path, {"from": "2024-01-01", "to": "2024-12-31"}).json()["values"]
    assert only == [{"date": "2024-03-31", "value": "52.000", "provisional": False, "note": ""}]
    assert client.get(path, {"from": "2025-01-01", "to": "2024-01-01"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "consultation=%00",
        "consultation=%C2%B2",  # ²: a digit to Unicode, not an id
        "consultation=%D9%A3",  # Arabic-Indic three
        "consultation=99999999999999999999999999",
        "consultation=-1",
        "consultation=1.5",
        "goal=abc",
        "organisation=a%00b",
        "organisation=not%20a%20slug",
        "status=nope",
        "sort=random",
        "page_size=0",
        "page_size=101",
        "page_size=%C2%B2",
        "cursor=not-a-cursor",
        "cursor=WyJ4Il0%3D",  # a list of the wrong length and type
    ],
)
def test_bad_query_values_are_a_400_in_json(client, api_world, query):
    response = client.get(f"{API}proposals/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["detail"]
    assert body["errors"] and all(isinstance(m, list) for m in body["errors"].values())


def test_a_repeated_request_with_the_etag_gets_a_304(client, api_world):
    path = f"{API}proposals/{api_world.visible.pk}/"
    first = client.get(path)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = get(client, path, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = get(client, path, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304
    # A change to the record makes the old copy stale.
    ProposalFactory(consultation=api_world.consultation).save()
    changed = get(client, path, if_none_match=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_get_from_another_origin_is_allowed_and_sets_no_cookie(client, api_world):
    response = get(client, f"{API}goals/", origin="https://dashboard.example.net")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    preflight = client.options(
        f"{API}goals/",
        headers={"origin": "https://x.example", "access-control-request-method": "GET"},
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    # The rest of the site is not opened up.
    page = get(client, "/organisations/", origin="https://dashboard.example.net")
    assert "Access-Control-Allow-Origin" not in page


def test_too_many_requests_is_a_429_in_json(client, api_world, settings):
    settings.API_RATE_LIMIT = (3, 60)
    for _ in range(3):
        assert client.get(f"{API}goals/").status_code == 200
    response = client.get(f"{API}organisations/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert body["status"] == 429 and "try again" in body["detail"]


def test_only_json_is_served(client, api_world):
    response = get(client, f"{API}goals/", accept="text/html")
    assert response.status_code == 406
    assert response.json()["status"] == 406
    assert get(client, f"{API}goals/", accept="application/json").status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/nothing/", "/api/v2/goals/", "/api/v1/goals/x/"]
)
def test_unknown_api_addresses_are_a_404_in_json(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 404


def test_writes_are_refused(client, api_world):
    response = client.post(f"{API}proposals/", {"title": "x"})
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_the_schema_names_the_licence_and_the_docs_are_self_hosted(client, db, settings):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["info"]["license"] == {
        "name": settings.OPEN_DATA_LICENCE_NAME,
        "url": settings.OPEN_DATA_LICENCE_URL,
    }
    assert {path.split("/")[3] for path in schema["paths"]} == {p for p, _v, _b in RESOURCES}
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    assert "/api/v1/docs/" in client.get("/data/").content.decode()
