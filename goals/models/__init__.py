from goals.models.indicators import Indicator, IndicatorValue
from goals.models.pages import Ambition, GoalIndexPage, GoalPage, Theme, TrialPage
from goals.models.workflows import PartnerSignOff, PartnerSignOffTask, PartnerSignOffTaskState

__all__ = [
    "Ambition",
    "GoalIndexPage",
    "GoalPage",
    "Indicator",
    "IndicatorValue",
    "PartnerSignOff",
    "PartnerSignOffTask",
    "PartnerSignOffTaskState",
    "Theme",
    "TrialPage",
]
