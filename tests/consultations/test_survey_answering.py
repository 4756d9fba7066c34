"""Answering a survey through its pages: each question type's validation, show-if,
check your answers, save and come back, editing, anonymous answers, one response per
person under concurrency."""

import pytest
from django.core import mail
from django.urls import reverse

from consultations.models import EqualityRecord, SurveyResponse
from consultations.services import surveys
from consultations.survey_forms import SurveyQuestionsForm
from tests.concurrency import run_at_once
from tests.factories.surveys import make_survey_consultation, question, section

pytestmark = pytest.mark.django_db


def url(name, page, *args):
    return reverse(f"consultations:{name}", args=[page.pk, *args])


def form_for(page, data, index=0, answers=None):
    version = surveys.current_version(page)
    return SurveyQuestionsForm(
        data, sections=[version.sections[index]], all_sections=version.sections, answers=answers
    )


# Validation of every question type -------------------------------------------------


def test_required_single_choice_and_other_please_specify(home_page):
    page = make_survey_consultation()
    form = form_for(page, {})
    assert not form.is_valid() and "q_q-mode" in form.errors
    form = form_for(page, {"q_q-mode": "__other__"})
    assert not form.is_valid() and "q_q-mode_other" in form.errors
    form = form_for(page, {"q_q-mode": "__other__", "q_q-mode_other": "Tram"})
    assert form.is_valid(), form.errors
    assert form.answers_given()["q-mode_other"] == "Tram"
    assert not form_for(page, {"q_q-mode": "Helicopter"}).is_valid()


def test_show_if_question_is_required_only_when_shown_and_not_stored_when_skipped(home_page):
    page = make_survey_consultation()
    form = form_for(page, {"q_q-mode": "Bus"})
    assert not form.is_valid() and "q_q-bus-route" in form.errors
    form = form_for(page, {"q_q-mode": "Bike", "q_q-bus-route": "Number 7"})
    assert form.is_valid(), form.errors
    version = surveys.current_version(page)
    from consultations.survey_answers import prune

    assert prune(version.sections, {"q-mode": "Bike", "q-bus-route": "Number 7"}) == {
        "q-mode": "Bike"
    }


def test_multiple_choice_up_to_n(home_page):
    page = make_survey_consultation()
    base = {"q_q-rating": "3"}
    form = form_for(page, {**base, "q_q-spend": ["Parks", "Roads", "Schools"]}, index=1)
    assert "Select up to 2" in str(form.errors["q_q-spend"])
    assert form_for(page, {**base, "q_q-spend": ["Parks", "Roads"]}, index=1).is_valid()


def test_scale_must_be_a_point_on_it(home_page):
    page = make_survey_consultation()
    assert not form_for(page, {"q_q-rating": "6"}, index=1).is_valid()
    form = form_for(page, {"q_q-rating": "5"}, index=1)
    assert form.is_valid() and form.answers_given()["q-rating"] == 5


def test_ranking_refuses_duplicates_and_keeps_order(home_page):
    page = make_survey_consultation()
    base = {"q_q-rating": "3"}
    form = form_for(page, {**base, "q_q-rank_0": "1", "q_q-rank_1": "1", "q_q-rank_2": ""}, index=1)
    assert "different rank" in str(form.errors["q_q-rank"])
    form = form_for(
        page, {**base, "q_q-rank_0": "2", "q_q-rank_1": "3", "q_q-rank_2": "1"}, index=1
    )
    assert form.is_valid(), form.errors
    assert form.answers_given()["q-rank"] == ["Cost", "Air", "Safety"]


def test_required_ranking_needs_every_option(home_page):
    page = make_survey_consultation(
        sections=[section("s", "One", [question("ranking", "r", "Rank", required=True)])]
    )
    assert not form_for(page, {"q_r_0": "1", "q_r_1": "", "q_r_2": ""}).is_valid()
    assert not form_for(page, {}).is_valid()
    assert form_for(page, {"q_r_0": "1", "q_r_1": "2", "q_r_2": "3"}).is_valid()


def test_number_bounds_and_whole_numbers(home_page):
    page = make_survey_consultation()
    assert not form_for(page, {"q_q-years": "121"}, index=2).is_valid()
    assert not form_for(page, {"q_q-years": "-1"}, index=2).is_valid()
    assert not form_for(page, {"q_q-years": "2.5"}, index=2).is_valid()
    form = form_for(page, {"q_q-years": "12"}, index=2)
    assert form.is_valid() and form.answers_given()["q-years"] == 12


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2020", "real date"),
        ("", "2", "2020", "must include a day"),
        ("1", "", "", "must include a month and year"),
        ("a", "2", "2020", "in numbers"),
        ("1", "2", "20", "4 numbers"),
    ],
)
def test_dates_are_checked(home_page, day, month, year, message):
    page = make_survey_consultation()
    form = form_for(page, {"q_q-moved_0": day, "q_q-moved_1": month, "q_q-moved_2": year}, index=2)
    assert message in str(form.errors["q_q-moved"])


