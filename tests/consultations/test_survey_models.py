"""Survey questions, versions and the rules on changing a live survey."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from consultations.models import SurveyResponse, SurveyVersion
from consultations.services import surveys
from tests.factories.surveys import make_survey_consultation, question, section, standard_sections

pytestmark = pytest.mark.django_db


def test_publishing_takes_a_version_and_again_only_when_questions_change(home_page):
    page = make_survey_consultation()
    assert list(
        SurveyVersion.objects.filter(consultation=page).values_list("number", flat=True)
    ) == [1]
    page.save_revision().publish()  # no change
    assert SurveyVersion.objects.filter(consultation=page).count() == 1
    sections = standard_sections()
    sections[0]["value"]["questions"][0]["value"]["question"] = "How do you mostly travel?"
    sections[0]["value"]["questions"][1]["value"]["show_if_question"] = "How do you mostly travel?"
    page.survey = sections
    page.save_revision().publish()
    versions = SurveyVersion.objects.filter(consultation=page).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].questions()[0]["label"] == "How do you mostly travel?"
    assert versions[1].questions()[0]["id"] == versions[0].questions()[0]["id"] == "q-mode"


def test_show_if_is_resolved_to_the_earlier_question_id(home_page):
    page = make_survey_consultation()
    version = surveys.current_version(page)
    bus = next(q for q in version.questions() if q["id"] == "q-bus-route")
    assert bus["show_if"] == {"question": "q-mode", "answer": "Bus"}


def test_show_if_on_an_unknown_question_is_refused(home_page):
    page = make_survey_consultation()
    page.survey = [
        section(
            "s",
            "One",
            [question("short_text", "q1", "Name?", show_if_question="Nope?", show_if_answer="x")],
        )
    ]
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "no earlier choice question" in str(error.value)


def _answered(page, **answers):
    version = surveys.current_version(page)
    return SurveyResponse.objects.create(
        consultation=page,
        version=version,
        answers=answers,
        status="submitted",
        submitted_at=version.created_at,
    )


def test_an_answered_question_cannot_be_deleted_or_change_type_but_can_close(home_page):
    page = make_survey_consultation()
    _answered(page, **{"q-mode": "Bike", "q-rating": 4})
    sections = standard_sections()
    del sections[1]["value"]["questions"][1]  # q-rating, answered
    page.survey = sections
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "cannot be deleted" in str(error.value.message_dict["survey"])

    sections = standard_sections()
    sections[1]["value"]["questions"][1] = question(
        "short_text", "q-rating", "How good are local services?"
    )
    page.survey = sections
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "type cannot change" in str(error.value)

    sections = standard_sections()
    sections[1]["value"]["questions"][1]["value"]["closed"] = True
    del sections[1]["value"]["questions"][2]  # q-rank has no answers: may go
    page.survey = sections
    page.full_clean()


def test_one_response_per_person_is_the_databases_rule(home_page, resident):
    page = make_survey_consultation()
    SurveyResponse.objects.create(consultation=page, respondent=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(consultation=page, respondent=resident)
    # Without an account there is no such limit.
    SurveyResponse.objects.create(consultation=page)
    SurveyResponse.objects.create(consultation=page)
    assert SurveyResponse.objects.filter(consultation=page).count() == 3
