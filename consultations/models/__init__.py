"""The models of the consultations app, by concern: ``pages`` (the Wagtail pages and
phases), ``proposals`` (proposals, supports, comments), ``moderation`` (reports and the
moderation record), ``surveys`` and ``survey_blocks`` (questions, versions, responses,
equality monitoring, themes) and ``choices`` (the actions and moderation states they
share).

Import order runs one way: ``choices`` ← ``proposals`` ← ``moderation``, and
``proposals`` ← (``consultations.selectors``) ← ``pages``. Every name stays importable
from ``consultations.models``.
"""

from consultations.models.choices import PUBLIC_STATES, Action, ModerationState
from consultations.models.moderation import ModerationEvent, Report
from consultations.models.pages import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageQuerySet,
    ConsultationResponsePage,
    Phase,
    ProposalOutcome,
)
from consultations.models.proposals import (
    Comment,
    CommentQuerySet,
    Proposal,
    ProposalQuerySet,
    Support,
    SupportQuerySet,
)
from consultations.models.surveys import (
    ApprovedAnswer,
    EqualityRecord,
    SurveyResponse,
    SurveyResultsPublication,
    SurveyTheme,
    SurveyVersion,
    ThemeTag,
)

__all__ = [
    "PUBLIC_STATES",
    "Action",
    "ApprovedAnswer",
    "Comment",
    "CommentQuerySet",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageQuerySet",
    "ConsultationResponsePage",
    "EqualityRecord",
    "ModerationEvent",
    "ModerationState",
    "Phase",
    "Proposal",
    "ProposalOutcome",
    "ProposalQuerySet",
    "Report",
    "Support",
    "SupportQuerySet",
    "SurveyResponse",
    "SurveyResultsPublication",
    "SurveyTheme",
    "SurveyVersion",
    "ThemeTag",
]
