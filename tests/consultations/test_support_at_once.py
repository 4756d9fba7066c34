"""The one-statement support (services.support_at_once / withdraw_support_at_once) gives
the permission predicates' answer, case by case, or leaves the case to the careful path.

For every case: the fast path adds a support exactly when ``permissions.can_support``
allows it and the consultation has no per-person budget; it withdraws one only when
``permissions.can_unsupport`` allows it. Counts stay equal to rows throughout. Only
PostgreSQL has the one statement: on other databases every case takes the careful path.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from consultations import permissions, services
from consultations.models import Action, ModerationState, Proposal, Support
from tests.factories import ProposalFactory, UserFactory, VerifiedUserFactory, make_consultation

pytestmark = pytest.mark.django_db

NOW = timezone.now()
OPEN = (NOW - timedelta(days=1), NOW + timedelta(days=10))
LATER = (NOW + timedelta(days=5), NOW + timedelta(days=10))
OVER = (NOW - timedelta(days=10), NOW - timedelta(days=5))


def _case(
    home_page,
    *,
    state="published",
    withdrawn=False,
    live=True,
    budget=0,
    support=OPEN,
    verified=True,
):
    consultation = make_consultation(
        phases={Action.PROPOSE: OPEN, Action.SUPPORT: support}, supports_per_person=budget
    )
    proposal = ProposalFactory(
        consultation=consultation,
        moderation_state=state,
        withdrawn_at=NOW if withdrawn else None,
    )
    if not live:
        consultation.unpublish()
    person = VerifiedUserFactory() if verified else UserFactory()
    fresh = Proposal.objects.select_related("consultation").get(pk=proposal.pk)
    return person, fresh


CASES = {
    "open": {},
    "hidden": {"state": ModerationState.HIDDEN},
    "pending": {"state": ModerationState.PENDING},
    "rejected": {"state": ModerationState.REJECTED},
    "withdrawn": {"withdrawn": True},
    "consultation unpublished": {"live": False},
    "per-person budget": {"budget": 3},
    "support phase not yet open": {"support": LATER},
    "support phase over": {"support": OVER},
    "address not verified": {"verified": False},
}


def _counts_match(proposal):
    proposal.refresh_from_db()
    return proposal.support_count == Support.objects.filter(proposal=proposal).count()


ONE_STATEMENT = connection.vendor == "postgresql"


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_adding_agrees_with_the_predicates(home_page, case):
    person, proposal = _case(home_page, **case)
    allowed = ONE_STATEMENT and permissions.can_support(person, proposal) and not case.get("budget")
    assert services.support_at_once(person, proposal.pk) is allowed
    assert Support.objects.filter(user=person, proposal=proposal).exists() is allowed
    assert _counts_match(proposal)
    assert services.support_at_once(person, proposal.pk) is False  # a repeat adds nothing
    assert _counts_match(proposal)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_withdrawing_never_goes_further_than_the_predicates(home_page, case):
    person, proposal = _case(home_page, **case)
    Support.objects.add_counted(proposal, person)
    withdrawn = services.withdraw_support_at_once(person, proposal.pk)
    if withdrawn:
        assert permissions.can_unsupport(person, proposal)
    if case == {}:
        assert withdrawn is ONE_STATEMENT, "the common case is done in one statement"
    assert Support.objects.filter(user=person, proposal=proposal).exists() is not withdrawn
    assert _counts_match(proposal)
    assert services.withdraw_support_at_once(person, proposal.pk) is False
    assert _counts_match(proposal)