def test_a_real_date_is_kept_as_iso(home_page):
    page = make_survey_consultation()
    form = form_for(page, {"q_q-moved_0": "29", "q_q-moved_1": "2", "q_q-moved_2": "2020"}, index=2)
    assert form.is_valid() and form.answers_given()["q-moved"] == "2020-02-29"


# The journey --------------------------------------------------------------------------


def _answer_all(client, page, mode="Bus"):
    r = client.post(url("survey_section", page, 1), {"q_q-mode": mode, "q_q-bus-route": "7"})
    assert r.status_code == 302 and r.url == url("survey_section", page, 2)
    r = client.post(url("survey_section", page, 2), {"q_q-rating": "4", "q_q-ideas": "More trees"})
    assert r.status_code == 302 and r.url == url("survey_section", page, 3)
    r = client.post(url("survey_section", page, 3), {"q_q-years": "3"})
    assert r.status_code == 302 and r.url == url("survey_check", page)


def test_check_your_answers_round_trip_with_change_links(
    client, home_page, resident, django_capture_on_commit_callbacks
):
    page = make_survey_consultation()
    client.force_login(resident)
    _answer_all(client, page)
    check = client.get(url("survey_check", page))
    html = check.content.decode()
    assert "More trees" in html and "4 of 5" in html and "Which bus route" in html
    change = url("survey_section", page, 1) + "?change=1"
    assert change in html
    # Change an answer: back to the check page, the show-if question goes away.
    r = client.post(change, {"q_q-mode": "Walk"})
    assert r.status_code == 302 and r.url == url("survey_check", page)
    html = client.get(url("survey_check", page)).content.decode()
    assert "Which bus route" not in html
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("survey_check", page))
    assert r.status_code == 302 and r.url == url("survey_done", page)
    response = SurveyResponse.objects.get(consultation=page, respondent=resident)
    assert response.is_submitted and response.channel == "online"
    assert response.answers == {
        "q-mode": "Walk",
        "q-rating": 4,
        "q-ideas": "More trees",
        "q-years": 3,
    }
    assert response.version.number == 1
    done = client.get(url("survey_done", page)).content.decode()
    assert response.reference in done
    assert len(mail.outbox) == 1
    assert response.reference in mail.outbox[0].body and "More trees" in mail.outbox[0].body


def test_a_first_visit_gets_the_blank_questions_and_a_first_answer_is_kept(
    client, home_page, resident
):
    """Before a first answer everyone gets the same blank questions (kept once
    rendered); once they answered, their own answers show, never another's."""
    from django.test import Client

    from tests.factories import VerifiedUserFactory

    page = make_survey_consultation()
    section_url = url("survey_section", page, 1)
    other = Client()
    other.force_login(VerifiedUserFactory())
    first = other.get(section_url)
    assert first.status_code == 200 and 'name="q_q-mode"' in first.content.decode()
    assert "checked" not in first.content.decode()
    client.force_login(resident)
    again = client.get(section_url)  # from the kept blank form
    assert again.status_code == 200 and 'name="q_q-mode"' in again.content.decode()
    client.post(section_url, {"q_q-mode": "Bike"})
    assert 'value="Bike" ' in client.get(section_url).content.decode()
    assert "checked" in client.get(section_url).content.decode()
    assert "checked" not in other.get(section_url).content.decode()


def test_back_links_keep_answers(client, home_page, resident):
    page = make_survey_consultation()
    client.force_login(resident)
    client.post(url("survey_section", page, 1), {"q_q-mode": "Bike"})
    html = client.get(url("survey_section", page, 2)).content.decode()
    assert f'href="{url("survey_section", page, 1)}"' in html
    html = client.get(url("survey_section", page, 1)).content.decode()
    assert 'value="Bike" ' in html and "checked" in html


def test_save_and_come_back_later(client, home_page, resident):
    page = make_survey_consultation()
    client.force_login(resident)
    client.post(url("survey_section", page, 1), {"q_q-mode": "Walk"})
    # Saving half a section: nothing required, the answers kept.
    r = client.post(url("survey_section", page, 2), {"q_q-ideas": "Benches", "action": "save"})
    assert r.status_code == 302 and r.url == url("survey", page)
    response = SurveyResponse.objects.get(consultation=page, respondent=resident)
    assert response.status == "draft" and response.answers["q-ideas"] == "Benches"
    start = client.get(url("survey", page)).content.decode()
    assert "Continue where you left off" in start and url("survey_section", page, 2) in start
    # Sending with a required answer missing is refused with a link to it.
    r = client.post(url("survey_check", page))
    assert r.status_code == 400 and "How good are local services?" in r.content.decode()
    assert SurveyResponse.objects.get(pk=response.pk).status == "draft"


