"""The goals demo data: the right shape, and running it twice changes nothing."""

import io

from demo import goals as demo
from goals.models import GoalPage, Indicator, IndicatorValue, PartnerSignOffTask, Theme, TrialPage
from organisations.models import Membership, Organisation


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Theme,
            Organisation,
            GoalPage,
            Indicator,
            IndicatorValue,
            TrialPage,
            Membership,
            PartnerSignOffTask,
        )
    }


def test_demo_is_complete_and_idempotent(home_page):
    demo.seed(io.StringIO())
    first = counts()
    assert first["Theme"] == 6
    assert first["Organisation"] >= 25
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert 12 <= first["GoalPage"] <= 18
    for goal in GoalPage.objects.all():
        assert 3 <= goal.indicators.count() <= 5
        assert goal.co_owners.exists() and goal.ambitions.exists()
    statuses = {i.assessment.code for i in Indicator.objects.with_latest()}
    assert {"on_track", "off_track", "no_target"} <= statuses
    assert TrialPage.objects.filter(decision="stop").exists()
    member = Membership.objects.get(user__email=demo.MEMBER_EMAIL)
    assert member.status == "active" and member.organisation.kind == "voluntary"
    assert (
        Membership.objects.filter(user__email=demo.PARTNER_EDITOR_EMAIL, is_editor=True).count()
        == 2
    )

    demo.seed(io.StringIO())
    assert counts() == first
