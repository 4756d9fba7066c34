"""Survey results in the API: published results only, aggregated, options chosen by
fewer than 5 people suppressed as on the public results page, never free text, a
response or an equality answer; the same figures as survey-results.csv and the
database."""

import json

import pytest
from django.urls import reverse

from consultations.models import ConsultationPage, SurveyResponse
from consultations.services import surveys
from tests.factories import VerifiedUserFactory
from tests.factories.surveys import make_survey_consultation
from tests.opendata.conftest import SECRET
from tests.opendata.test_api import read_csv, walk_list

pytestmark = pytest.mark.django_db

URL = "/api/v1/survey-results/"


def question(record, question_id):
    return next(q for q in record["questions"] if q["question_id"] == question_id)


def test_only_published_results_are_served(client, api_world):
    rows = walk_list(client, URL)
    assert [row["id"] for row in rows] == [api_world.survey.pk]
    unpublished = ConsultationPage.objects.get(title__startswith="Unpublished survey")
    assert client.get(f"{URL}{unpublished.pk}/").status_code == 404
    open_survey = make_survey_consultation("Open survey")  # open: never published
    assert client.get(f"{URL}{open_survey.pk}/").status_code == 404
    surveys.unpublish_results(VerifiedUserFactory(is_superuser=True), api_world.survey)
    assert walk_list(client, URL) == []
    assert client.get(f"{URL}{api_world.survey.pk}/").status_code == 404


def test_aggregates_only_small_numbers_suppressed_and_nothing_personal(client, api_world):
    response = client.get(f"{URL}{api_world.survey.pk}/")
    text = response.content.decode()
    record = response.json()
    assert record["responses"] == 7
    mode = question(record, "q-mode")
    options = {o["option"]: o for o in mode["options"]}
    assert options["Walk"] == {
        "option": "Walk",
        "count": 6,
        "suppressed": False,
        "percent_of_answers": 85.7,
    }
    assert options["Bus"] == {
        "option": "Bus",
        "count": None,
        "suppressed": True,
        "percent_of_answers": None,
    }
    # Free text, references, respondents and equality answers are never in it.
    assert {q["question_type"] for q in record["questions"]} <= {
        "single_choice",
        "multiple_choice",
        "scale",
        "ranking",
    }
    assert SECRET not in text and "Free text" not in text and "Route" not in text
    for word in ("75+", "75 or over", "age_band", "equality", "reference", "respondent", "@"):
        assert word not in text
    for reference in SurveyResponse.objects.values_list("reference", flat=True):
        assert reference not in text
    # The public results page shows the same: "fewer than 5", never the bus's 1.
    page = client.get(reverse("consultations:survey_public_results", args=[record["id"]]))
    assert "fewer than 5" in page.content.decode() and "1 (14.3%)" not in page.content.decode()


def test_counts_equal_the_file_and_the_database(client, api_world):
    record = client.get(f"{URL}{api_world.survey.pk}/").json()
    in_api = {
        (q["question_id"], o["option"]): o["count"]
        for q in record["questions"]
        for o in q["options"]
    }
    in_file = {
        (row["question_id"], row["option"]): int(row["count"]) if row["count"] else None
        for row in read_csv(client, "survey_results_csv")
    }
    assert in_api == in_file
    walked = SurveyResponse.objects.filter(
        consultation=api_world.survey, status=SurveyResponse.Status.SUBMITTED
    )
    assert in_api[("q-mode", "Walk")] == walked.filter(answers__contains={"q-mode": "Walk"}).count()
    assert record["responses"] == walked.count()
    assert walk_list(client, URL)[0] == record  # the list's row is the detail


def test_a_response_entered_after_publishing_changes_the_answer_and_its_etag(client, api_world):
    first = client.get(f"{URL}{api_world.survey.pk}/")
    convenor = VerifiedUserFactory(is_superuser=True)
    surveys.enter_response(
        convenor,
        api_world.survey,
        answers={"q-mode": "Bike", "q-rating": 5},
        channel="paper",
    )
    again = client.get(f"{URL}{api_world.survey.pk}/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert json.loads(again.content)["responses"] == 8
