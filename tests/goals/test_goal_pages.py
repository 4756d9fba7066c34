"""The goal index and goal pages: filters, progress at a glance, the one-look goal page,
trials, and query budgets that do not grow with the number of indicators."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from goals.models import Ambition, GoalPage
from tests.factories.goals import (
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    ThemeFactory,
    create_goal,
    create_trial,
    goal_index,
)

INDEX_BUDGET = 20
GOAL_BUDGET = 28


def add_indicators(goal, count, *, on_track=True):
    for n in range(count):
        indicator = IndicatorFactory(goal=goal, name=f"{goal.title} measure {n}", sort_order=n)
        IndicatorValueFactory(
            indicator=indicator, date=date(2023, 1, 1), value=Decimal("45"), provisional=False
        )
        # Halfway to 2030 the trajectory from 40 to 60 expects 50.
        IndicatorValueFactory(
            indicator=indicator,
            date=date(2025, 1, 1),
            value=Decimal("55") if on_track else Decimal("41"),
            provisional=True,
        )


@pytest.fixture
def goals_world(home_page):
    council = OrganisationFactory(name="Lowbridge City Council", kind="public")
    rivers = OrganisationFactory(name="Wyre Rivers Trust")
    health = ThemeFactory(name="Health and wellbeing")
    climate = ThemeFactory(name="Climate and nature")
    swim = create_goal("Rivers clean enough to swim in", co_owners=[rivers, council], theme=climate)
    longer = create_goal("Everyone lives healthier", co_owners=[council], theme=health)
    add_indicators(swim, 2, on_track=True)
    add_indicators(longer, 1, on_track=False)
    return {"swim": swim, "longer": longer, "rivers": rivers, "health": health}


def test_goal_index_shows_progress_at_a_glance(client, goals_world):
    response = client.get(goal_index().url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rivers clean enough to swim in" in html and "Everyone lives healthier" in html
    assert "2 indicators on track" in html
    assert "1 off track" in html
    assert "✓" in html and "✗" in html  # status not by colour alone


def test_goal_index_filters_by_theme_and_organisation(client, goals_world):
    url = goal_index().url
    by_theme = client.get(url, {"theme": goals_world["health"].slug}).content.decode()
    assert "Everyone lives healthier" in by_theme
    assert "Rivers clean enough" not in by_theme
    by_org = client.get(url, {"organisation": goals_world["rivers"].slug}).content.decode()
    assert "Rivers clean enough" in by_org
    assert "Everyone lives healthier" not in by_org
    nothing = client.get(url, {"theme": "no-such-theme"}).content.decode()
    assert "No goal matches these filters" in nothing


def test_goal_index_answers_any_query_string_with_a_page(client, goals_world):
    """Hand-typed and stale links never give an error: unknown filters match nothing,
    a page number that is not one shows the first page, one past the end the last."""
    url = goal_index().url
    for params in (
        {"page": "abc"},
        {"page": "999"},
        {"theme": "  "},
        {"organisation": "no-such-organisation", "page": "-1"},
    ):
        assert client.get(url, params).status_code == 200, params
    assert "Rivers clean enough" in client.get(url, {"page": "abc"}).content.decode()
    spaces = client.get(url, {"theme": "  "}).content.decode()
    assert "Everyone lives healthier" in spaces and "Clear filters" not in spaces


def test_goal_index_empty_state(client, home_page):
    response = client.get(goal_index().url)
    assert "No goals have been published yet" in response.content.decode()


def test_unpublished_goals_are_not_listed(client, goals_world):
    goals_world["longer"].unpublish()
    html = client.get(goal_index().url).content.decode()
    assert "Everyone lives healthier" not in html


def test_goal_page_answers_in_one_look(client, goals_world):
    from consultations.models import ConsultationPage, Phase

    goal = goals_world["swim"]
    Ambition.objects.create(goal=goal, title="Bathing water at Wyre Meadows", target_year=2030)
    create_trial(
        goal,
        "Anti-idling signs",
        decision="stop",
        ended_on=date(2024, 1, 1),
        outcome="No change.",
        what_was_learned="Signs treated the wrong cause.",
    )
    consultation = goal.add_child(
        instance=ConsultationPage(
            title="How should we clean the river?",
            slug="clean-river",
            question="What would help?",
        )
    )
    now = timezone.now()
    Phase.objects.create(
        consultation=consultation,
        action="propose",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=10),
    )
    html = client.get(goal.url).content.decode()
    for expected in [
        goal.statement,
        "Convened by",
        "Lowbridge City Council",
        "Co-owned by",
        "Wyre Rivers Trust",
        "Bathing water at Wyre Meadows",
        "On track",  # status …
        "Higher is better. The latest figure, 55% on 1 January 2025 (provisional)",  # … and rule
        "<svg",
        "<title id=",
        "<desc id=",
        "Provisional figures (dashed line, hollow dots)",
        '<table class="indicator__table">',
        "licensed under the Open Government Licence v3.0",
        "Anti-idling signs",
        "Stop",
        "Signs treated the wrong cause.",
        "How should we clean the river?",
        'id="pledges"',
    ]:
        assert expected in html, expected


def test_goal_page_empty_states(client, home_page):
    goal = create_goal("A quiet goal")
    html = client.get(goal.url).content.decode()
    assert "No indicators have been agreed for this goal yet" in html
    assert "No trials yet" in html
    assert "no open consultation" in html


def test_trial_page(client, goals_world):
    trial = create_trial(
        goals_world["swim"],
        "Bike loans",
        decision="scale",
        outcome="It worked.",
        what_was_learned="Buddy rides matter.",
    )
    html = client.get(trial.url).content.decode()
    assert "Bike loans" in html and "Buddy rides matter." in html
    assert "Rivers clean enough to swim in" in html  # the goal it belongs to


@pytest.mark.parametrize("indicators", [1, 30])
def test_goal_page_query_budget(client, home_page, indicators, django_assert_max_num_queries):
    goal = create_goal("Measured goal", co_owners=[OrganisationFactory()])
    add_indicators(goal, indicators)
    create_trial(goal)
    client.get(goal.url)  # warm caches (site root, branding)
    with django_assert_max_num_queries(GOAL_BUDGET):
        response = client.get(goal.url)
    assert response.content.decode().count('class="indicator"') == indicators


@pytest.mark.parametrize(("goals", "per_goal"), [(1, 1), (15, 2)])
def test_goal_index_query_budget(client, home_page, goals, per_goal, django_assert_max_num_queries):
    """1 indicator in all, then 30 (15 goals × 2): the same budget holds."""
    partner = OrganisationFactory()
    for n in range(goals):
        goal = create_goal(f"Goal number {n}", co_owners=[partner])
        add_indicators(goal, per_goal)
    client.get(goal_index().url)
    with django_assert_max_num_queries(INDEX_BUDGET):
        response = client.get(goal_index().url)
    assert response.content.decode().count('class="card goal-card"') == goals


def test_goal_admin_panels_render(client, goals_world):
    """The goal's edit form (panels) renders for a superuser."""
    from django.urls import reverse

    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    goal = GoalPage.objects.get(pk=goals_world["swim"].pk)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[goal.pk]))
    assert response.status_code == 200
    assert "Who owns this goal" in response.content.decode()


