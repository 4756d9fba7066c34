"""The survey results pages cost the same number of queries for 10 responses as for
1,000 (the figures are computed once per change of the responses and cached under
their stamp), whether the cache is warm or the figures were just made stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import SurveyResponse
from consultations.services import surveys
from tests.factories.surveys import make_survey_consultation
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def survey_with(n, convenor):
    page = make_survey_consultation(f"Survey of {n}", open_=False)
    version = surveys.current_version(page)
    now = timezone.now()
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            consultation=page,
            version=version,
            channel=("paper", "online")[i % 2],
            reference=f"{'S' if n < 100 else 'L'}{i:08d}",
            answers={"q-mode": ("Walk", "Bike")[i % 2], "q-rating": 1 + i % 5, "q-ideas": "x"},
            status="submitted",
            submitted_at=now,
        )
        for i in range(n)
    )
    surveys.publish_results(convenor, page)
    return page


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("where", ["public", "staff"])
def test_results_cost_the_same_queries_for_10_and_1000_responses(
    client, home_page, convenor, where
):
    counts = {}
    if where == "staff":
        sign_in_to_admin(client, convenor)
    for n in (10, 1000):
        page = survey_with(n, convenor)
        url = (
            reverse("consultations:survey_public_results", args=[page.pk])
            if where == "public"
            else reverse("consultations_admin:survey_results", args=[page.pk])
        )
        client.get(url)  # what any first request reads once (the site, its root paths)
        surveys.enter_response(
            convenor, page, answers={"q-mode": "Walk", "q-rating": 2}, channel="phone"
        )
        changed = queries(client, url)  # the stamp moved: one pass over the answers
        warm = queries(client, url)  # cached
        counts[n] = (changed, warm)
        assert warm <= changed and warm <= 25
    assert counts[10] == counts[1000]