def test_edit_after_sending_until_close(
    client, home_page, resident, django_capture_on_commit_callbacks
):
    page = make_survey_consultation()
    client.force_login(resident)
    _answer_all(client, page, mode="Walk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("survey_check", page))
    client.post(url("survey_section", page, 2) + "?change=1", {"q_q-rating": "2"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("survey_check", page))
    response = SurveyResponse.objects.get(consultation=page, respondent=resident)
    assert response.answers["q-rating"] == 2
    assert SurveyResponse.objects.filter(consultation=page).count() == 1
    assert len(mail.outbox) == 2 and "changed" in mail.outbox[1].subject


def test_closed_survey_refuses_answers(client, home_page, resident):
    page = make_survey_consultation(open_=False)
    client.force_login(resident)
    assert client.post(url("survey_section", page, 1), {"q_q-mode": "Walk"}).status_code == 403
    assert "closed" in client.get(url("survey", page)).content.decode()


def test_anonymous_only_where_allowed(client, home_page):
    page = make_survey_consultation()
    r = client.get(url("survey_section", page, 1))
    assert r.status_code == 302 and r.url.startswith(reverse("account_login"))
    assert "Sign in to answer" in client.get(url("survey", page)).content.decode()

    open_page = make_survey_consultation("Open to all", survey_allows_anonymous=True)
    _answer_all(client, open_page, mode="Walk")
    r = client.post(url("survey_check", open_page), {"website_url": "spam"})
    assert (
        r.status_code == 400 and not SurveyResponse.objects.filter(consultation=open_page).exists()
    )
    r = client.post(url("survey_check", open_page), {"website_url": ""})
    assert r.status_code == 302
    response = SurveyResponse.objects.get(consultation=open_page)
    assert response.respondent is None and response.is_submitted
    # No editing afterwards: the session's answers are gone, a new start is a new response.
    html = client.get(url("survey_check", open_page)).content.decode()
    assert "More trees" not in html


def test_anonymous_sending_is_rate_limited(client, home_page):
    page = make_survey_consultation(survey_allows_anonymous=True)
    statuses = [client.post(url("survey_check", page)).status_code for _ in range(21)]
    assert statuses[-1] == 429


def test_equality_answers_are_stored_apart(client, home_page, resident):
    page = make_survey_consultation(survey_equality_monitoring=True)
    client.force_login(resident)
    r = client.post(url("survey_section", page, 1), {"q_q-mode": "Walk"})
    client.post(url("survey_section", page, 2), {"q_q-rating": "4"})
    r = client.post(url("survey_section", page, 3), {})
    assert r.url == url("survey_equality", page)
    html = client.get(url("survey_equality", page)).content.decode()
    assert "<legend>" in html and "Prefer not to say" in html
    r = client.post(url("survey_equality", page), {"age_band": "25-34", "sex": "prefer_not"})
    assert r.url == url("survey_check", page)
    client.post(url("survey_check", page))
    record = EqualityRecord.objects.get(consultation=page)
    assert record.age_band == "25-34" and record.sex == "prefer_not" and record.month.day == 1
    assert not {f.name for f in EqualityRecord._meta.get_fields()} & {
        "respondent",
        "response",
        "user",
    }
    response = SurveyResponse.objects.get(consultation=page)
    assert "25-34" not in str(response.answers)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_sending_at_once_make_one_response(home_page, resident):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    page = make_survey_consultation(
        sections=[section("s", "One", [question("short_text", "q", "Name?", required=True)])]
    )
    answers = {"q": "Sam"}
    results, errors = run_at_once(
        [
            lambda: surveys.submit_response(page, respondent=resident, answers=answers)
            for _ in range(4)
        ]
    )
    assert not errors, errors
    assert SurveyResponse.objects.filter(consultation=page).count() == 1
    assert sorted(first for _response, first in results) == [False, False, False, True]
    assert len({response.pk for response, _first in results}) == 1


def test_versions_recorded_on_responses(client, home_page, resident):
    page = make_survey_consultation(
        sections=[section("s", "One", [question("short_text", "q", "Name?")])]
    )
    surveys.submit_response(page, respondent=resident, answers={"q": "A"})
    page.survey = [section("s", "One", [question("short_text", "q", "Your name?")])]
    page.save_revision().publish()
    other = client  # a second person answers the new wording
    from tests.factories import VerifiedUserFactory

    second, _ = surveys.submit_response(page, respondent=VerifiedUserFactory(), answers={"q": "B"})
    assert second.version.number == 2
    assert SurveyResponse.objects.get(respondent=resident).version.number == 1
    del other
