"""A small public record with something of every kind the API must leave out."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.privacy import delete_account
from consultations.models import ModerationState, Proposal, SurveyResponse
from consultations.services import surveys
from goals.models import Ambition
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.commitments import make_commitment
from tests.factories.consultations import CommentFactory, ProposalFactory, make_consultation
from tests.factories.goals import (
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    create_goal,
)
from tests.factories.places import AreaFactory
from tests.factories.pledges import PledgeFactory
from tests.factories.surveys import make_survey_consultation

SECRET = "SECRETWORD"  # every text the API must never show contains it


@dataclass
class ApiWorld:
    goal: object
    consultation: object
    indicator: object
    visible: object  # a published proposal
    secrets: list[str] = field(default_factory=list)  # text that must appear nowhere
    emails: list[str] = field(default_factory=list)
    survey: object = None  # closed, with published results


@pytest.fixture
def api_world(home_page):
    meadows = AreaFactory(code="E05009001", name="Wyre Meadows", slug="wyre-meadows")
    council = OrganisationFactory(name="Lowbridge City Council", kind="public")
    rivers = OrganisationFactory(name="Wyre Rivers Trust", slug="wyre-rivers")
    rivers.areas.add(meadows)
    goal = create_goal(
        "Rivers clean enough to swim in", co_owners=[rivers, council], convened_by=council
    )
    Ambition.objects.create(goal=goal, title="Bathing water at Wyre Meadows", target_year=2030)
    indicator = IndicatorFactory(goal=goal, name="River samples meeting the standard")
    IndicatorValueFactory(indicator=indicator, date=date(2023, 3, 31), value=Decimal("48.5"))
    IndicatorValueFactory(indicator=indicator, date=date(2024, 3, 31), value=Decimal("52"))

    draft = create_goal(f"A draft goal {SECRET}", co_owners=[rivers])
    IndicatorValueFactory(indicator=IndicatorFactory(goal=draft, name=f"Measure {SECRET}"))
    draft.unpublish()

    consultation = make_consultation("Cleaner rivers")
    consultation.goals.add(goal)
    consultation.save_revision().publish()
    hidden_consultation = make_consultation(f"Draft consultation {SECRET}")
    ProposalFactory(consultation=hidden_consultation, title=f"In a draft {SECRET}")
    hidden_consultation.unpublish()

    author = VerifiedUserFactory(display_name="Avery Author")
    visible = ProposalFactory(
        consultation=consultation, author=author, organisation=rivers, title="Reed beds at the weir"
    )
    Proposal.objects.filter(pk=visible.pk).update(support_count=3, comment_count=1)
    for state in (ModerationState.HIDDEN, ModerationState.PENDING, ModerationState.REJECTED):
        ProposalFactory(
            consultation=consultation,
            title=f"{state} idea {SECRET}",
            body=f"{state} body {SECRET}",
            moderation_state=state,
        )
    ProposalFactory(
        consultation=consultation,
        title=f"Withdrawn idea {SECRET}",
        body=f"Withdrawn body {SECRET}",
        withdrawn_at=timezone.now() - timedelta(hours=1),
    )
    CommentFactory(proposal=visible, body="Yes, and otters.")
    CommentFactory(
        proposal=visible, body=f"Hidden comment {SECRET}", moderation_state=ModerationState.HIDDEN
    )

    PledgeFactory(goal=goal, organisation=rivers, text="We will test the water monthly.")
    make_commitment(goal, rivers, title="We will clear the weirs", created_by=author)
    PledgeFactory(goal=goal, show_name=False, author__display_name=f"Quiet {SECRET}")
    leaver = VerifiedUserFactory(display_name=f"Dana {SECRET}")
    PledgeFactory(goal=goal, author=leaver, show_name=True, text="I will pick litter.")
    emails = [user.email for user in (author, leaver)]
    survey = make_published_survey(author)
    delete_account(leaver)

    return ApiWorld(
        goal=goal,
        consultation=consultation,
        indicator=indicator,
        visible=visible,
        emails=emails,
        survey=survey,
    )


def make_published_survey(respondent):
    """A closed survey with published results (6 walk, 1 bus: suppressed), free text and
    equality answers that must never show; and a closed survey not published."""
    convenor = VerifiedUserFactory(is_superuser=True)
    survey = make_survey_consultation("Closed transport survey", open_=False)
    survey.survey_equality_monitoring = True
    survey.save()
    answers = {"q-mode": "Walk", "q-rating": 4, "q-ideas": f"Free text {SECRET}"}
    for _ in range(6):
        surveys.enter_response(
            convenor, survey, answers=answers, channel="paper", equality={"age_band": "75+"}
        )
    bus = {"q-mode": "Bus", "q-bus-route": f"Route {SECRET}", "q-rating": 2}
    response = surveys.enter_response(convenor, survey, answers=bus, channel="phone")
    SurveyResponse.objects.filter(pk=response.pk).update(respondent=respondent)
    surveys.publish_results(convenor, survey)
    hidden = make_survey_consultation("Unpublished survey", open_=False)
    surveys.enter_response(convenor, hidden, answers=answers, channel="paper")
    return survey
