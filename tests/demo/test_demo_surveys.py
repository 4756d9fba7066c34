"""The surveys demo: a closed survey with 420 responses and published results, an open
one with every question type; running it twice changes nothing."""

import io

import pytest
from django.urls import reverse

from consultations.models import (
    ApprovedAnswer,
    EqualityRecord,
    SurveyResponse,
    SurveyResultsPublication,
    SurveyTheme,
    SurveyVersion,
    ThemeTag,
)
from demo import surveys as demo
from tests.factories.consultations import consultation_index

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            SurveyResponse,
            EqualityRecord,
            SurveyTheme,
            ThemeTag,
            ApprovedAnswer,
            SurveyResultsPublication,
            SurveyVersion,
        )
    }


def test_surveys_demo_is_complete_and_idempotent(home_page, client):
    consultation_index()
    demo.seed(io.StringIO())
    first = counts()
    assert first["SurveyResponse"] == demo.RESPONSES >= 400
    channels = set(SurveyResponse.objects.values_list("channel", flat=True))
    assert {"online", "paper", "workshop", "phone"} <= channels
    assert 100 < first["EqualityRecord"] < demo.RESPONSES
    assert first["ThemeTag"] > 0 and first["ApprovedAnswer"] == 3
    closed = SurveyResultsPublication.objects.get().consultation
    assert closed.slug == demo.CLOSED_SLUG
    html = client.get(reverse("consultations:survey_public_results", args=[closed.pk]))
    assert html.status_code == 200 and "<svg" in html.content.decode()
    open_page = type(closed).objects.get(slug=demo.OPEN_SLUG)
    types = {q["type"] for q in SurveyVersion.objects.get(consultation=open_page).questions()}
    assert types == {
        "short_text", "long_text", "single_choice", "multiple_choice", "scale", "ranking",
        "number", "date",
    }  # fmt: skip
    assert "Answer the survey" in client.get(open_page.url).content.decode()
    demo.seed(io.StringIO())
    assert counts() == first
