"""Query budgets of the API: each list page (100 rows) and each detail costs the same
number of queries with 1 row as with 100 (no query per row), and the benchmark's API
rows build URLs that answer."""

from datetime import date

import pytest

from bench.pages import api_deep_cursor, api_proposals_url
from consultations.models import Proposal
from consultations.services import surveys
from tests.factories import VerifiedUserFactory
from tests.factories.consultations import CommentFactory, ProposalFactory, make_consultation
from tests.factories.goals import (
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    ThemeFactory,
    create_goal,
)
from tests.factories.places import make_grid
from tests.factories.pledges import PledgeFactory
from tests.factories.surveys import make_survey_consultation

pytestmark = pytest.mark.django_db

# Queries for a list page of up to 100 rows, and for one row's detail.
BUDGETS = {
    # the page of organisations and the codes of the areas they are based in
    "organisations": (3, 3),
    # a goal's detail: its co-owners, ambitions, indicators, figures, pledges and
    # commitments, one query each, plus the public-page checks
    "goals": (6, 11),
    "indicators": (4, 5),
    "consultations": (5, 5),
    "proposals": (3, 3),
    "comments": (4, 4),
    "pledges": (3, 3),
    # the published surveys (their phases), the page of them, their results' stamps
    # (one aggregate) and one cache read for them all
    "survey-results": (6, 6),
}


def build(prefix, n):
    """``n`` rows of the resource (and what they need)."""
    theme = ThemeFactory(name="Budget theme")
    council = OrganisationFactory(name="Budget council")
    goal = create_goal("Budget goal", theme=theme, convened_by=council, co_owners=[council])
    if prefix == "organisations":
        wards = make_grid(2)
        council.areas.add(*wards)
        for organisation in OrganisationFactory.create_batch(n - 1):
            organisation.areas.add(wards[0])
    elif prefix == "goals":
        for i in range(n - 1):
            other = create_goal(f"Goal {i}", theme=theme, convened_by=council, co_owners=[council])
            IndicatorValueFactory(indicator=IndicatorFactory(goal=other))
            PledgeFactory(goal=other)
    elif prefix == "indicators":
        for _ in range(n):
            indicator = IndicatorFactory(goal=goal)
            for year in (2023, 2024):
                IndicatorValueFactory(indicator=indicator, date=date(year, 3, 31))
    elif prefix == "consultations":
        for i in range(n):
            make_consultation(f"Consultation {i}").goals.add(goal)
    elif prefix in ("proposals", "comments"):
        consultation = make_consultation()
        proposal = ProposalFactory(consultation=consultation, organisation=council)
        if prefix == "proposals":
            ProposalFactory.create_batch(n - 1, consultation=consultation, organisation=council)
        else:
            CommentFactory.create_batch(n, proposal=proposal)
    elif prefix == "survey-results":
        convenor = VerifiedUserFactory(is_superuser=True)
        for i in range(n):
            survey = make_survey_consultation(f"Survey {i}", open_=False)
            surveys.enter_response(
                convenor, survey, answers={"q-mode": "Walk", "q-rating": 3}, channel="paper"
            )
            surveys.publish_results(convenor, survey)
    elif prefix == "pledges":
        PledgeFactory.create_batch(n, goal=goal, organisation=council)
        PledgeFactory(goal=goal, show_name=False)


@pytest.mark.parametrize("n", [1, 100])
@pytest.mark.parametrize("prefix", list(BUDGETS))
def test_query_budget_holds_at_1_and_100_rows(
    client, home_page, django_assert_max_num_queries, prefix, n
):
    build(prefix, n)
    list_budget, detail_budget = BUDGETS[prefix]
    url = f"/api/v1/{prefix}/?page_size=100"
    client.get(url)  # warm what every request reads once (the site's root paths)
    with django_assert_max_num_queries(list_budget):
        response = client.get(url)
    rows = response.json()["results"]
    assert len(rows) >= min(n, 100)
    with django_assert_max_num_queries(detail_budget):
        assert client.get(f"/api/v1/{prefix}/{rows[-1]['id']}/").status_code == 200


def test_the_bench_api_rows_answer(client, home_page):
    consultation = make_consultation()
    for supports in range(60):
        proposal = ProposalFactory(consultation=consultation)
        Proposal.objects.filter(pk=proposal.pk).update(support_count=supports % 7)
    targets = {"largest_consultation_id": consultation.pk}
    cursor = api_deep_cursor(targets, wanted=2)
    first = client.get(api_proposals_url(targets)).json()
    deep = client.get(api_proposals_url(targets, cursor)).json()
    # The cursor computed from the data set leads where the API's own next link does.
    assert cursor
    assert len(deep["results"]) == 25
    assert [r["id"] for r in deep["results"]] == [
        r["id"] for r in client.get(first["next"]).json()["results"]
    ]
