"""Factories for pledges, and the goal scaffolding pledge tests need (on the goals
factories)."""

import datetime

import factory
from django.utils import timezone

from goals.models import GoalPage
from pledges.models import Pledge, PledgeJoin, PledgeUpdate

from .accounts import VerifiedUserFactory
from .goals import create_goal


def make_goal(title="Clean air for every street", *, live=True, **fields):
    """A published goal under the site's goal index (``live=False``: unpublished)."""
    goal = create_goal(title, **fields)
    if not live:
        goal.unpublish()
    return goal


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    goal = factory.LazyFunction(lambda: GoalPage.objects.first() or make_goal())
    author = factory.SubFactory(VerifiedUserFactory)
    text = factory.Sequence(lambda n: f"We will plant {n + 1} trees on our street.")
    show_name = True


class ConditionalPledgeFactory(PledgeFactory):
    condition = Pledge.Condition.OPEN
    threshold = 10
    join_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class PledgeJoinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeJoin

    pledge = factory.SubFactory(ConditionalPledgeFactory)
    user = factory.SubFactory(VerifiedUserFactory)


class PledgeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeUpdate

    pledge = factory.SubFactory(PledgeFactory)
    author = factory.LazyAttribute(lambda o: o.pledge.author)
    text = "We planted the first ten."
    status = Pledge.Status.ACTIVE
