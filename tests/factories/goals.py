"""Factories for goals, organisations, memberships, indicators and trials."""

import datetime
from decimal import Decimal

import factory
from django.utils.text import slugify

from goals.models import GoalIndexPage, GoalPage, Indicator, IndicatorValue, Theme, TrialPage
from organisations.models import Membership, Organisation

from .accounts import VerifiedUserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lowbridge Partner {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.VOLUNTARY


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MembershipFactory(factory.django.DjangoModelFactory):
    """A person's membership of an organisation: an active member unless told otherwise.

    ``admin=True``: an admin of the organisation. ``editor=True``: a partner editor, put in
    the "Partner editors" group as the memberships service does. ``requested=True``: asked
    to join, not yet decided (the model's own default)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    class Params:
        admin = factory.Trait(role=Membership.Role.ADMIN)
        editor = factory.Trait(is_editor=True)
        requested = factory.Trait(status=Membership.Status.REQUESTED)

    user = factory.SubFactory(VerifiedUserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE

    @factory.post_generation
    def partner_editor_group(obj, create, extracted, **kwargs):
        if create and obj.is_editor:
            from organisations.services import sync_partner_editor_group

            sync_partner_editor_group(obj.user)


def goal_index():
    """The site's goal index, created under the home page if missing."""
    from home.models import HomePage

    index = GoalIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get(depth=2)
        index = home.add_child(instance=GoalIndexPage(title="City goals", slug="goals"))
        index.save_revision().publish()
    return index


def create_goal(title="Cleaner air", *, co_owners=(), convened_by=None, theme=None, **fields):
    """A published goal (with a revision) under the goal index."""
    index = goal_index()
    goal = GoalPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        statement=fields.pop("statement", f"{title} for everyone by 2030."),
        theme=theme or ThemeFactory(name="Climate and nature"),
        horizon_year=fields.pop("horizon_year", 2030),
        convened_by=convened_by or OrganisationFactory(name="Lowbridge City Council"),
        **fields,
    )
    goal.co_owners = list(co_owners)
    index.add_child(instance=goal)
    goal.save_revision().publish()
    goal.refresh_from_db()
    return goal


def create_trial(goal, title="Bike loans", **fields):
    trial = TrialPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        hypothesis=fields.pop("hypothesis", "If we lend bikes, people will ride."),
        what_was_tried=fields.pop("what_was_tried", "<p>We lent bikes.</p>"),
        started_on=fields.pop("started_on", datetime.date(2023, 1, 1)),
        **fields,
    )
    goal.add_child(instance=trial)
    trial.save_revision().publish()
    return trial


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = None
    name = factory.Sequence(lambda n: f"Indicator {n}")
    kind = Indicator.Kind.COMMITMENT
    unit = "%"
    direction = Indicator.Direction.HIGHER
    baseline_value = Decimal("40")
    baseline_date = datetime.date(2020, 1, 1)
    target_value = Decimal("60")
    target_date = datetime.date(2030, 1, 1)
    source_publisher = "Office for National Statistics"
    source_url = "https://example.org/source"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = datetime.date(2024, 1, 1)
    value = Decimal("50")
