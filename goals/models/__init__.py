from goals.models.indicators import Indicator, IndicatorValue
from goals.models.pages import Ambition, GoalIndexPage, GoalPage, TrialPage
from goals.models.themes import Theme
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
