"""Surveys in the browser: a resident answers a three-section survey with the keyboard
alone, axe clean on every page; the published results render charts with tables."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(demo_city):
    from tests.factories.surveys import make_survey_consultation

    return make_survey_consultation("Lowbridge transport survey", slug="transport-survey-journey")


def choose(person, name, value):
    """Choose a radio button as a keyboard user does: Tab into the group (focus lands on
    its first option), then the arrow keys to the option wanted."""
    radios = person.page.locator(f'input[type="radio"][name="{name}"]')
    values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
    person.keyboard_only.tab_to(radios.first)
    for _ in range(values.index(value)):
        person.keyboard_only.press("ArrowDown")
    expect(radios.nth(values.index(value))).to_be_checked()


def test_a_resident_answers_a_survey_with_the_keyboard_alone(browse, survey):
    from accounts.models import User
    from consultations.models import SurveyResponse
    from demo.accounts import RESIDENT

    user = User.objects.get(email=RESIDENT)
    person = browse(user=user, keyboard_only=True)
    page = person.page
    person.visit(f"/take-part/{survey.pk}/survey/")
    person.click(page.get_by_role("button", name="Start now"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("How you travel")
    choose(person, "q_q-mode", "Bike")
    person.click(page.get_by_role("button", name="Continue"), navigates=True)
    person.check()
    choose(person, "q_q-rating", "4")
    person.fill(page.get_by_label("Any other ideas?"), "A bike shelter at the station")
    person.click(page.get_by_role("button", name="Continue"), navigates=True)
    person.check()
    person.fill(page.get_by_label("How many years have you lived here?"), "7")
    person.fill(page.get_by_label("Day", exact=True), "3")
    person.fill(page.get_by_label("Month", exact=True), "9")
    person.fill(page.get_by_label("Year", exact=True), "2019")
    person.click(page.get_by_role("button", name="Continue"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    expect(page.get_by_text("A bike shelter at the station")).to_be_visible()
    person.click(page.get_by_role("button", name="Send answers"), navigates=True)
    person.check()
    response = SurveyResponse.objects.get(consultation=survey, respondent=user)
    expect(page.get_by_text(response.reference)).to_be_visible()
    assert response.answers["q-moved"] == "2019-09-03"


def test_published_results_show_charts_with_tables(browse):
    from consultations.models import ConsultationPage
    from demo.surveys import CLOSED_SLUG

    closed = ConsultationPage.objects.get(slug=CLOSED_SLUG)
    person = browse()
    person.visit(f"/take-part/{closed.pk}/survey/results/")
    page = person.page
    # Every chart (words in HTML, checked for size and text zoom by person.visit) has
    # its table; the one more table is the channels'.
    expect(page.locator("figure.survey-chart").first).to_be_visible()
    charts = page.locator("figure.survey-chart").count()
    assert charts == page.locator("table.results-table").count() - 1
    assert page.locator("figure.survey-chart text").count() == 0
