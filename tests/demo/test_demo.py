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


def test_demo_organisations_are_based_in_the_wards_unevenly(home_page, client):
    from collections import Counter

    from demo import wards
    from places.models import Area

    wards.seed(io.StringIO())
    demo.seed(io.StringIO())
    wards.spread(io.StringIO())

    assert set(wards.ORGANISATION_WARDS) <= {o[0] for o in demo.ORGANISATIONS}
    placed = {o.slug: sorted(a.name for a in o.areas.all()) for o in Organisation.objects.all()}
    assert placed["riverside-residents"] == ["Riverside"]
    assert placed["lowbridge-city-council"] == []  # the whole place's: based in no ward
    assert sum(1 for names in placed.values() if not names) >= 5
    per_ward = Counter(name for names in placed.values() for name in names)
    names = set(Area.objects.filter(kind="ward").values_list("name", flat=True))
    assert set(per_ward) < names  # some wards have none of their own
    assert max(per_ward.values()) >= 3 and min(per_ward.values()) == 1

    wards.spread(io.StringIO())  # again: the same places
    assert {
        o.slug: sorted(a.name for a in o.areas.all()) for o in Organisation.objects.all()
    } == placed
    riverside = Area.objects.get(name="Riverside")
    page = client.get(riverside.get_absolute_url()).content.decode()
    assert ">Riverside Residents&#x27; Association</a>" in page
