"""Convenors' survey screens: entering paper and workshop responses, results with
charts and tables by channel, free text, themes, the CSV, equality in aggregate with
small numbers suppressed, publishing, the public results and the open data."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from consultations.models import EqualityRecord, SurveyResponse, SurveyTheme, ThemeTag
from consultations.services import surveys
from tests.factories import ProposalFactory, VerifiedUserFactory
from tests.factories.surveys import make_survey_consultation
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def admin_url(name, page):
    return reverse(f"consultations_admin:{name}", args=[page.pk])


def entry(mode="Walk", rating="4", **extra):
    return {
        "entry-channel": "paper",
        "entry-workshop": "",
        "q_q-mode": mode,
        "q_q-rating": rating,
        **extra,
    }


def test_convenor_enters_paper_responses_and_the_form_stays_for_the_next(
    client, home_page, convenor
):
    page = make_survey_consultation()
    sign_in_to_admin(client, convenor)
    for mode in ("Walk", "Bike", "Bus"):
        data = entry(mode, **({"q_q-bus-route": "7"} if mode == "Bus" else {}))
        r = client.post(admin_url("survey_enter", page), data)
        assert r.status_code == 302, r.content.decode()[:2000]
        assert "channel=paper" in r.url
    form = client.get(r.url).content.decode()
    assert "saved. Enter the next one" in form and 'value="paper"' in form
    responses = SurveyResponse.objects.filter(consultation=page)
    assert responses.count() == 3
    assert set(responses.values_list("channel", flat=True)) == {"paper"}
    assert set(responses.values_list("entered_by", flat=True)) == {convenor.pk}
    assert all(r.respondent_id is None and r.is_submitted for r in responses)


def test_a_workshop_response_needs_the_workshop(client, home_page, convenor):
    page = make_survey_consultation()
    sign_in_to_admin(client, convenor)
    r = client.post(admin_url("survey_enter", page), entry(**{"entry-channel": "workshop"}))
    assert r.status_code == 400 and "Say which workshop" in r.content.decode()
    r = client.post(
        admin_url("survey_enter", page),
        entry(**{"entry-channel": "workshop", "entry-workshop": "Library, 3 May"}),
    )
    assert r.status_code == 302
    assert SurveyResponse.objects.get(consultation=page).workshop == "Library, 3 May"


def test_a_missing_required_answer_is_an_error_not_a_response(client, home_page, convenor):
    page = make_survey_consultation()
    sign_in_to_admin(client, convenor)
    r = client.post(admin_url("survey_enter", page), entry(rating=""))
    assert r.status_code == 400 and "There is a problem" in r.content.decode()
    assert not SurveyResponse.objects.exists()


def test_people_given_the_permission_may_enter_but_not_see_results(client, home_page):
    page = make_survey_consultation()
    volunteer = VerifiedUserFactory(is_staff=True)
    volunteer.user_permissions.add(
        Permission.objects.get(codename="enter_survey_responses"),
        Permission.objects.get(codename="access_admin"),
    )
    sign_in_to_admin(client, volunteer)
    assert client.post(admin_url("survey_enter", page), entry()).status_code == 302
    # Wagtail's admin answers a refusal by sending the person to the dashboard.
    for name in ("survey_results", "survey_csv", "survey_free_text"):
        refused = client.get(admin_url(name, page))
        assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")


def test_residents_cannot_enter_responses(home_page, resident):
    page = make_survey_consultation()
    with pytest.raises(surveys.ActionRefused):
        surveys.enter_response(
            resident, page, answers={"q-mode": "Walk", "q-rating": 3}, channel="paper"
        )


def _fill(page, convenor, count, channel="paper", **answers):
    for _ in range(count):
        surveys.enter_response(
            convenor,
            page,
            answers={"q-mode": "Walk", "q-rating": 4, **answers},
            channel=channel,
            workshop="Hall" if channel == "workshop" else "",
        )


def test_results_counts_percentages_charts_and_tables_by_channel(
    client, home_page, convenor, resident
):
    page = make_survey_consultation()
    _fill(page, convenor, 3)
    _fill(page, convenor, 1, channel="workshop", **{"q-mode": "Bike", "q-rating": 2})
    surveys.submit_response(page, respondent=resident, answers={"q-mode": "Bike", "q-rating": 5})
    sign_in_to_admin(client, convenor)
    html = client.get(admin_url("survey_results", page)).content.decode()
    assert "5 responses" in html
    assert "<svg" in html and "<table" in html
    assert "3 (60.0%)" in html  # Walk: 3 of 5, in the chart and the table
    assert "60.0%" in html
    paper = client.get(admin_url("survey_results", page) + "?channel=paper").content.decode()
    assert "3 responses" in paper and "3 (100.0%)" in paper


def test_csv_matches_the_database_and_never_has_equality_answers(
    client, home_page, convenor, resident
):
    page = make_survey_consultation(survey_equality_monitoring=True)
    surveys.submit_response(
        page,
        respondent=resident,
        answers={
            "q-mode": "__other__",
            "q-mode_other": "Tram",
            "q-rating": 3,
            "q-rank": ["Cost", "Air"],
        },
        equality={"age_band": "25-34", "sex": "female"},
    )
    _fill(page, convenor, 2, channel="phone")
    assert EqualityRecord.objects.filter(consultation=page).count() == 1
    sign_in_to_admin(client, convenor)
    r = client.get(admin_url("survey_csv", page))
    assert "no-store" in r["Cache-Control"]
    body = b"".join(r.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == SurveyResponse.objects.filter(consultation=page, status="submitted").count()
    online = next(row for row in rows if row["channel"] == "online")
    response = SurveyResponse.objects.get(respondent=resident)
    assert online["reference"] == response.reference and online["version"] == "1"
    assert online["How do you usually travel?"] == "Other: Tram"
    assert online["Rank these priorities"] == "1. Cost; 2. Air"
    assert "25-34" not in body and "female" not in body.lower() and "Age" not in rows[0]


def test_equality_in_aggregate_suppresses_small_numbers(client, home_page, convenor):
    page = make_survey_consultation(survey_equality_monitoring=True)
    for band in ["25-34"] * 6 + ["65-74"] * 2:
        surveys.record_equality(page, {"age_band": band})
    from consultations.survey_selectors import equality_summary

    summary = equality_summary(page)
    ages = summary["questions"][0]["rows"]
    by_label = {str(row["label"]): row for row in ages}
    assert by_label["25 to 34"]["text"] == "6"
    assert (
        by_label["65 to 74"]["text"] == "fewer than 5" and by_label["65 to 74"]["percent"] is None
    )
    assert by_label["Under 16"]["text"] == "0"
    sign_in_to_admin(client, convenor)
    html = client.get(admin_url("survey_results", page)).content.decode()
    assert "fewer than 5" in html
    # Under five people in all: nothing broken down.
    small = make_survey_consultation("Small", survey_equality_monitoring=True)
    surveys.record_equality(small, {"age_band": "25-34"})
    assert equality_summary(small)["questions"] == []


def test_themes_tag_answers_and_proposals_and_export(client, home_page, convenor, resident):
    page = make_survey_consultation()
    response, _ = surveys.submit_response(
        page,
        respondent=resident,
        answers={"q-mode": "Walk", "q-rating": 3, "q-ideas": "More trees please"},
    )
    proposal = ProposalFactory(consultation=page)
    sign_in_to_admin(client, convenor)
    client.post(admin_url("survey_add_theme", page), {"name": "Greening"})
    theme = SurveyTheme.objects.get(consultation=page, name="Greening")
    for _ in range(2):  # twice: one tag
        client.post(
            admin_url("survey_tag", page),
            {"theme": theme.pk, "response": response.pk, "question": "q-ideas"},
        )
    client.post(admin_url("survey_tag", page), {"theme": theme.pk, "proposal": proposal.pk})
    assert ThemeTag.objects.filter(theme=theme).count() == 2
    html = client.get(admin_url("survey_free_text", page) + f"?theme={theme.pk}").content.decode()
    assert "More trees please" in html
    assert (
        "More trees"
        not in client.get(admin_url("survey_free_text", page) + "?q=bus").content.decode()
    )
    results = client.get(admin_url("survey_results", page)).content.decode()
    assert "Greening" in results
    body = b"".join(client.get(admin_url("survey_themes_csv", page)).streaming_content).decode()
    assert "Greening,answer," + response.reference in body and proposal.title in body


def test_results_are_published_only_after_close_with_approved_text_only(
    client, home_page, convenor, resident
):
    page = make_survey_consultation()
    with pytest.raises(surveys.ActionRefused):
        surveys.publish_results(convenor, page)
    closed = make_survey_consultation("Closed survey", open_=False)
    # Responses from before the close (entered by hand: the phase is over).
    _fill(closed, convenor, 5, **{"q-ideas": "Secret words"})
    approved = surveys.enter_response(
        convenor,
        closed,
        answers={"q-mode": "Bus", "q-bus-route": "9", "q-rating": 1, "q-ideas": "Fix the 9 bus"},
        channel="email",
    )
    public = reverse("consultations:survey_public_results", args=[closed.pk])
    assert client.get(public).status_code == 404
    surveys.publish_results(convenor, closed)
    surveys.approve_answer(convenor, approved, "q-ideas")
    html = client.get(public).content.decode()
    assert client.get(public).status_code == 200
    assert "<svg" in html and "Fix the 9 bus" in html and "Secret words" not in html
    data = client.get(reverse("data:survey_results_csv"))
    body = b"".join(data.streaming_content).decode() if data.streaming else data.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    walk = next(r for r in rows if r["question_id"] == "q-mode" and r["option"] == "Walk")
    assert walk["count"] == "5" and walk["responses"] == "6" and walk["suppressed"] == "no"
    # One person chose the bus: the page and the file say "fewer than 5", never 1.
    bus = next(r for r in rows if r["question_id"] == "q-mode" and r["option"] == "Bus")
    assert bus["count"] == "" and bus["suppressed"] == "yes" and bus["percent_of_answers"] == ""
    assert "fewer than 5" in html and "1 (16.7%)" not in html
    assert "Secret words" not in body and "Fix the 9" not in body
    assert all(int(r["consultation_id"]) == closed.pk for r in rows)
    assert "survey-results.csv" in client.get(reverse("data:index")).content.decode()


def test_printable_version(client, home_page):
    page = make_survey_consultation()
    html = client.get(reverse("consultations:survey_print", args=[page.pk])).content.decode()
    assert "print-survey" in html and "Rank these priorities" in html and "About you" in html


def test_publishing_and_unpublishing_results_are_audited_once(client, home_page, convenor):
    from core.models import AuditEvent

    closed = make_survey_consultation("Closed survey", open_=False)
    sign_in_to_admin(client, convenor)
    url = admin_url("survey_publish", closed)
    for _ in range(2):  # publishing twice publishes (and records) once
        assert client.post(url).status_code == 302
    assert client.post(url, {"unpublish": "1"}).status_code == 302
    assert client.post(url, {"unpublish": "1"}).status_code == 302
    events = AuditEvent.objects.filter(target_id=str(closed.pk)).order_by("pk")
    assert [(e.action, e.actor_id, e.target_type) for e in events] == [
        ("survey.results_published", convenor.pk, "consultations.consultationpage"),
        ("survey.results_unpublished", convenor.pk, "consultations.consultationpage"),
    ]


def test_free_text_is_filtered_in_the_database_by_words_question_channel_and_theme(
    client, home_page, convenor, django_assert_max_num_queries
):
    from consultations import survey_selectors

    page = make_survey_consultation()
    _fill(page, convenor, 30, **{"q-ideas": "Nothing to add"})
    _fill(page, convenor, 2, **{"q-ideas": "A bike SHELTER at the station"})
    _fill(page, convenor, 1, channel="workshop", **{"q-ideas": "Shelter from the rain"})
    _fill(page, convenor, 1, **{"q-mode": "__other__", "q-mode_other": "shelter bus"})
    questions = survey_selectors.text_questions(page)
    found = survey_selectors.free_text_responses(page, questions, search="shelter")
    assert found.count() == 3  # counted by the database: any case, text questions only
    assert (
        survey_selectors.free_text_responses(
            page, questions, search="shelter", channel="workshop"
        ).count()
        == 1
    )
    theme = SurveyTheme.objects.create(consultation=page, name="Shelter")
    tagged = found.last()
    ThemeTag.objects.create(theme=theme, response=tagged, question_id="q-ideas")
    assert list(survey_selectors.free_text_responses(page, questions, theme=theme)) == [tagged]
    sign_in_to_admin(client, convenor)
    url = admin_url("survey_free_text", page) + "?q=Shelter"
    client.get(url)
    with django_assert_max_num_queries(40):
        html = client.get(url).content.decode()
    assert "3 responses with answers in their own words" in html
    assert html.count("<blockquote>") == 3 and "Nothing to add" not in html
