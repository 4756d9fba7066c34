"""Factories for pledges, and the small goal/organisation scaffolding pledge tests need."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from goals.models import (
    GoalIndexPage,
    GoalPage,
    Membership,
    Organisation,
    Pledge,
    PledgeJoin,
    PledgeUpdate,
    Theme,
)

from .accounts import VerifiedUserFactory


class PledgeOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lowbridge Group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.VOLUNTARY


def active_membership(user, organisation, role=Membership.Role.MEMBER):
    membership, _ = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": role, "status": Membership.Status.ACTIVE},
    )
    return membership


def make_goal(title="Clean air for every street", *, live=True, **fields):
    """A goal page under the site's goal index (created if missing)."""
    from home.models import HomePage

    home = HomePage.objects.get(depth=2)
    index = GoalIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=GoalIndexPage(title="Goals", slug="goals"))
    theme, _ = Theme.objects.get_or_create(slug="environment", defaults={"name": "Environment"})
    convenor = PledgeOrganisationFactory(
        name="Lowbridge City Council", kind=Organisation.Kind.PUBLIC_BODY
    )
    goal = GoalPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        statement=fields.pop("statement", f"{title} by 2030."),
        theme=theme,
        horizon_year=2030,
        convened_by=convenor,
        live=live,
        **fields,
    )
    index.add_child(instance=goal)
    if not live:
        goal.live = False
        goal.save()
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
