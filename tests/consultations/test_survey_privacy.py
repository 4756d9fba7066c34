"""Survey responses and the person's rights: "download my data" gives back their own
answers in words (never answers they typed in for others, never equality answers,
which cannot be linked to them), and deleting the account deletes unsent answers and
unlinks sent ones, as the privacy notice says."""

import json

import pytest
from django.urls import reverse

from accounts.privacy import delete_account
from consultations import survey_selectors
from consultations.models import EqualityRecord, SurveyResponse
from consultations.services import surveys
from core.models import AuditEvent
from tests.factories.surveys import make_survey_consultation

pytestmark = pytest.mark.django_db


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:data"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def test_download_has_the_persons_answers_in_words_and_no_one_elses(
    client, home_page, resident, convenor
):
    page = make_survey_consultation(survey_equality_monitoring=True)
    surveys.submit_response(
        page,
        respondent=resident,
        answers={"q-mode": "Bike", "q-rating": 4, "q-ideas": "A bike shelter"},
        equality={"age_band": "75+"},
    )
    surveys.enter_response(
        convenor,
        page,
        answers={"q-mode": "Walk", "q-rating": 2, "q-ideas": "Someone else's words"},
        channel="paper",
    )
    data = download(client, resident)
    [mine] = data["survey_responses"]
    assert mine["survey"] == page.title and mine["status"] == "Sent"
    answers = {a["question"]: a["answer"] for a in mine["answers"]}
    assert answers["How do you usually travel?"] == "Bike"
    assert answers["Any other ideas?"] == "A bike shelter"
    assert "stored apart" in mine["equality_monitoring"]
    assert EqualityRecord.objects.filter(consultation=page).count() == 1
    # The equality answer is not theirs to find. ("75" alone could be part of a
    # reference number or a time, so look for the answer as given.)
    assert "75+" not in json.dumps(mine)
    # The convenor typed in someone's paper form: it is not the convenor's data.
    convenors = json.dumps(download(client, convenor))
    assert "Someone else's words" not in convenors
    assert download(client, convenor)["survey_responses"] == []


def test_deleting_the_account_deletes_unsent_answers_and_unlinks_sent_ones(
    home_page, resident, convenor
):
    from tests.factories import VerifiedUserFactory

    sent_survey = make_survey_consultation()
    draft_survey = make_survey_consultation("Another survey")
    sent, _first = surveys.submit_response(
        sent_survey, respondent=resident, answers={"q-mode": "Bike", "q-rating": 4}
    )
    surveys.save_answers(resident, draft_survey, {"q-mode": "Walk"})
    other = VerifiedUserFactory()
    surveys.submit_response(
        sent_survey, respondent=other, answers={"q-mode": "Walk", "q-rating": 1}
    )
    before = survey_selectors.survey_results(sent_survey)["total"]

    delete_account(resident)

    assert not SurveyResponse.objects.filter(respondent=resident).exists()
    assert not SurveyResponse.objects.filter(consultation=draft_survey).exists()
    sent.refresh_from_db()
    assert sent.respondent_id is None and sent.answers["q-mode"] == "Bike"
    assert survey_selectors.survey_results(sent_survey)["total"] == before == 2
    event = AuditEvent.objects.get(action="account.deleted", target_id=str(resident.pk))
    assert event.detail["survey_drafts_deleted"] == 1
    assert event.detail["survey_responses_unlinked"] == 1
