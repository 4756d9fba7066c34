"""Test factories, one module per app; import them from ``tests.factories``."""

from .accounts import UserFactory, VerifiedUserFactory
from .consultations import (  # noqa: F401 (re-exported)
    CommentFactory,
    ProposalFactory,
    SupportFactory,
    make_consultation,
)
from .goals import (  # noqa: F401 (re-exported)
    IndicatorFactory,
    IndicatorValueFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
)
from .pledges import (  # noqa: F401 (re-exported)
    ConditionalPledgeFactory,
    PledgeFactory,
    PledgeJoinFactory,
    PledgeUpdateFactory,
)

__all__ = ["UserFactory", "VerifiedUserFactory"]
