"""Fixtures for the security tests: staff with and without two-factor authentication."""

import pytest

from tests.mfa import give_totp, sign_in_to_admin


@pytest.fixture
def staff_with_mfa(client, superuser):
    """A superuser signed in with a second factor, as the admin requires."""
    sign_in_to_admin(client, superuser)
    return superuser


# A small world with every kind of personal data ----------------------------------------


class World:
    """Pages and organisations everyone's data hangs on."""


@pytest.fixture
def world(home_page):
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage, Phase
    from goals.models import GoalIndexPage, GoalPage, Theme
    from tests.factories import OrganisationFactory

    w = World()
    w.organisation = OrganisationFactory(name="Lowbridge Tenants", kind="residents")
    w.other_organisation = OrganisationFactory(name="Riverside Trust", kind="voluntary")
    w.goal_index = home_page.add_child(instance=GoalIndexPage(title="Goals", slug="goals"))
    w.theme = Theme.objects.create(name="Air", slug="air")
    w.goal = w.goal_index.add_child(
        instance=GoalPage(
            title="Clean air",
            slug="clean-air",
            statement="Everyone breathes clean air.",
            theme=w.theme,
            horizon_year=2030,
            convened_by=w.organisation,
            lifecycle="endorsed",
        )
    )
    w.consultation_index = home_page.add_child(
        instance=ConsultationIndexPage(title="Take part", slug="consultations")
    )
    w.consultation = w.consultation_index.add_child(
        instance=ConsultationPage(
            title="How should we clean the air?",
            slug="clean-air-ideas",
            question="How should we clean the air?",
        )
    )
    now = timezone.now()
    for action in ("propose", "support", "respond"):
        Phase.objects.create(
            consultation=w.consultation,
            action=action,
            starts_at=now - timedelta(days=5),
            ends_at=now + timedelta(days=30),
        )
    return w


def give_everything(user, world, tag: str):
    """Every kind of record a person can have, with ``tag`` in every text they write."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Follow
    from consultations.models import Comment, Proposal, Report, Support
    from pledges.models import Pledge, PledgeUpdate
    from tests.factories import MembershipFactory
    from tests.factories.places import AreaFactory

    user.area = AreaFactory(name=f"Area {tag}")
    user.save(update_fields=["area"])
    items = {}
    items["membership"] = MembershipFactory(user=user, organisation=world.other_organisation)
    items["proposal"] = Proposal.objects.create(
        consultation=world.consultation,
        author=user,
        title=f"Proposal {tag}",
        body=f"Body {tag}",
    )
    items["comment"] = Comment.objects.create(
        proposal=items["proposal"], author=user, body=f"Comment {tag}"
    )
    items["support"] = Support.objects.create(proposal=items["proposal"], user=user)
    Proposal.objects.filter(pk=items["proposal"].pk).update(support_count=1, comment_count=1)
    items["report"] = Report.objects.create(
        user=user, comment=items["comment"], reason="spam", note=f"Report note {tag}"
    )
    items["pledge"] = Pledge.objects.create(
        goal=world.goal,
        author=user,
        text=f"Pledge {tag}",
        condition="open",
        threshold=3,
        join_deadline=(timezone.now() + timedelta(days=10)).date(),
    )
    items["pledge_update"] = PledgeUpdate.objects.create(
        pledge=items["pledge"], author=user, text=f"Update {tag}", status="active"
    )
    items["follow"] = Follow.objects.create(user=user, page=world.consultation)
    items["authenticator"] = give_totp(user)
    return items


def join(user, pledge):
    from django.db.models import F

    from pledges.models import Pledge, PledgeJoin

    joined = PledgeJoin.objects.create(pledge=pledge, user=user)
    Pledge.objects.filter(pk=pledge.pk).update(join_count=F("join_count") + 1)
    return joined
