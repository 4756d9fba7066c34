"""core.contributions: how apps above add to a lower app's page, and that they do."""

from core.contributions import Contributions
from goals.selectors import goal_card_figures, goal_page_sections


def test_collect_asks_every_provider_with_the_same_arguments():
    sections = Contributions("a page")
    sections.add("twice", lambda n: n * 2)
    sections.add("square", lambda n: n * n)
    assert sections.collect(3) == {"twice": 6, "square": 9}


def test_adding_a_key_again_replaces_its_provider():
    sections = Contributions("a page")
    sections.add("answer", lambda: 1)
    sections.add("answer", lambda: 2)  # AppConfig.ready may run twice in a process
    assert sections.collect() == {"answer": 2}


def test_nothing_registered_collects_nothing():
    assert Contributions("empty").collect("anything") == {}


def test_the_apps_above_goals_fill_its_page_and_cards():
    """consultations and pledges register in their AppConfig.ready: a goal's page lists the
    consultations open on it and its cards show pledge counts without goals importing
    either app."""
    assert "open_consultations" in goal_page_sections._providers
    assert "pledge_counts" in goal_card_figures._providers