def test_indicator_with_figures_is_created_in_the_admin(client, goals_world):
    from django.urls import reverse

    from goals.models import Indicator
    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    data = {
        "goal": goals_world["longer"].pk,
        "name": "Adults who smoke",
        "kind": "commitment",
        "direction": "lower",
        "unit": "%",
        "sort_order": "0",
        "baseline_value": "15.2",
        "baseline_date": "2019-03-31",
        "target_value": "8",
        "target_date": "2030-03-31",
        "source_publisher": "Office for National Statistics",
        "source_url": "",
        "source_licence": "Open Government Licence v3.0",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "values-0-date": "2024-03-31",
        "values-0-value": "11.0",
        "values-0-provisional": "on",
        "values-0-note": "",
        "values-0-ORDER": "1",
        "values-0-DELETE": "",
    }
    bad = client.post(reverse("wagtailsnippets_goals_indicator:add"), {**data, "target_date": ""})
    assert bad.status_code == 200  # a commitment needs a target date: a form error
    assert not Indicator.objects.filter(name="Adults who smoke").exists()
    response = client.post(reverse("wagtailsnippets_goals_indicator:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator = Indicator.objects.get(name="Adults who smoke")
    assert indicator.values.get().provisional is True
    assert indicator.assessment.code == "on_track"


def test_indicator_admin_search_by_name(client, goals_world):
    from django.urls import reverse

    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    url = reverse("wagtailsnippets_goals_indicator:list")
    html = client.get(url, {"q": "Rivers clean enough to swim in measure 1"}).content.decode()
    assert "Rivers clean enough to swim in measure 1" in html
    assert "Everyone lives healthier measure 0" not in html


def test_previewing_a_new_goal_and_trial_before_the_first_save(rf, home_page):
    """The admin previews a page before it is saved: its context must not need a pk."""
    from django.contrib.auth.models import AnonymousUser

    from goals.models import TrialPage

    index = goal_index()
    goal = GoalPage(
        title="Not saved yet",
        statement="A goal being drafted.",
        theme=ThemeFactory(),
        horizon_year=2030,
        convened_by=OrganisationFactory(),
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    context = goal.get_context(request)
    assert context["indicators"] == [] and context["trials"] == []
    assert index.pk
    trial = TrialPage(
        title="Draft trial",
        hypothesis="Maybe.",
        what_was_tried="<p>Something.</p>",
        started_on=date(2025, 1, 1),
    )
    trial_context = trial.get_context(request)
    assert trial_context["goal"] is None


def test_admin_preview_of_a_new_goal(client, home_page):
    from django.urls import reverse

    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    org = OrganisationFactory()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["goals", "goalpage", goal_index().pk])
    form = {
        "title": "A goal being drafted",
        "slug": "a-goal-being-drafted",
        "statement": "Drafted, not saved.",
        "theme": ThemeFactory().pk,
        "horizon_year": 2030,
        "lifecycle": "draft",
        "convened_by": org.pk,
        "co_owners": [org.pk],
        "narrative-count": "0",
        **{
            f"{prefix}-{key}": value
            for prefix in ("ambitions", "comments")
            for key, value in {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            }.items()
        },
    }
    client.post(url, form)
    response = client.get(url)
    assert response.status_code == 200
    assert "Drafted, not saved." in response.content.decode()


def test_goal_page_indicator_sections_follow_every_write(
    client, home_page, tmp_path, django_capture_on_commit_callbacks
):
    """The indicator sections are rendered once per content version (for signed-in
    people too): a figure saved since, or imported in bulk, is on the next page."""
    from io import StringIO

    from django.core.management import call_command

    goal = create_goal("Measured goal", co_owners=[OrganisationFactory()])
    add_indicators(goal, 1)
    indicator = goal.indicators.get()
    first = client.get(goal.url).content.decode()
    assert "1 Jan 2025" in first and "31 Mar 2026" not in first
    # From the fragment cache, the same (but for the CSP nonce, fresh on every response).
    assert _without_nonce(client.get(goal.url).content.decode()) == _without_nonce(first)

    with django_capture_on_commit_callbacks(execute=True):
        IndicatorValueFactory(indicator=indicator, date=date(2026, 3, 31), value=Decimal("58.25"))
    html = client.get(goal.url).content.decode()
    assert "31 Mar 2026" in html and "58.25" in html

    path = tmp_path / "figures.csv"
    path.write_text(f"indicator_id,date,value\n{indicator.pk},2027-03-31,59.75\n")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_indicator_values", str(path), stdout=StringIO())
    html = client.get(goal.url).content.decode()
    assert "31 Mar 2027" in html and "59.75" in html


def test_goal_index_cards_follow_pledges_and_indicators(
    client, home_page, django_capture_on_commit_callbacks
):
    """The cards are rendered once per content version (for signed-in people too): a
    pledge made, a status changed by a progress update (a queryset update) and a new
    figure all show on the next request."""
    from pledges import services
    from tests.factories import PledgeFactory

    goal = create_goal("Counted goal", co_owners=[OrganisationFactory()])
    url = goal_index().url

    def card(html):
        return html[html.index('class="card goal-card"') :]

    first = card(client.get(url).content.decode())
    assert "<dt>Pledges</dt><dd>0</dd>" in first and "No indicators yet." in first

    with django_capture_on_commit_callbacks(execute=True):
        pledge = PledgeFactory(goal=goal)
    html = card(client.get(url).content.decode())
    assert "<dt>Pledges</dt><dd>1</dd>" in html and "<dt>Met</dt><dd>0</dd>" in html

    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(pledge.author, pledge.pk, text="Planted.", status="met")
    html = card(client.get(url).content.decode())
    assert "<dt>Met</dt><dd>1</dd>" in html

    with django_capture_on_commit_callbacks(execute=True):
        add_indicators(goal, 1, on_track=False)
    html = card(client.get(url).content.decode())
    assert "1 off track" in html


def _without_nonce(html: str) -> str:
    import re

    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)
