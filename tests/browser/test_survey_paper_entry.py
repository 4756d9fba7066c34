"""A convenor types in a stack of three paper survey forms in the admin: the form stays
on the page for the next one, with the channel kept."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_TOTP_SECRET, give_authenticator, sign_in

pytestmark = pytest.mark.browser

CONVENOR_EMAIL = "convenor@lowbridge.example"
CONVENOR_PASSWORD = "lowbridge-demo-convenor"  # published demo password
FORMS = [("Walk", "4", "Wider pavements on Mill Road"), ("Bike", "2", ""), ("Walk", "5", "")]


def test_a_convenor_enters_three_paper_responses(browse):
    from accounts.models import User
    from consultations.models import SurveyResponse
    from tests.factories.surveys import make_survey_consultation

    survey = make_survey_consultation("Lowbridge paper survey", slug="paper-survey-journey")
    convenor_user = User.objects.get(email=CONVENOR_EMAIL)
    give_authenticator(convenor_user)
    convenor = browse()
    sign_in(convenor, CONVENOR_EMAIL, CONVENOR_PASSWORD, totp_secret=STAFF_TOTP_SECRET)
    page = convenor.page
    convenor.visit(f"/admin/consultations/surveys/{survey.pk}/enter/")
    for number, (mode, rating, ideas) in enumerate(FORMS, start=1):
        paper = page.locator('input[name="entry-channel"][value="paper"]')
        if number == 1:
            convenor.tick(paper)
        else:  # the next form keeps the channel of the stack
            expect(paper).to_be_checked()
        convenor.tick(page.locator(f'input[name="q_q-mode"][value="{mode}"]'))
        convenor.tick(page.locator(f'input[name="q_q-rating"][value="{rating}"]'))
        if ideas:
            convenor.fill(page.get_by_label("Any other ideas?"), ideas)
        convenor.click(page.get_by_role("button", name="Save and enter the next"), navigates=True)
        convenor.check()
        expect(page.get_by_text("saved. Enter the next one", exact=False)).to_be_visible()
        expect(page.get_by_label("Any other ideas?")).to_have_value("")
    expect(page.get_by_text("3 responses entered by hand so far")).to_be_visible()
    responses = SurveyResponse.objects.filter(consultation=survey).order_by("pk")
    assert [(r.answers["q-mode"], r.answers["q-rating"]) for r in responses] == [
        (mode, int(rating)) for mode, rating, _ideas in FORMS
    ]
    assert {(r.channel, r.entered_by_id, r.respondent_id) for r in responses} == {
        ("paper", convenor_user.pk, None)
    }
    assert responses[0].answers["q-ideas"] == FORMS[0][2]
