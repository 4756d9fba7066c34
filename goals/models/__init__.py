from .indicators import Indicator, IndicatorValue
from .organisations import Membership, Organisation
from .pages import Ambition, GoalIndexPage, GoalPage, Theme, TrialPage
from .pledges import Pledge, PledgeJoin, PledgeUpdate
from .workflows import PartnerSignOff, PartnerSignOffTask, PartnerSignOffTaskState

__all__ = [
    "Ambition",
    "GoalIndexPage",
    "GoalPage",
    "Indicator",
    "IndicatorValue",
    "Membership",
    "Organisation",
    "PartnerSignOff",
    "PartnerSignOffTask",
    "PartnerSignOffTaskState",
    "Pledge",
    "PledgeJoin",
    "PledgeUpdate",
    "Theme",
    "TrialPage",
]
